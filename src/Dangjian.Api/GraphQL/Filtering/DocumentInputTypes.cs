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
        // Through each link to documents of a kind, as HotChocolate offers a navigation: the linked kind's own filter
        // (a list link: some/all/none of it). The id fields above stay for clients that filter by id.
        foreach (var link in kind.Relations)
        {
            var target = link.RelatedKind!;
            var filterType = typeof(DocumentFilterInputType<>).MakeGenericType(target.ClrType);
            Field(link.PublicName, link.IsList ? typeof(ListFilterInputType<>).MakeGenericType(target.ClrType) : filterType).Description(
                (link.IsList
                    ? $"Conditions on the {target} items `{link.PublicName}` links to (some, all or none of them)."
                    : $"Conditions on the {target} `{link.PublicName}` links to.")
                + $" Only {target} items the caller may see can match; the conditions may match at most Dangjian:GraphQL:MaxRelationFilterMatches of them"
                + $" (1,000 by default; RELATION_FILTER_TOO_BROAD beyond), and go through at most {FilterParser.MaxRelationDepth} relations one inside another."
                + $" By id: `{link.Name}`.");
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

/// <summary>
/// Conditions on a list of links to documents of a kind (e.g. ListFilterInputTypeOfOrganizationFilterInput, the name
/// HotChocolate gives a list navigation's filter): some, all or none of the linked documents match a filter on their kind.
/// </summary>
public sealed class ListFilterInputType<T> : InputObjectGraphType where T : Document
{
    public ListFilterInputType()
    {
        var kind = Kinds.Of<T>();
        Name = $"ListFilterInputTypeOf{kind.TypeName}FilterInput";
        Description = $"Conditions on a list of links to {kind.TypeName} items. Links to items the caller may not see count as absent.";
        Field<DocumentFilterInputType<T>>("some").Description($"At least one linked {kind.TypeName} matches.");
        Field<DocumentFilterInputType<T>>("all").Description($"Every linked {kind.TypeName} matches (true when there is none).");
        Field<DocumentFilterInputType<T>>("none").Description($"No linked {kind.TypeName} matches.");
        Field<BooleanGraphType>("any").Description("true: the list links to at least one item; false: to none.");
    }
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
