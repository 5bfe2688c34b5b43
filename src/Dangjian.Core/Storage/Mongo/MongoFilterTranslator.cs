using System.Collections;
using Dangjian.Core.Documents;
using MongoDB.Bson;
using MongoDB.Driver;

namespace Dangjian.Core.Storage.Mongo;

/// <summary>
/// Turns a <see cref="Filter"/> into a MongoDB filter with the driver's typed builders, and a sort into a sort
/// definition. Field names come only from the kind's definitions (letters only, checked here); every value is
/// normalized by its field and becomes a BSON value of the field's stored type, never query syntax.
/// <para>
/// Null semantics match the SQLite adapter: a condition on a null field does not match, so its negation does.
/// MongoDB's own negations (<c>$ne</c>, <c>$nin</c>, <c>$not</c>, <c>$nor</c>, which is what the driver's Not renders)
/// are exactly that: they match documents whose field is null or missing. <c>{f: null}</c> matches null and
/// missing, as SQLite's <c>IS NULL</c> matches NULL.
/// </para>
/// </summary>
internal static class MongoFilterTranslator
{
    private static readonly FilterDefinitionBuilder<BsonDocument> F = Builders<BsonDocument>.Filter;

    /// <summary>
    /// An $in over nothing: MongoDB's way of "false" (an empty $or is an error). Negated, the driver renders $nin [],
    /// which matches everything.
    /// </summary>
    public static FilterDefinition<BsonDocument> MatchNothing => F.In("_id", Array.Empty<BsonValue>());

    public static FilterDefinition<BsonDocument> Translate(DocumentKind kind, Filter filter) => filter switch
    {
        // The driver renders an empty And as {$and: []}, which MongoDB rejects; {} matches everything.
        AndFilter { Operands.Count: 0 } => F.Empty,
        AndFilter and => F.And(and.Operands.Select(o => Translate(kind, o))),
        OrFilter { Operands.Count: 0 } => MatchNothing,
        OrFilter or => F.Or(or.Operands.Select(o => Translate(kind, o))),
        NotFilter not => F.Not(Translate(kind, not.Operand)),
        Condition condition => TranslateCondition(kind, condition),
        ListCondition list => TranslateList(kind, list),
        _ => throw new NotSupportedException($"Filter {filter.GetType().Name} is not supported."),
    };

    public static SortDefinition<BsonDocument> TranslateSort(DocumentKind kind, IReadOnlyList<SortField> sort)
    {
        var keys = new List<SortDefinition<BsonDocument>>(sort.Count);
        foreach (var key in sort)
        {
            var field = RequireField(kind, key.Field);
            if (field.IsList)
                throw new NotSupportedException($"'{field.Name}' is a list and cannot be sorted on.");
            var path = MongoValues.Path(field);
            keys.Add(key.Direction == SortDirection.Ascending
                ? Builders<BsonDocument>.Sort.Ascending(path)
                : Builders<BsonDocument>.Sort.Descending(path));
        }
        return Builders<BsonDocument>.Sort.Combine(keys);
    }

    private static FilterDefinition<BsonDocument> TranslateCondition(DocumentKind kind, Condition condition)
    {
        if (condition.Field == ListCondition.Element)
            throw new NotSupportedException("A condition on the list element must be inside a list condition (some/all/none).");
        var field = RequireField(kind, condition.Field);
        if (field.IsList)
            throw new NotSupportedException($"'{field.Name}' is a list: use some/all/none/any.");
        var path = MongoValues.Path(field);
        var value = condition.Value;
        return condition.Operator switch
        {
            Operator.Eq => F.Eq(path, MongoValues.ToBson(field, value)),
            // MongoDB's $in matches a null or missing field when the list holds null, as SQLite's "IS NULL OR IN".
            Operator.In => F.In(path, Values(condition).Select(v => MongoValues.ToBson(field, v)).Distinct()),
            Operator.Gt => F.Gt(path, Comparand(field, condition)),
            Operator.Gte => F.Gte(path, Comparand(field, condition)),
            Operator.Lt => F.Lt(path, Comparand(field, condition)),
            Operator.Lte => F.Lte(path, Comparand(field, condition)),
            Operator.Contains or Operator.StartsWith or Operator.EndsWith => Text(field, condition) is { } regex
                ? F.Regex(path, regex)
                // A text operation with no text is unknown in SQLite, so it matches nothing (and its negation everything).
                : MatchNothing,
            _ => throw new NotSupportedException($"Operator {condition.Operator} is not supported."),
        };
    }

    private static FilterDefinition<BsonDocument> TranslateList(DocumentKind kind, ListCondition list)
    {
        var field = RequireField(kind, list.Field);
        if (!field.IsList)
            throw new NotSupportedException($"'{field.Name}' is not a list.");
        var path = MongoValues.Path(field);
        // {"tags.0": {$exists: true}}: the list has a first element. Lists are always stored, empty or not.
        var any = F.SizeGt(path, 0);
        return (list.Quantifier, list.ElementFilter) switch
        {
            (ListQuantifier.Any, _) or (ListQuantifier.Some, null) => any,
            (ListQuantifier.None, null) => F.Not(any),
            (ListQuantifier.All, null) => F.Empty,
            (ListQuantifier.Some, var element) => ElementMatch.Some(field, path, element),
            (ListQuantifier.None, var element) => F.Not(ElementMatch.Some(field, path, element)),
            // Every element matches = no element fails; true for an empty list, as SQLite's NOT EXISTS.
            (ListQuantifier.All, var element) => F.Not(ElementMatch.Some(field, path, Filter.Not(element))),
            _ => throw new NotSupportedException($"Quantifier {list.Quantifier} is not supported."),
        };
    }

    /// <summary>The values of an In condition (a list; a string is not a list of characters).</summary>
    internal static IEnumerable<object?> Values(Condition condition) => condition.Value switch
    {
        string or null => throw new ArgumentException($"{condition.Operator} on '{condition.Field}' needs a list of values."),
        IEnumerable values => values.Cast<object?>(),
        _ => throw new ArgumentException($"{condition.Operator} on '{condition.Field}' needs a list of values."),
    };

    internal static BsonValue Comparand(FieldDefinition field, Condition condition) =>
        MongoValues.ToBson(field, condition.Value ?? throw new ArgumentException($"{condition.Operator} needs a value."));

    /// <summary>The escaped pattern of a text operation, or null when there is no text to look for.</summary>
    internal static BsonRegularExpression? Text(FieldDefinition field, Condition condition)
    {
        if (field.Type is not (FieldKind.String or FieldKind.Id or FieldKind.Enum or FieldKind.Date))
            throw new NotSupportedException($"{condition.Operator} works on text fields; '{field.Name}' is {field.Type}.");
        if (field.Normalize(condition.Value) is not string text)
            return null;
        return condition.Operator switch
        {
            Operator.Contains => PcreLiteral.Contains(text),
            Operator.StartsWith => PcreLiteral.StartsWith(text),
            _ => PcreLiteral.EndsWith(text),
        };
    }

    private static FieldDefinition RequireField(DocumentKind kind, string name) =>
        kind.Field(name) ?? throw new NotSupportedException($"{kind} has no field '{name}'.");
}
