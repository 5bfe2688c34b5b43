using Dangjian.Api.GraphQL.Relay;
using Dangjian.Core;
using Dangjian.Core.Documents;
using Dangjian.Core.Storage;

namespace Dangjian.Api.GraphQL.Filtering;

/// <summary>
/// Turns a parsed <c>where</c> input (HotChocolate shape) into a Core <see cref="Filter"/>, and an <c>order</c>
/// input into sort fields. GraphQL validation has already checked names and scalar types; this checks what it
/// cannot: global IDs of the right type, nesting depth, and the number of conditions. A condition through a relation
/// (<c>submittingOrganization: { name: … }</c>, <c>activityLogs: { some: … }</c>) becomes a <see cref="RelationCondition"/>,
/// which the reader resolves against the store before the page is read (<see cref="Core.Reading.RelationFilters"/>).
/// </summary>
public sealed class FilterParser
{
    public const int MaxDepth = 12;
    public const int MaxConditions = 200;
    public const int MaxValueLength = 1_000;
    public const int MaxListValues = 100;

    /// <summary>
    /// How many relations a filter may go through one inside another: an organisation's parent's parent is as far as a
    /// client needs, and the self-links (parent, ancestors) must not let one filter walk the tree level by level.
    /// </summary>
    public const int MaxRelationDepth = 2;

    /// <summary>
    /// Most conditions through a relation in one filter: each reads up to Dangjian:GraphQL:MaxRelationFilterMatches
    /// linked documents before the page is read, so their number is bounded apart from the cheap conditions.
    /// </summary>
    public const int MaxRelations = 10;

    private int _conditions;
    private int _relations;

    private FilterParser()
    {
    }

