using Dangjian.Core.Documents;
using MongoDB.Bson;
using MongoDB.Driver;

namespace Dangjian.Core.Storage.Mongo;

/// <summary>
/// "Some element of a list field matches this element filter", for lists of scalars (tags, linked ids).
/// <para>
/// MongoDB matches one element against several conditions only through <c>$elemMatch</c> with an operator document
/// (<c>{$elemMatch: {$gte: "a", $ne: "b"}}</c>), and that document cannot hold <c>$or</c>, <c>$and</c> or the same
/// operator twice: those would address fields of sub-documents, which scalars do not have. (The driver's own LINQ
/// translation falls back to <c>$and</c> there, which is why this is done by hand.) So the element filter is brought
/// into disjunctive normal form (negations pushed down to the conditions, ORs outermost: "some element matches A or
/// B" is "some element matches A, or some matches B"), and each conjunction is merged into one operator document:
/// equalities intersect, bounds tighten, several text conditions become one pattern of lookaheads, and every negated
/// equality or text condition goes into one <c>$nin</c>. Elements are never null (stores keep only non-null values),
/// so two-valued logic is exact here, as it is in SQLite's <c>EXISTS</c> over the list table.
/// </para>
/// <para>
/// A conjunction of one positive condition is written on the field itself (<c>{tags: "防控"}</c>,
/// <c>{tags: {$in: [...]}}</c>, <c>{tags: /^网格/}</c>): on an array MongoDB reads that as "some element", and it is
/// the form its multikey indexes serve best.
/// </para>
/// </summary>
internal static class ElementMatch
{
    /// <summary>
    /// The most alternatives an element filter may expand to. Normal form can grow exponentially (an AND of ORs);
    /// <see cref="ListCondition.MaxElementConditions"/> keeps real filters far below this, and a bound keeps a hostile one from exhausting memory.
    /// </summary>
    public const int MaxAlternatives = 64;

    private static readonly FilterDefinitionBuilder<BsonDocument> F = Builders<BsonDocument>.Filter;

    public static FilterDefinition<BsonDocument> Some(FieldDefinition field, string path, Filter elementFilter)
    {
        var alternatives = new List<FilterDefinition<BsonDocument>>();
        foreach (var conjunction in Normalize(field, elementFilter, negate: false).Conjunctions)
        {
            var operators = Merge(conjunction);
            if (operators is null)
                continue;
            if (operators.ElementCount == 0)
                return F.SizeGt(path, 0);
            alternatives.Add(Render(path, operators));
        }
        return alternatives.Count switch
        {
            0 => MongoFilterTranslator.MatchNothing,
            1 => alternatives[0],
            _ => F.Or(alternatives),
        };
    }

    private static FilterDefinition<BsonDocument> Render(string path, BsonDocument operators)
    {
        if (operators.ElementCount == 1)
        {
            var (name, value) = (operators.GetElement(0).Name, operators[0]);
            switch (name)
            {
                case "$eq": return F.Eq(path, value);
                case "$in": return F.In(path, value.AsBsonArray);
                case "$regex": return F.Regex(path, value.AsBsonRegularExpression);
                case "$gt": return F.Gt(path, value);
                case "$gte": return F.Gte(path, value);
                case "$lt": return F.Lt(path, value);
                case "$lte": return F.Lte(path, value);
            }
        }
        return F.ElemMatch(path, new ImpliedElementFilter(operators));
    }

    /// <summary>
    /// One conjunction as an operator document; null when it can never match, empty when every element matches.
    /// Operator names are the constants below; values are BSON values of the field's type.
    /// </summary>
    private static BsonDocument? Merge(IReadOnlyList<Literal> conjunction)
    {
        List<BsonValue>? equals = null;
        (BsonValue Value, bool Strict)? lower = null, upper = null;
        var texts = new List<(Operator, string)>();
        var excluded = new List<BsonValue>();
        foreach (var literal in conjunction)
        {
            switch (literal)
            {
                case InLiteral { Negated: false } @in:
                    equals = equals is null ? @in.Values.Distinct().ToList() : equals.Intersect(@in.Values).ToList();
                    break;
                case InLiteral @in:
                    excluded.AddRange(@in.Values);
                    break;
                case BoundLiteral { Lower: true } bound:
                    if (lower is null || MongoValues.Compare(bound.Value, lower.Value.Value) is var c && (c > 0 || (c == 0 && bound.Strict)))
                        lower = (bound.Value, bound.Strict);
                    break;
                case BoundLiteral bound:
                    if (upper is null || MongoValues.Compare(bound.Value, upper.Value.Value) is var d && (d < 0 || (d == 0 && bound.Strict)))
                        upper = (bound.Value, bound.Strict);
                    break;
                case TextLiteral { Negated: false } text:
                    texts.Add((text.Operator, text.Value));
                    break;
                case TextLiteral text:
                    excluded.Add(TextPattern(text.Operator, text.Value));
                    break;
            }
        }
        if (equals is { Count: 0 })
            return null;

        var operators = new BsonDocument();
        if (equals is not null)
            operators.Add(equals.Count == 1 ? new BsonElement("$eq", equals[0]) : new BsonElement("$in", new BsonArray(equals)));
        if (lower is { } l)
            operators.Add(l.Strict ? "$gt" : "$gte", l.Value);
        if (upper is { } u)
            operators.Add(u.Strict ? "$lt" : "$lte", u.Value);
        if (texts.Count > 0)
            operators.Add("$regex", texts.Count == 1 ? TextPattern(texts[0].Item1, texts[0].Item2) : PcreLiteral.All(texts));
        excluded = excluded.Distinct().ToList();
        if (excluded.Count == 1)
            operators.Add(excluded[0] is BsonRegularExpression ? "$not" : "$ne", excluded[0]);
        else if (excluded.Count > 1)
            operators.Add("$nin", new BsonArray(excluded));
        return operators;
    }

