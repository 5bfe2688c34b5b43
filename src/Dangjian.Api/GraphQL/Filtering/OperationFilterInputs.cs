using GraphQL.Types;

namespace Dangjian.Api.GraphQL.Filtering;

// HotChocolate's filter input shapes: one input per scalar type, with and/or, the positive operations and their
// n-prefixed negations. Front ends written against a HotChocolate server send the same objects here.

public sealed class StringOperationFilterInputType : InputObjectGraphType
{
    public StringOperationFilterInputType()
    {
        Name = "StringOperationFilterInput";
        Description = "Conditions on a text field. Comparisons are exact and case-sensitive; every condition given must hold.";
        FilterInputs.AddJunctions<StringOperationFilterInputType>(this);
        FilterInputs.AddEquality<StringGraphType>(this, "text");
        Field<StringGraphType>("contains").Description("Contains this text.");
        Field<StringGraphType>("ncontains").Description("Does not contain this text.");
        Field<StringGraphType>("startsWith").Description("Starts with this text.");
        Field<StringGraphType>("nstartsWith").Description("Does not start with this text.");
        Field<StringGraphType>("endsWith").Description("Ends with this text.");
        Field<StringGraphType>("nendsWith").Description("Does not end with this text.");
    }
}

public sealed class IdOperationFilterInputType : InputObjectGraphType
{
    public IdOperationFilterInputType()
    {
        Name = "IdOperationFilterInput";
        Description = "Conditions on an ID field; IDs are the global IDs this API returns.";
        FilterInputs.AddJunctions<IdOperationFilterInputType>(this);
        FilterInputs.AddEquality<IdGraphType>(this, "ID");
    }
}

public sealed class BooleanOperationFilterInputType : InputObjectGraphType
{
    public BooleanOperationFilterInputType()
    {
        Name = "BooleanOperationFilterInput";
        Description = "Conditions on a true/false field.";
        FilterInputs.AddJunctions<BooleanOperationFilterInputType>(this);
        Field<BooleanGraphType>("eq").Description("Equals this value.");
        Field<BooleanGraphType>("neq").Description("Does not equal this value.");
    }
}

public sealed class EnumOperationFilterInputType<TEnumType> : InputObjectGraphType where TEnumType : IGraphType, new()
{
    public EnumOperationFilterInputType()
    {
        var enumName = new TEnumType().Name;
        Name = enumName + "OperationFilterInput";
        Description = $"Conditions on a field of type {enumName}.";
        FilterInputs.AddJunctions<EnumOperationFilterInputType<TEnumType>>(this);
        FilterInputs.AddEquality<TEnumType>(this, "value");
    }
}

public sealed class IntOperationFilterInputType : InputObjectGraphType
{
    public IntOperationFilterInputType()
    {
        Name = "IntOperationFilterInput";
        Description = "Conditions on a whole-number field.";
        FilterInputs.AddJunctions<IntOperationFilterInputType>(this);
        FilterInputs.AddComparable<IntGraphType>(this, "number");
    }
}

public sealed class DateOperationFilterInputType : InputObjectGraphType
{
    public DateOperationFilterInputType()
    {
        Name = "DateOperationFilterInput";
        Description = "Conditions on a calendar-date field (YYYY-MM-DD).";
        FilterInputs.AddJunctions<DateOperationFilterInputType>(this);
        FilterInputs.AddComparable<DateType>(this, "date");
    }
}

public sealed class DateTimeOperationFilterInputType : InputObjectGraphType
{
    public DateTimeOperationFilterInputType()
    {
        Name = "DateTimeOperationFilterInput";
        Description = "Conditions on a date-and-time field (ISO 8601 with offset).";
        FilterInputs.AddJunctions<DateTimeOperationFilterInputType>(this);
        FilterInputs.AddComparable<DateTimeType>(this, "instant");
    }
}

public sealed class ListStringOperationFilterInputType : InputObjectGraphType
{
    public ListStringOperationFilterInputType()
    {
        Name = "ListStringOperationFilterInput";
        Description = "Conditions on a list of texts (tags, names).";
        FilterInputs.AddQuantifiers<StringOperationFilterInputType>(this);
    }
}

public sealed class ListIdOperationFilterInputType : InputObjectGraphType
{
    public ListIdOperationFilterInputType()
    {
        Name = "ListIdOperationFilterInput";
        Description = "Conditions on a list of IDs (linked documents).";
        FilterInputs.AddQuantifiers<IdOperationFilterInputType>(this);
    }
}

public sealed class SortEnumType : EnumerationGraphType
{
    public SortEnumType()
    {
        Name = "SortEnumType";
        Description = "Sort direction.";
        Add("ASC", Dangjian.Core.Storage.SortDirection.Ascending, "Ascending: smallest, earliest or A first; empty values first.");
        Add("DESC", Dangjian.Core.Storage.SortDirection.Descending, "Descending: largest, latest or Z first; empty values last.");
    }
}

internal static class FilterInputs
{
    public static void AddJunctions<TSelf>(InputObjectGraphType type) where TSelf : IGraphType
    {
        type.Field<ListGraphType<NonNullGraphType<TSelf>>>("and").Description("All of these conditions hold.");
        type.Field<ListGraphType<NonNullGraphType<TSelf>>>("or").Description("At least one of these conditions holds.");
    }

    public static void AddEquality<TScalar>(InputObjectGraphType type, string what) where TScalar : IGraphType
    {
        type.Field<TScalar>("eq").Description($"Equals this {what}; null matches an empty field.");
        type.Field<TScalar>("neq").Description($"Does not equal this {what}; null matches a field that is set.");
        type.Field<ListGraphType<TScalar>>("in").Description("Equals one of these.");
        type.Field<ListGraphType<TScalar>>("nin").Description("Equals none of these.");
    }

    public static void AddComparable<TScalar>(InputObjectGraphType type, string what) where TScalar : IGraphType
    {
        AddEquality<TScalar>(type, what);
        type.Field<TScalar>("gt").Description($"Greater than this {what}.");
        type.Field<TScalar>("ngt").Description($"Not greater than this {what}.");
        type.Field<TScalar>("gte").Description($"Greater than or equal to this {what}.");
        type.Field<TScalar>("ngte").Description($"Not greater than or equal to this {what}.");
        type.Field<TScalar>("lt").Description($"Less than this {what}.");
        type.Field<TScalar>("nlt").Description($"Not less than this {what}.");
        type.Field<TScalar>("lte").Description($"Less than or equal to this {what}.");
        type.Field<TScalar>("nlte").Description($"Not less than or equal to this {what}.");
    }

    public static void AddQuantifiers<TElement>(InputObjectGraphType type) where TElement : IGraphType
    {
        type.Field<TElement>("some").Description("At least one element matches.");
        type.Field<TElement>("all").Description("Every element matches (true for an empty list).");
        type.Field<TElement>("none").Description("No element matches.");
        type.Field<BooleanGraphType>("any").Description("true: the list has elements; false: it is empty.");
    }
}