    public static Result<Filter> Parse(DocumentKind kind, object? where)
    {
        if (where is null)
            return Filter.All;
        try
        {
            return new FilterParser().ParseObject(kind, AsObject(where, "where"), depth: 0, path: "where", relationDepth: 0);
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

    private Filter ParseObject(DocumentKind kind, IDictionary<string, object?> input, int depth, string path, int relationDepth)
    {
        if (depth > MaxDepth)
            throw Fail($"The filter is nested more than {MaxDepth} levels deep.", path);
        var parts = new List<Filter>();
        foreach (var (name, value) in input)
        {
            // A relation given as null is refused rather than skipped: "no parent" is a real question, with its own answer.
            if (kind.Relation(name) is { } link && kind.Field(name) is null)
            {
                parts.Add(ParseRelation(link, value, depth + 1, $"{path}.{name}", relationDepth + 1));
                continue;
            }
            if (value is null)
                continue;
            switch (name)
            {
                case "and":
                    parts.Add(Filter.And(AsList(value, path).Select(v => ParseObject(kind, AsObject(v, $"{path}.and"), depth + 1, $"{path}.and", relationDepth))));
                    break;
                case "or":
                    parts.Add(new OrFilter(AsList(value, path).Select(v => ParseObject(kind, AsObject(v, $"{path}.or"), depth + 1, $"{path}.or", relationDepth)).ToList()));
                    break;
                default:
                    var field = kind.Field(name) ?? throw Fail($"{kind} has no field '{name}' to filter on.", path);
                    parts.Add(field.IsList
                        ? ParseList(field, AsObject(value, $"{path}.{name}"), $"{path}.{name}")
                        : ParseOperations(field, field.Name, AsObject(value, $"{path}.{name}"), depth + 1, $"{path}.{name}"));
                    break;
            }
        }
        return Filter.And(parts);
    }

    /// <summary>
    /// A condition through a link to documents of another kind: a filter on that kind for a single link
    /// (<c>issuer: { name: … }</c>), or <c>some</c>/<c>all</c>/<c>none</c> of such filters and <c>any</c> for a list
    /// (<c>organizations: { some: { … } }</c>), as HotChocolate shapes a navigation. Each filter on the linked kind must
    /// hold at least one condition: an empty one would read every linked document to match them all.
    /// </summary>
    private Filter ParseRelation(FieldDefinition link, object? value, int depth, string path, int relationDepth)
    {
        var name = path[(path.LastIndexOf('.') + 1)..];
        if (value is null)
        {
            throw Fail(link.IsList
                ? $"'{name}' is null; give some, all, none or any (for items without {name}, {link.Name}: {{ any: false }})."
                : $"'{name}' is null; give conditions on the {link.RelatedKind} (for items without one, {link.Name}: {{ eq: null }}).", path);
        }
        if (relationDepth > MaxRelationDepth)
            throw Fail($"A filter may go through at most {MaxRelationDepth} relations one inside another.", path);
        var input = AsObject(value, path);
        if (input.Count == 0)
            throw Fail($"'{name}' holds no condition.", path);
        if (!link.IsList)
            return Related(link, null, input, depth, path, relationDepth);
        var parts = new List<Filter>();
        foreach (var (op, operand) in input)
        {
            if (operand is null)
                throw Fail($"'{name}.{op}' is null; give conditions on the {link.RelatedKind}.", $"{path}.{op}");
            parts.Add(op switch
            {
                "some" => Related(link, ListQuantifier.Some, AsObject(operand, $"{path}.{op}"), depth + 1, $"{path}.{op}", relationDepth),
                "all" => Related(link, ListQuantifier.All, AsObject(operand, $"{path}.{op}"), depth + 1, $"{path}.{op}", relationDepth),
                "none" => Related(link, ListQuantifier.None, AsObject(operand, $"{path}.{op}"), depth + 1, $"{path}.{op}", relationDepth),
                "any" => CountThen(Any(link.Name, operand, $"{path}.{op}"), $"{path}.{op}"),
                _ => throw Fail($"'{op}' is not a list operation.", path),
            });
        }
        return Filter.And(parts);
    }

    private Filter Related(FieldDefinition link, ListQuantifier? quantifier, IDictionary<string, object?> input, int depth, string path, int relationDepth)
    {
        Count(path);
        if (++_relations > MaxRelations)
            throw Fail($"A filter may go through relations at most {MaxRelations} times.", path);
        var related = ParseObject(link.RelatedKind!, input, depth, path, relationDepth);
        if (ReferenceEquals(related, Filter.All))
            throw Fail($"The conditions on the {link.RelatedKind} at '{path}' hold no condition.", path);
        return new RelationCondition(link.Name, quantifier, related, path);
    }

    /// <summary><c>any: true</c> (the list has elements) or <c>any: false</c>; the CLI's JSON can send anything else.</summary>
    private static Filter Any(string field, object value, string path) => value is bool any
        ? any ? new ListCondition(field, ListQuantifier.Any, null) : Filter.Not(new ListCondition(field, ListQuantifier.Any, null))
        : throw Fail("'any' takes true or false.", path);

    private Filter CountThen(Filter filter, string path)
    {
        Count(path);
        return filter;
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
                "any" => Any(field.Name, value, $"{path}.{op}"),
                _ => throw Fail($"'{op}' is not a list operation.", path),
            });
        }
        return Filter.And(parts);

        Filter Element(object value)
        {
            var before = _conditions;
            var element = ParseOperations(field, ListCondition.Element, AsObject(value, path), 1, $"{path}");
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
                    parts.Add(Filter.And(AsList(raw!, path).Select(v => ParseOperations(field, target, AsObject(v, path), depth + 1, path))));
                    continue;
                case "or":
                    parts.Add(new OrFilter(AsList(raw!, path).Select(v => ParseOperations(field, target, AsObject(v, path), depth + 1, path)).ToList()));
                    continue;
                case "in" or "nin":
                    var values = AsList(raw!, $"{path}.{op}").Select(v => Value(field, v, $"{path}.{op}")).ToList();
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

    private static IDictionary<string, object?> AsObject(object? value, string path) =>
        value as IDictionary<string, object?> ?? throw Fail("Expected an input object.", path);

    private static IEnumerable<object?> AsList(object value, string path) =>
        value as IEnumerable<object?> ?? throw Fail("Expected a list.", path);

    private static FilterInputException Fail(string message, string path) =>
        new(new Error(ErrorCodes.InvalidFilter, message, path.Split('.')));

    /// <summary>Unwinds the recursive descent to <see cref="Parse"/>, where it becomes an <see cref="Error"/> value.</summary>
    private sealed class FilterInputException(Error error) : Exception(error.Message)
    {
        public Error Error { get; } = error;
    }
}
