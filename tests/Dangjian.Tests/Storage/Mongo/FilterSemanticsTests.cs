using System.Text;
using System.Text.RegularExpressions;
using Dangjian.Core.Storage;
using MongoDB.Bson;
using static Dangjian.Tests.Storage.Mongo.BsonAssert;

namespace Dangjian.Tests.Storage.Mongo;

/// <summary>
/// The translation checked for meaning, not only for shape. Random filters are evaluated once as the SQLite adapter's
/// SQL means them, and once by applying MongoDB's documented matching rules to the rendered query, and must agree on
/// every document. The MongoDB side is a model of those rules, with .NET's regex engine standing in for PCRE:
/// <list type="bullet">
/// <item>scalars: <c>{f: null}</c> and <c>$in</c> with null match a null or missing field; comparisons and regexes never
/// do; <c>$ne</c>, <c>$nin</c>, <c>$not</c> and <c>$nor</c> are exact negations, so they do;</item>
/// <item>arrays: an operator on an array field holds when some element meets it; <c>$ne</c>, <c>$nin</c> and <c>$not</c>
/// negate that; <c>$elemMatch</c> needs one element to meet every operator.</item>
/// </list>
/// </summary>
public sealed class FilterSemanticsTests
{
    private static readonly IReadOnlyList<string> Values = ["a", "b", "ab", "ba", "", "😀", "～"];

    [Fact]
    public void Rendered_list_conditions_mean_what_the_filter_means()
    {
        var random = new Random(20200129);
        var lists = new List<List<string>> { new() };
        for (var i = 0; i < 40; i++)
            lists.Add(Enumerable.Range(0, random.Next(1, 4)).Select(_ => Values[random.Next(Values.Count)]).Distinct().ToList());

        var checkedFilters = 0;
        for (var i = 0; i < 1500; i++)
        {
            var element = RandomFilter(random, depth: 3);
            var quantifier = (ListQuantifier)random.Next(4);
            var condition = new ListCondition("tags", quantifier, quantifier == ListQuantifier.Any ? null : element);
            BsonDocument query;
            try
            {
                query = Render(condition);
            }
            catch (NotSupportedException)
            {
                continue; // expands past the bound; refused, which the rendering tests cover
            }
            checkedFilters++;
            foreach (var tags in lists)
            {
                var expected = Reference(condition, tags);
                var actual = Mongo(query, tags);
                Assert.True(expected == actual,
                    $"{quantifier} {element} on [{string.Join(", ", tags)}]: expected {expected}, MongoDB would say {actual} for {query}");
            }
        }
        Assert.True(checkedFilters > 1000);
    }

    /// <summary>A stored field: a string, null, or missing (a document written before the field existed).</summary>
    private static readonly IReadOnlyList<BsonValue?> FieldValues = [null, BsonNull.Value, "a", "ab", "b", ""];

    [Fact]
    public void Rendered_scalar_conditions_treat_empty_fields_as_sqlite_does()
    {
        var random = new Random(20200130);
        var documents = (from title in FieldValues from org in FieldValues select (Title: title, Org: org)).ToList();

        for (var i = 0; i < 1500; i++)
        {
            var filter = RandomScalarFilter(random, depth: 3);
            var query = Render(filter);
            foreach (var document in documents)
            {
                var expected = Sql(filter, document.Title, document.Org) == true;
                var actual = MongoScalar(query, document.Title, document.Org);
                Assert.True(expected == actual,
                    $"{filter} on title={document.Title?.ToString() ?? "missing"}, org={document.Org?.ToString() ?? "missing"}: expected {expected}, MongoDB would say {actual} for {query}");
            }
        }
    }

    private static Filter RandomScalarFilter(Random random, int depth)
    {
        var pick = random.Next(depth == 0 ? 6 : 9);
        if (pick >= 6)
        {
            return pick switch
            {
                6 => Filter.Not(RandomScalarFilter(random, depth - 1)),
                7 => new AndFilter(Enumerable.Range(0, random.Next(0, 3)).Select(_ => RandomScalarFilter(random, depth - 1)).ToList()),
                _ => new OrFilter(Enumerable.Range(0, random.Next(0, 3)).Select(_ => RandomScalarFilter(random, depth - 1)).ToList()),
            };
        }
        var field = random.Next(2) == 0 ? "title" : "submittingOrganizationId";
        var literal = (Condition)RandomLiteral(random);
        return literal with { Field = field };
    }

