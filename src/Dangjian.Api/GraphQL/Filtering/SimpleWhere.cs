using Dangjian.Api.GraphQL.Relay;
using Dangjian.Core;

namespace Dangjian.Api.GraphQL.Filtering;

/// <summary>
/// Reads a <c>where</c> whose fields are the lists' operation filter inputs (StringOperationFilterInput,
/// DateOperationFilterInput …) for a query that a store answers with one value or one range per field (the audit
/// log, statistics, the timeline): the shape a HotChocolate client writes, the operations such a query can honour,
/// and INVALID_FILTER, naming the field and operation, for the rest (an <c>or</c>, a <c>contains</c> …).
/// </summary>
public sealed class SimpleWhere(IReadOnlyDictionary<string, object?> where)
{
    private static readonly string[] RangeOperations = ["eq", "gt", "gte", "lt", "lte"];

    public Error? Error { get; private set; }

    public static SimpleWhere Of(object? where) =>
        new(where as IReadOnlyDictionary<string, object?> ?? (where as IDictionary<string, object?>)?.ToDictionary() ?? new Dictionary<string, object?>());

    /// <summary>The value of <c>{ field: { eq: … } }</c>; any other operation is refused.</summary>
    public T? Equal<T>(string field) where T : class => Operations(field, ["eq"]) is { } ops ? ops.GetValueOrDefault("eq") as T : null;

    /// <summary>As <see cref="Equal{T}"/>, for a value type (an enum).</summary>
    public T? EqualValue<T>(string field) where T : struct => Operations(field, ["eq"]) is { } ops && ops.GetValueOrDefault("eq") is T value ? value : null;

    /// <summary>The local id in <c>{ field: { eq: "global id" } }</c>, checked to be a <paramref name="typeName"/> id.</summary>
    public string? Id(string field, string? typeName)
    {
        if (Equal<string>(field) is not { } raw)
            return null;
        var decoded = GlobalId.Decode(raw, typeName);
        if (decoded.IsSuccess)
            return decoded.Value.LocalId;
        Error ??= decoded.Error! with { Path = ["where", field, "eq"] };
        return null;
    }

    /// <summary>The inclusive days <c>{ field: { gte, gt, lte, lt, eq } }</c> allows; a day is a day in China.</summary>
    public (DateOnly? From, DateOnly? To) Days(string field)
    {
        if (Operations(field, RangeOperations) is not { } ops)
            return (null, null);
        DateOnly? from = null, to = null;
        foreach (var (op, value) in ops)
        {
            if (value is not DateOnly day)
                continue;
            switch (op)
            {
                case "eq": from = Later(from, day); to = Earlier(to, day); break;
                case "gte": from = Later(from, day); break;
                case "gt": from = Later(from, day.AddDays(1)); break;
                case "lte": to = Earlier(to, day); break;
                case "lt": to = Earlier(to, day.AddDays(-1)); break;
            }
        }
        return (from, to);
    }

    /// <summary>The inclusive instants <c>{ field: { gte, gt, lte, lt, eq } }</c> allows, to the millisecond the stores keep.</summary>
    public (DateTimeOffset? From, DateTimeOffset? To) Instants(string field)
    {
        if (Operations(field, RangeOperations) is not { } ops)
            return (null, null);
        DateTimeOffset? from = null, to = null;
        var ms = TimeSpan.FromMilliseconds(1);
        foreach (var (op, value) in ops)
        {
            if (value is not DateTimeOffset at)
                continue;
            switch (op)
            {
                case "eq": from = Later(from, at); to = Earlier(to, at); break;
                case "gte": from = Later(from, at); break;
                case "gt": from = Later(from, at + ms); break;
                case "lte": to = Earlier(to, at); break;
                case "lt": to = Earlier(to, at - ms); break;
            }
        }
        return (from, to);
    }

    /// <summary>A field this query does not filter on at all (given anyway: refused, not ignored).</summary>
    public void RefuseUnknown(params string[] known)
    {
        foreach (var name in where.Keys.Where(k => !known.Contains(k)))
            Error ??= new Error(ErrorCodes.InvalidFilter, $"'{name}' cannot be used in this where; use {string.Join(", ", known)}.", ["where", name]);
    }

    private Dictionary<string, object?>? Operations(string field, string[] allowed)
    {
        if (where.GetValueOrDefault(field) is not { } raw)
            return null;
        var ops = raw as IDictionary<string, object?> ?? (raw as IReadOnlyDictionary<string, object?>)?.ToDictionary(p => p.Key, p => p.Value);
        if (ops is null)
            return null;
        foreach (var (op, value) in ops)
        {
            if (value is not null && !allowed.Contains(op))
            {
                Error ??= new Error(ErrorCodes.InvalidFilter,
                    $"'{field}' takes {string.Join(", ", allowed)} here, not '{op}'.", ["where", field, op]);
                return null;
            }
        }
        return ops.Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value);
    }

    private static T Later<T>(T? current, T value) where T : struct, IComparable<T> => current is { } c && c.CompareTo(value) > 0 ? c : value;

    private static T Earlier<T>(T? current, T value) where T : struct, IComparable<T> => current is { } c && c.CompareTo(value) < 0 ? c : value;
}