    private static BsonRegularExpression TextPattern(Operator op, string value) => op switch
    {
        Operator.Contains => PcreLiteral.Contains(value),
        Operator.StartsWith => PcreLiteral.StartsWith(value),
        _ => PcreLiteral.EndsWith(value),
    };

    /// <summary>The element filter in disjunctive normal form, with negations folded into the literals.</summary>
    private static NormalForm Normalize(FieldDefinition field, Filter filter, bool negate)
    {
        switch (filter)
        {
            case AndFilter and:
                return negate
                    ? NormalForm.Or(and.Operands.Select(o => Normalize(field, o, true)))
                    : NormalForm.And(and.Operands.Select(o => Normalize(field, o, false)));
            case OrFilter or:
                return negate
                    ? NormalForm.And(or.Operands.Select(o => Normalize(field, o, true)))
                    : NormalForm.Or(or.Operands.Select(o => Normalize(field, o, false)));
            case NotFilter not:
                return Normalize(field, not.Operand, !negate);
            case Condition { Field: ListCondition.Element } condition:
                return ToLiteral(field, condition, negate);
            case Condition condition:
                throw new NotSupportedException($"Inside a list condition only the element can be compared, not '{condition.Field}'.");
            default:
                throw new NotSupportedException($"{filter.GetType().Name} is not supported inside a list condition.");
        }
    }

    private static NormalForm ToLiteral(FieldDefinition field, Condition condition, bool negate)
    {
        var value = condition.Value;
        switch (condition.Operator)
        {
            case Operator.Eq or Operator.In:
                var values = (condition.Operator == Operator.Eq ? [value] : MongoFilterTranslator.Values(condition))
                    .Where(v => v is not null)
                    .Select(v => MongoValues.ToBson(field, v))
                    .ToList();
                // An element is never null, so "equals null" is false and "in [null]" is "in []".
                return values.Count == 0 ? NormalForm.Constant(negate) : NormalForm.Of(new InLiteral(values, negate));
            case Operator.Gt or Operator.Gte or Operator.Lt or Operator.Lte:
                var comparand = MongoFilterTranslator.Comparand(field, condition);
                // Elements are never null and of one type, so "not greater than" is exactly "less than or equal".
                var op = negate
                    ? condition.Operator switch { Operator.Gt => Operator.Lte, Operator.Gte => Operator.Lt, Operator.Lt => Operator.Gte, _ => Operator.Gt }
                    : condition.Operator;
                return NormalForm.Of(new BoundLiteral(comparand, Lower: op is Operator.Gt or Operator.Gte, Strict: op is Operator.Gt or Operator.Lt));
            case Operator.Contains or Operator.StartsWith or Operator.EndsWith:
                return MongoFilterTranslator.Text(field, condition) is null
                    ? NormalForm.Constant(negate)
                    : NormalForm.Of(new TextLiteral(condition.Operator, (string)field.Normalize(value)!, negate));
            default:
                throw new NotSupportedException($"Operator {condition.Operator} is not supported.");
        }
    }

    private abstract record Literal;

    /// <summary>Equal to one of <paramref name="Values"/> (an Eq is an In of one); negated: equal to none.</summary>
    private sealed record InLiteral(IReadOnlyList<BsonValue> Values, bool Negated) : Literal;

    private sealed record BoundLiteral(BsonValue Value, bool Lower, bool Strict) : Literal;

    private sealed record TextLiteral(Operator Operator, string Value, bool Negated) : Literal;

    /// <summary>An OR of ANDs of literals. No conjunctions: false. One empty conjunction: true.</summary>
    private sealed record NormalForm(IReadOnlyList<IReadOnlyList<Literal>> Conjunctions)
    {
        public static NormalForm Constant(bool value) => new(value ? [[]] : []);

        public static NormalForm Of(Literal literal) => new([[literal]]);

        public static NormalForm Or(IEnumerable<NormalForm> operands)
        {
            var conjunctions = new List<IReadOnlyList<Literal>>();
            foreach (var operand in operands)
            {
                conjunctions.AddRange(operand.Conjunctions);
                Check(conjunctions.Count);
            }
            return new NormalForm(conjunctions);
        }

        public static NormalForm And(IEnumerable<NormalForm> operands)
        {
            IReadOnlyList<IReadOnlyList<Literal>> product = [[]];
            foreach (var operand in operands)
            {
                Check((long)product.Count * operand.Conjunctions.Count);
                product = product.SelectMany(left => operand.Conjunctions.Select(right => (IReadOnlyList<Literal>)[.. left, .. right])).ToList();
            }
            return new NormalForm(product);
        }

        private static void Check(long count)
        {
            if (count > MaxAlternatives)
                throw new NotSupportedException(
                    $"The list condition expands to more than {MaxAlternatives} alternatives on MongoDB; combine fewer 'or's inside one 'some', 'all' or 'none'.");
        }
    }

    /// <summary>
    /// The operator document of an <c>$elemMatch</c> over scalars, which addresses the element itself and so has no
    /// field name: the one shape the typed builders cannot write. The driver's <c>ElemMatch</c> builder wraps it.
    /// </summary>
    private sealed class ImpliedElementFilter(BsonDocument operators) : FilterDefinition<BsonValue>
    {
        public override BsonDocument Render(RenderArgs<BsonValue> args) => (BsonDocument)operators.DeepClone();
    }
}
