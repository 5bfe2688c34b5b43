using Dangjian.Api.GraphQL.Relay;
using Dangjian.Core;
using Dangjian.Core.Documents;
using Dangjian.Core.Storage;

namespace Dangjian.Api.GraphQL.Filtering;

/// <summary>
/// Turns a parsed <c>where</c> input (HotChocolate shape) into a Core <see cref="Filter"/>, and an <c>order</c>
/// input into sort fields. GraphQL validation has already checked names and scalar types; this checks what it
/// cannot: global IDs of the right type, nesting depth, and the number of conditions.
/// </summary>
public sealed class FilterParser
{
    public const int MaxDepth = 12;
    public const int MaxConditions = 200;
    public const int MaxValueLength = 1_000;
    public const int MaxListValues = 100;

    private readonly DocumentKind _kind;
    private int _conditions;

    private FilterParser(DocumentKind kind) => _kind = kind;

    public static Result<Filter> Parse(DocumentKind kind, object? where)
    {
        if (where is null)
            return Filter.All;
        try
        {
            return new FilterParser(kind).ParseObject(AsObject(where), depth: 0, path: "where");
        }
        catch (FilterInputException e)
        {
            return e.Error;
        }
    }

    public static Result<IReadOnlyList<SortField>> ParseOrder(DocumentKind kind, object? order)
    {
        if (order is null)
            return Result<IReadOnlyList<SortField>>.Success([]);
        var fields = new List<SortField>();
        foreach (var element in (IEnumerable<object?>)order)
        {
            if (element is not IDictionary<string, object?> entry)
                continue;
            foreach (var (name, direction) in entry)
            {
                if (direction is null)
                    continue;
                var field = kind.Field(name);
                if (field is null || !field.Sortable)
                    return new Error(ErrorCodes.InvalidSort, $"{kind} items cannot be sorted by '{name}'.", ["order"]);
                if (fields.Any(f => f.Field == name))
                    return new Error(ErrorCodes.InvalidSort, $"'{name}' appears twice in the order.", ["order"]);
                fields.Add(new SortField(name, (SortDirection)direction));
            }
        }
        return fields;
    }

    private Filter ParseObject(IDictionary<string, object?> input, int depth, string path)
    {
        if (depth > MaxDepth)
            throw Fail($"The filter is nested more than {MaxDepth} levels deep.", path);
        var parts = new List<Filter>();
        foreach (var (name, value) in input)
        {
            if (value is null)
                continue;
            switch (name)
            {
                case "and":
                    parts.Add(Filter.And(AsList(value).Select(v => ParseObject(AsObject(v), depth + 1, $"{path}.and"))));
                    break;
                case "or":
                    parts.Add(new OrFilter(AsList(value).Select(v => ParseObject(AsObject(v), depth + 1, $"{path}.or")).ToList()));
                    break;
                default:
                    var field = _kind.Field(name) ?? throw Fail($"{_kind} has no field '{name}' to filter on.", path);
                    parts.Add(field.IsList
                        ? ParseList(field, AsObject(value), $"{path}.{name}")
                        : ParseOperations(field, field.Name, AsObject(value), depth + 1, $"{path}.{name}"));
                    break;
            }
        }
        return Filter.And(parts);
    }

    private Filter ParseList(FieldDefinition field, IDictionary<string, object?> input, string path)
    {
        var parts = new List<Filter>();
        foreach (var (op, value) in input)
        {
            if (value is null)
                continue;
            Count(path);
            parts.Add(op switch
            {
                "some" => new ListCondition(field.Name, ListQuantifier.Some, Element(value)),
                "all" => new ListCondition(field.Name, ListQuantifier.All, Element(value)),
                "none" => new ListCondition(field.Name, ListQuantifier.None, Element(value)),
                "any" => (bool)value ? new ListCondition(field.Name, ListQuantifier.Any, null) : Filter.Not(new ListCondition(field.Name, ListQuantifier.Any, null)),
                _ => throw Fail($"'{op}' is not a list operation.", path),
            });
        }
        return Filter.And(parts);

        Filter Element(object value)
        {
            var before = _conditions;
            var element = ParseOperations(field, ListCondition.Element, AsObject(value), 1, $"{path}");
            if (_conditions - before > ListCondition.MaxElementConditions)
                throw Fail($"One some/all/none may hold at most {ListCondition.MaxElementConditions} conditions.", path);
            return element;
        }
    }

