using Dangjian.Core.Documents;
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
        Description = "A date and time with UTC offset in ISO 8601 form (e.g. 2020-02-01T09:30:00+08:00); answers are always in China time, +08:00.";
        Metadata[StandardIntrospection.SpecifiedByUrl] = "https://scalars.graphql.org/andimarek/date-time";
    }

    /// <summary>
    /// Every instant is answered in China time (+08:00), whatever offset it was written with: a story submitted
    /// through the API (the clock gives UTC) and a seeded one read the same, as in exports and permalinks.
    /// </summary>
    public override object? Serialize(object? value) => base.Serialize(value switch
    {
        DateTimeOffset instant => instant.ToOffset(ChinaTime.Offset),
        DateTime { Kind: not DateTimeKind.Unspecified } time => new DateTimeOffset(time).ToOffset(ChinaTime.Offset),
        _ => value,
    });
}
