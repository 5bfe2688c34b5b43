using Dangjian.Core.Documents;
using GraphQL.Types;

namespace Dangjian.Api.GraphQL.Filtering;

/// <summary>
/// <c>where</c> input for a kind (e.g. StoryFilterInput), generated from the kind's field definitions so that
/// what a client can filter on is exactly what the stores index.
/// </summary>
public sealed class DocumentFilterInputType<T> : InputObjectGraphType where T : Document
{
    public DocumentFilterInputType()
    {
        var kind = Kinds.Of<T>();
        Name = kind.TypeName + "FilterInput";
        Description = $"Conditions on {kind.TypeName} items, in HotChocolate's filter shape. Every field given must hold; use `or` for alternatives.";
        Field<ListGraphType<NonNullGraphType<DocumentFilterInputType<T>>>>("and").Description("All of these filters hold.");
        Field<ListGraphType<NonNullGraphType<DocumentFilterInputType<T>>>>("or").Description("At least one of these filters holds.");
        foreach (var field in kind.Fields)
        {
            Field(field.Name, OperationInputFor(field)).Description(
                field.IsList ? $"Conditions on the elements of `{field.Name}`."
                : !field.Indexed ? $"Conditions on `{field.Name}`, long text kept unindexed: each document the other conditions leave is read, so narrow the list with them; to find words, use search."
                : $"Conditions on `{field.Name}`.");
        }
    }

    private static Type OperationInputFor(FieldDefinition field) => (field.Type, field.IsList) switch
    {
        (FieldKind.String, true) => typeof(ListStringOperationFilterInputType),
        (FieldKind.Id, true) => typeof(ListIdOperationFilterInputType),
        (FieldKind.String, false) => typeof(StringOperationFilterInputType),
        (FieldKind.Id, false) => typeof(IdOperationFilterInputType),
        (FieldKind.Enum, false) => typeof(EnumOperationFilterInputType<>).MakeGenericType(EnumTypes.GraphTypeFor(field.EnumType!)),
        (FieldKind.Int, false) => typeof(IntOperationFilterInputType),
        (FieldKind.Boolean, false) => typeof(BooleanOperationFilterInputType),
        (FieldKind.Date, false) => typeof(DateOperationFilterInputType),
        (FieldKind.DateTime, false) => typeof(DateTimeOperationFilterInputType),
        _ => throw new NotSupportedException($"No filter input for {field.Type} lists."),
    };
}

/// <summary><c>order</c> input for a kind (e.g. StorySortInput): one optional direction per sortable field.</summary>
public sealed class DocumentSortInputType<T> : InputObjectGraphType where T : Document
{
    public DocumentSortInputType()
    {
        var kind = Kinds.Of<T>();
        Name = kind.TypeName + "SortInput";
        Description = $"Sort order for {kind.TypeName} items. Give one field per list element; earlier elements sort first. Ties are broken by id.";
        foreach (var field in kind.Fields.Where(f => f.Sortable))
            Field<SortEnumType>(field.Name).Description($"Sort by `{field.Name}`.");
    }
}