    private Filter ParseOperations(FieldDefinition field, string target, IDictionary<string, object?> input, int depth, string path)
    {
        if (depth > MaxDepth)
            throw Fail($"The filter is nested more than {MaxDepth} levels deep.", path);
        var parts = new List<Filter>();
        foreach (var (op, raw) in input)
        {
            // Explicit null means "is empty" for eq/neq (as in HotChocolate); for other operations it means "not given".
            if (raw is null && op is not ("eq" or "neq"))
                continue;
            Count(path);
            switch (op)
            {
                case "and":
                    parts.Add(Filter.And(AsList(raw!).Select(v => ParseOperations(field, target, AsObject(v), depth + 1, path))));
                    continue;
                case "or":
                    parts.Add(new OrFilter(AsList(raw!).Select(v => ParseOperations(field, target, AsObject(v), depth + 1, path)).ToList()));
                    continue;
                case "in" or "nin":
                    var values = AsList(raw!).Select(v => Value(field, v, $"{path}.{op}")).ToList();
                    if (values.Count > MaxListValues)
                        throw Fail($"'{op}' may list at most {MaxListValues} values.", $"{path}.{op}");
                    var inFilter = new Condition(target, Operator.In, values);
                    parts.Add(op == "in" ? inFilter : Filter.Not(inFilter));
                    continue;
            }
            var value = Value(field, raw, $"{path}.{op}");
            parts.Add(op switch
            {
                "eq" => new Condition(target, Operator.Eq, value),
                "neq" => Filter.Not(new Condition(target, Operator.Eq, value)),
                "gt" => new Condition(target, Operator.Gt, value),
                "ngt" => Filter.Not(new Condition(target, Operator.Gt, value)),
                "gte" => new Condition(target, Operator.Gte, value),
                "ngte" => Filter.Not(new Condition(target, Operator.Gte, value)),
                "lt" => new Condition(target, Operator.Lt, value),
                "nlt" => Filter.Not(new Condition(target, Operator.Lt, value)),
                "lte" => new Condition(target, Operator.Lte, value),
                "nlte" => Filter.Not(new Condition(target, Operator.Lte, value)),
                "contains" => new Condition(target, Operator.Contains, value),
                "ncontains" => Filter.Not(new Condition(target, Operator.Contains, value)),
                "startsWith" => new Condition(target, Operator.StartsWith, value),
                "nstartsWith" => Filter.Not(new Condition(target, Operator.StartsWith, value)),
                "endsWith" => new Condition(target, Operator.EndsWith, value),
                "nendsWith" => Filter.Not(new Condition(target, Operator.EndsWith, value)),
                _ => throw Fail($"'{op}' is not a filter operation.", path),
            });
        }
        return Filter.And(parts);
    }

    /// <summary>The normalized value; ID fields take global IDs of the type they point at.</summary>
    private static object? Value(FieldDefinition field, object? raw, string path)
    {
        if (raw is null)
            return null;
        if (raw is string { Length: > MaxValueLength })
            throw Fail($"Filter values may be at most {MaxValueLength} characters.", path);
        if (field.Type == FieldKind.Id)
        {
            var id = GlobalId.Decode(raw as string, field.References);
            if (!id.IsSuccess)
                throw new FilterInputException(id.Error! with { Path = path.Split('.') });
            return id.Value.LocalId;
        }
        try
        {
            return field.Normalize(raw);
        }
        catch (FormatException e)
        {
            throw Fail(e.Message, path);
        }
    }

    private void Count(string path)
    {
        if (++_conditions > MaxConditions)
            throw Fail($"The filter has more than {MaxConditions} conditions.", path);
    }

    private static IDictionary<string, object?> AsObject(object? value) =>
        value as IDictionary<string, object?> ?? throw Fail("Expected an input object.", "where");

    private static IEnumerable<object?> AsList(object value) =>
        value as IEnumerable<object?> ?? throw Fail("Expected a list.", "where");

    private static FilterInputException Fail(string message, string path) =>
        new(new Error(ErrorCodes.InvalidFilter, message, path.Split('.')));

    /// <summary>Unwinds the recursive descent to <see cref="Parse"/>, where it becomes an <see cref="Error"/> value.</summary>
    private sealed class FilterInputException(Error error) : Exception(error.Message)
    {
        public Error Error { get; } = error;
    }
}
