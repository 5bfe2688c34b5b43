using GraphQL.Types;

namespace Dangjian.Api.GraphQL;

/// <summary>A calendar date, named "Date" as in HotChocolate (GraphQL.NET calls it DateOnly).</summary>
public sealed class DateType : DateOnlyGraphType
{
    public DateType()
    {
        Name = "Date";
        Description = "A calendar date in ISO 8601 form, YYYY-MM-DD (e.g. 2020-01-29).";
        // Client tooling (codegen, Apollo) reads the format from here instead of typing the scalar as unknown.
        Metadata[StandardIntrospection.SpecifiedByUrl] = "https://scalars.graphql.org/andimarek/local-date";
    }
}

/// <summary>An instant with its UTC offset, named "DateTime" as in HotChocolate.</summary>
public sealed class DateTimeType : DateTimeOffsetGraphType
{
    public DateTimeType()
    {
        Name = "DateTime";
        Description = "A date and time with UTC offset in ISO 8601 form (e.g. 2020-02-01T09:30:00+08:00).";
        Metadata[StandardIntrospection.SpecifiedByUrl] = "https://scalars.graphql.org/andimarek/date-time";
    }
}