    /// <summary>The SQLite adapter's SQL: three-valued (null = unknown), with NOT COALESCE(x, 0) making unknown false first.</summary>
    private static bool? Sql(Filter filter, BsonValue? title, BsonValue? org)
    {
        switch (filter)
        {
            case AndFilter and:
                var all = and.Operands.Select(o => Sql(o, title, org)).ToList();
                return all.Contains(false) ? false : all.Contains(null) ? null : true;
            case OrFilter or:
                var any = or.Operands.Select(o => Sql(o, title, org)).ToList();
                return any.Contains(true) ? true : any.Contains(null) ? null : false;
            case NotFilter not:
                return !(Sql(not.Operand, title, org) ?? false);
        }
        var c = (Condition)filter;
        var column = (c.Field == "title" ? title : org) is BsonString s ? s.Value : null;
        if (c.Operator == Operator.Eq && c.Value is null)
            return column is null;
        if (c.Operator == Operator.In)
        {
            var values = ((IEnumerable<object?>)c.Value!).ToList();
            var nonNull = values.OfType<string>().ToList();
            if (nonNull.Count == 0)
                return values.Count > 0 && column is null;
            if (column is null)
                return values.Count > nonNull.Count ? true : null;
            return nonNull.Contains(column);
        }
        if (c.Operator == Operator.EndsWith && column is null)
            return false; // "col IS NOT NULL AND …"
        if (column is null || c.Value is not string v)
            return null;
        return c.Operator switch
        {
            Operator.Eq => column == v,
            Operator.Gt => Utf8(column, v) > 0,
            Operator.Gte => Utf8(column, v) >= 0,
            Operator.Lt => Utf8(column, v) < 0,
            Operator.Lte => Utf8(column, v) <= 0,
            Operator.Contains => column.Contains(v, StringComparison.Ordinal),
            Operator.StartsWith => column.StartsWith(v, StringComparison.Ordinal),
            _ => column.EndsWith(v, StringComparison.Ordinal),
        };
    }

    /// <summary>MongoDB's rules for a document { _id, title?, submittingOrganizationId? }.</summary>
    private static bool MongoScalar(BsonDocument query, BsonValue? title, BsonValue? org) => query.All(element => element.Name switch
    {
        "$or" => element.Value.AsBsonArray.Any(q => MongoScalar(q.AsBsonDocument, title, org)),
        "$nor" => !element.Value.AsBsonArray.Any(q => MongoScalar(q.AsBsonDocument, title, org)),
        "$and" => element.Value.AsBsonArray.All(q => MongoScalar(q.AsBsonDocument, title, org)),
        "_id" => element.Value.AsBsonDocument.GetElement(0).Name == "$nin",
        "title" => OnField(element.Value, title),
        "submittingOrganizationId" => OnField(element.Value, org),
        _ => throw new InvalidOperationException(query.ToJson()),
    });

    private static bool OnField(BsonValue condition, BsonValue? field)
    {
        var text = field as BsonString;
        return condition switch
        {
            BsonNull => field is null or BsonNull,
            BsonString s => text?.Value == s.Value,
            BsonRegularExpression regex => text is not null && Regex.IsMatch(text.Value, regex.Pattern, RegexOptions.None, TimeSpan.FromSeconds(1)),
            BsonDocument operators => operators.All(op => op.Name switch
            {
                "$ne" => !OnField(op.Value, field),
                "$in" => op.Value.AsBsonArray.Any(v => OnField(v, field)),
                "$nin" => !op.Value.AsBsonArray.Any(v => OnField(v, field)),
                "$not" => !OnField(op.Value, field),
                "$gt" => text is not null && Utf8(text.Value, op.Value.AsString) > 0,
                "$gte" => text is not null && Utf8(text.Value, op.Value.AsString) >= 0,
                "$lt" => text is not null && Utf8(text.Value, op.Value.AsString) < 0,
                "$lte" => text is not null && Utf8(text.Value, op.Value.AsString) <= 0,
                _ => throw new InvalidOperationException(op.ToString()),
            }),
            _ => throw new InvalidOperationException(condition.ToJson()),
        };
    }

    private static Filter RandomFilter(Random random, int depth)
    {
        var pick = random.Next(depth == 0 ? 6 : 10);
        return pick switch
        {
            6 => Filter.Not(RandomFilter(random, depth - 1)),
            7 => new AndFilter(Enumerable.Range(0, random.Next(0, 3)).Select(_ => RandomFilter(random, depth - 1)).ToList()),
            8 => new OrFilter(Enumerable.Range(0, random.Next(0, 3)).Select(_ => RandomFilter(random, depth - 1)).ToList()),
            9 => Filter.Not(RandomFilter(random, depth - 1)),
            _ => RandomLiteral(random),
        };
    }

    private static Filter RandomLiteral(Random random)
    {
        var op = (Operator)random.Next(9);
        object? Value() => random.Next(8) == 0 ? null : Values[random.Next(Values.Count)];
        return op switch
        {
            Operator.In => new Condition(ListCondition.Element, op, Enumerable.Range(0, random.Next(0, 3)).Select(_ => Value()).ToList()),
            Operator.Gt or Operator.Gte or Operator.Lt or Operator.Lte => new Condition(ListCondition.Element, op, Values[random.Next(Values.Count)]),
            _ => new Condition(ListCondition.Element, op, Value()),
        };
    }

