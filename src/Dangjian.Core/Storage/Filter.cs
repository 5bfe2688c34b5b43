namespace Dangjian.Core.Storage;

/// <summary>
/// A store-neutral filter: what the API's <c>where</c> inputs, visibility rules and keyset cursors all become,
/// and the only thing a store adapter translates. Values are already normalized by the field's definition
/// (string, long, bool or null), so no user text ever reaches a store as query syntax.
/// </summary>
public abstract record Filter
{
    /// <summary>Matches everything.</summary>
    public static readonly Filter All = new AndFilter([]);

    public static Filter And(params IEnumerable<Filter?> filters)
    {
        var parts = filters.Where(f => f is not null && !ReferenceEquals(f, All)).Select(f => f!).ToList();
        return parts.Count switch
        {
            0 => All,
            1 => parts[0],
            _ => new AndFilter(parts),
        };
    }

    public static Filter Or(params IEnumerable<Filter> filters)
    {
        var parts = filters.ToList();
        return parts.Count == 1 ? parts[0] : new OrFilter(parts);
    }

    public static Filter Not(Filter inner) => new NotFilter(inner);

    public static Filter Eq(string field, object? value) => new Condition(field, Operator.Eq, value);

    public static Filter In(string field, IReadOnlyList<object?> values) => new Condition(field, Operator.In, values);
}

public sealed record AndFilter(IReadOnlyList<Filter> Operands) : Filter;

/// <summary>An empty Or matches nothing.</summary>
public sealed record OrFilter(IReadOnlyList<Filter> Operands) : Filter;

/// <summary>
/// Negation where a missing (null) field counts as "does not match" before negating, as in MongoDB:
/// <c>not contains "x"</c> matches a document whose field is null.
/// </summary>
public sealed record NotFilter(Filter Operand) : Filter;

/// <summary>
/// A comparison of one scalar field (or, inside a <see cref="ListCondition"/>, of the list element, with
/// <see cref="Field"/> = <see cref="ListCondition.Element"/>). <see cref="Operator.Eq"/> with null matches a null field;
/// <see cref="Operator.In"/> takes a list value. Other operators never match a null field.
/// </summary>
public sealed record Condition(string Field, Operator Operator, object? Value) : Filter;

/// <summary>
/// A condition on what a link points at, as a client writes it (<c>submittingOrganization: { name: … }</c>,
/// <c>activityLogs: { some: … }</c>): <see cref="Related"/> is a filter on the linked kind. No store runs it: a reader
/// first reads the ids of the linked documents the caller may see that match it (<see cref="Reading.RelationFilters"/>)
/// and puts an <see cref="Operator.In"/> on the link in its place. A store given one refuses it as an unknown filter.
/// </summary>
/// <param name="Field">The link field (an id, or a list of ids) of the kind being filtered.</param>
/// <param name="Quantifier">Null for a single link; <see cref="ListQuantifier.Some"/>, <see cref="ListQuantifier.All"/> or <see cref="ListQuantifier.None"/> for a list.</param>
/// <param name="Path">Where the client wrote it (where.organizations.some), for the error that refuses it.</param>
public sealed record RelationCondition(string Field, ListQuantifier? Quantifier, Filter Related, string Path) : Filter;

/// <summary>A condition over a list field's elements.</summary>
public sealed record ListCondition(string Field, ListQuantifier Quantifier, Filter? ElementFilter) : Filter
{
    /// <summary>The field name element conditions use for "the element itself".</summary>
    public const string Element = "";

    /// <summary>
    /// The most conditions one element filter may hold, which every store must run: the filter language's limit,
    /// checked where filters are parsed. (The tightest store is MongoDB, whose adapter expands an element filter into
    /// alternatives of element matches: six conditions make at most nine, far below its own bound.)
    /// </summary>
    public const int MaxElementConditions = 6;
}

public enum Operator
{
    Eq,
    In,
    Gt,
    Gte,
    Lt,
    Lte,
    Contains,
    StartsWith,
    EndsWith,
}

public enum ListQuantifier
{
    /// <summary>At least one element matches <see cref="ListCondition.ElementFilter"/>.</summary>
    Some,
    /// <summary>Every element matches (true for an empty list).</summary>
    All,
    /// <summary>No element matches.</summary>
    None,
    /// <summary>The list is not empty (ElementFilter is null).</summary>
    Any,
}