    /// <summary>SQLite's meaning: EXISTS / NOT EXISTS over the list's rows, each row's value never null.</summary>
    private static bool Reference(ListCondition condition, List<string> tags) => condition.Quantifier switch
    {
        ListQuantifier.Any => tags.Count > 0,
        ListQuantifier.Some => tags.Any(e => Holds(condition.ElementFilter!, e)),
        ListQuantifier.None => !tags.Any(e => Holds(condition.ElementFilter!, e)),
        _ => tags.All(e => Holds(condition.ElementFilter!, e)),
    };

    private static bool Holds(Filter filter, string e) => filter switch
    {
        AndFilter and => and.Operands.All(o => Holds(o, e)),
        OrFilter or => or.Operands.Any(o => Holds(o, e)),
        NotFilter not => !Holds(not.Operand, e),
        Condition { Operator: Operator.In } c => ((IEnumerable<object?>)c.Value!).Any(v => v is string s && s == e),
        Condition { Value: null } => false,
        Condition { Value: string v } c => c.Operator switch
        {
            Operator.Eq => e == v,
            Operator.Gt => Utf8(e, v) > 0,
            Operator.Gte => Utf8(e, v) >= 0,
            Operator.Lt => Utf8(e, v) < 0,
            Operator.Lte => Utf8(e, v) <= 0,
            Operator.Contains => e.Contains(v, StringComparison.Ordinal),
            Operator.StartsWith => e.StartsWith(v, StringComparison.Ordinal),
            _ => e.EndsWith(v, StringComparison.Ordinal),
        },
        _ => throw new InvalidOperationException(filter.ToString()),
    };

    /// <summary>MongoDB's rules for the query shapes the translator emits on a string-array field "tags".</summary>
    private static bool Mongo(BsonDocument query, List<string> tags) => query.All(element => element.Name switch
    {
        "$or" => element.Value.AsBsonArray.Any(q => Mongo(q.AsBsonDocument, tags)),
        "$nor" => !element.Value.AsBsonArray.Any(q => Mongo(q.AsBsonDocument, tags)),
        "$and" => element.Value.AsBsonArray.All(q => Mongo(q.AsBsonDocument, tags)),
        "tags.0" => (tags.Count > 0) == element.Value["$exists"].AsBoolean,
        "_id" => element.Value.AsBsonDocument.GetElement(0).Name == "$nin",
        "tags" => OnArray(element.Value, tags),
        _ => throw new InvalidOperationException(query.ToJson()),
    });

    /// <summary>An operator (or implied equality) on the array field: each operator holds when some element meets it.</summary>
    private static bool OnArray(BsonValue condition, List<string> tags) => condition switch
    {
        BsonRegularExpression or BsonString => tags.Any(e => OnElement(condition, e)),
        BsonDocument operators => operators.All(op => op.Name switch
        {
            "$ne" => !tags.Any(e => e == op.Value.AsString),
            "$nin" => !tags.Any(e => In(op.Value.AsBsonArray, e)),
            "$not" => !OnArray(op.Value, tags),
            "$elemMatch" => tags.Any(e => op.Value.AsBsonDocument.All(inner => OnElement(new BsonDocument(inner), e))),
            _ => tags.Any(e => OnElement(new BsonDocument(op), e)),
        }),
        _ => throw new InvalidOperationException(condition.ToJson()),
    };

    /// <summary>An operator applied to one scalar element.</summary>
    private static bool OnElement(BsonValue condition, string e) => condition switch
    {
        BsonRegularExpression regex => Regex.IsMatch(e, regex.Pattern, RegexOptions.None, TimeSpan.FromSeconds(1)),
        BsonString s => e == s.Value,
        BsonDocument operators => operators.All(op => op.Name switch
        {
            "$eq" => e == op.Value.AsString,
            "$ne" => e != op.Value.AsString,
            "$in" => In(op.Value.AsBsonArray, e),
            "$nin" => !In(op.Value.AsBsonArray, e),
            "$gt" => Utf8(e, op.Value.AsString) > 0,
            "$gte" => Utf8(e, op.Value.AsString) >= 0,
            "$lt" => Utf8(e, op.Value.AsString) < 0,
            "$lte" => Utf8(e, op.Value.AsString) <= 0,
            "$regex" => OnElement(op.Value, e),
            "$not" => !OnElement(op.Value, e),
            _ => throw new InvalidOperationException(op.ToString()),
        }),
        _ => throw new InvalidOperationException(condition.ToJson()),
    };

    private static bool In(BsonArray values, string e) => values.Any(v => OnElement(v, e));

    private static int Utf8(string a, string b) => Encoding.UTF8.GetBytes(a).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(b));
}
