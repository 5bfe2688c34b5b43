using Dangjian.Core.Storage;
using Dangjian.Core.Storage.Mongo;
using MongoDB.Bson;
using static Dangjian.Tests.Storage.Mongo.BsonAssert;

namespace Dangjian.Tests.Storage.Mongo;

/// <summary>The list quantifiers (some, all, none, any) over lists of scalars, and element filters of every shape.</summary>
public sealed class MongoListFilterRenderingTests
{
    private static Filter Tag(string tag) => Filter.Eq(ListCondition.Element, tag);

    private static Filter Element(Operator op, object? value) => new Condition(ListCondition.Element, op, value);

    private static ListCondition Some(Filter element) => new("tags", ListQuantifier.Some, element);

    private static BsonDocument ElemMatch(BsonDocument operators) => new("tags", new BsonDocument("$elemMatch", operators));

    [Fact]
    public void Some_with_one_positive_condition_is_written_on_the_field_where_the_multikey_index_serves_it()
    {
        Renders("""{ "tags": "网格员" }""", Some(Tag("网格员")));
        Renders("""{ "tags": { "$in": ["防控", "不存在"] } }""", Some(Filter.In(ListCondition.Element, ["防控", "不存在"])));
        Renders(new BsonDocument("tags", new BsonRegularExpression("^网格")), Some(Element(Operator.StartsWith, "网格")));
        Renders(new BsonDocument("tags", new BsonRegularExpression("防")), Some(Element(Operator.Contains, "防")));
        Renders(new BsonDocument("tags", new BsonRegularExpression("员\\z")), Some(Element(Operator.EndsWith, "员")));
        Renders("""{ "tags": { "$gt": "m" } }""", Some(Element(Operator.Gt, "m")));
        Renders("""{ "tags": { "$gte": "m" } }""", Some(Element(Operator.Gte, "m")));
        Renders("""{ "tags": { "$lt": "m" } }""", Some(Element(Operator.Lt, "m")));
        Renders("""{ "tags": { "$lte": "m" } }""", Some(Element(Operator.Lte, "m")));
    }

    [Fact]
    public void Id_lists_take_ids()
    {
        Renders("""{ "sectionIds": "dir-1.s2" }""", new ListCondition("sectionIds", ListQuantifier.Some, Filter.Eq(ListCondition.Element, "dir-1.s2")));
    }

    [Fact]
    public void Some_with_a_negated_condition_needs_elem_match_because_ne_on_an_array_means_none()
    {
        Renders("""{ "tags": { "$elemMatch": { "$ne": "防控" } } }""", Some(Filter.Not(Tag("防控"))));
        Renders("""{ "tags": { "$elemMatch": { "$nin": ["a", "b"] } } }""", Some(Filter.Not(Filter.In(ListCondition.Element, ["a", "b"]))));
        Renders(ElemMatch(new BsonDocument("$not", new BsonRegularExpression("防"))), Some(Filter.Not(Element(Operator.Contains, "防"))));
        // Elements are never null, so "not greater than" is "less than or equal".
        Renders("""{ "tags": { "$lte": "m" } }""", Some(Filter.Not(Element(Operator.Gt, "m"))));
        Renders("""{ "tags": { "$lt": "m" } }""", Some(Filter.Not(Element(Operator.Gte, "m"))));
        Renders("""{ "tags": { "$gte": "m" } }""", Some(Filter.Not(Element(Operator.Lt, "m"))));
        Renders("""{ "tags": { "$gt": "m" } }""", Some(Filter.Not(Element(Operator.Lte, "m"))));
    }

    [Fact]
    public void One_element_meeting_several_conditions_is_one_elem_match()
    {
        Renders("""{ "tags": { "$elemMatch": { "$gte": "a", "$lt": "b" } } }""", Some(Filter.And(Element(Operator.Gte, "a"), Element(Operator.Lt, "b"))));
        Renders("""{ "tags": { "$elemMatch": { "$eq": "防控", "$ne": "x" } } }""", Some(Filter.And(Tag("防控"), Filter.Not(Tag("x")))));
        Renders(ElemMatch(new BsonDocument { { "$regex", new BsonRegularExpression("^火线") }, { "$nin", new BsonArray { new BsonRegularExpression("支部\\z"), "火线" } } }),
            Some(Filter.And(Element(Operator.StartsWith, "火线"), Filter.Not(Element(Operator.EndsWith, "支部")), Filter.Not(Tag("火线")))));
    }

    [Fact]
    public void Repeated_operators_are_merged_never_repeated_in_one_elem_match()
    {
        // Equalities intersect.
        Renders("""{ "tags": "a" }""", Some(Filter.And(Tag("a"), Filter.In(ListCondition.Element, ["a", "b"]))));
        Renders("""{ "tags": { "$in": ["b", "c"] } }""", Some(Filter.And(Filter.In(ListCondition.Element, ["a", "b", "c"]), Filter.In(ListCondition.Element, ["c", "b", "d"]))));
        Renders("""{ "_id": { "$in": [] } }""", Some(Filter.And(Tag("a"), Tag("b"))));
        // Bounds tighten; at equal values the strict one wins.
        Renders("""{ "tags": { "$elemMatch": { "$gt": "c", "$lte": "x" } } }""",
            Some(Filter.And(Element(Operator.Gt, "b"), Element(Operator.Gte, "c"), Element(Operator.Gt, "c"), Element(Operator.Lte, "y"), Element(Operator.Lte, "x"))));
        // Text conditions become one pattern of lookaheads (alone, it is written on the field).
        Renders(new BsonDocument("tags", new BsonRegularExpression("^(?=[\\s\\S]*?防)(?=[\\s\\S]*?控\\z)")),
            Some(Filter.And(Element(Operator.Contains, "防"), Element(Operator.EndsWith, "控"))));
        Renders(ElemMatch(new BsonDocument { { "$regex", new BsonRegularExpression("^(?=火)(?=[\\s\\S]*?线)") }, { "$ne", "火线" } }),
            Some(Filter.And(Element(Operator.StartsWith, "火"), Element(Operator.Contains, "线"), Filter.Not(Tag("火线")))));
        // Negated equalities and texts become one $nin.
        Renders(ElemMatch(new BsonDocument("$nin", new BsonArray { "a", new BsonRegularExpression("b"), "c" })),
            Some(Filter.And(Filter.Not(Tag("a")), Filter.Not(Element(Operator.Contains, "b")), Filter.Not(Filter.In(ListCondition.Element, ["c", "a"])))));
    }

    [Fact]
    public void Bounds_on_text_are_ordered_by_utf8_bytes_as_mongodb_compares_strings()
    {
        // U+FF5E sorts after U+D83D (the first half of 😀) in UTF-16, before U+1F600 in UTF-8 and in MongoDB.
        Renders("""{ "tags": { "$gt": "😀" } }""", Some(Filter.And(Element(Operator.Gt, "～"), Element(Operator.Gt, "😀"))));
        Renders("""{ "tags": { "$gt": "😀" } }""", Some(Filter.And(Element(Operator.Gt, "😀"), Element(Operator.Gt, "～"))));
    }

    [Fact]
    public void Some_of_an_or_is_an_or_of_somes()
    {
        Renders(new BsonDocument("$or", new BsonArray { new BsonDocument("tags", "a"), new BsonDocument("tags", new BsonRegularExpression("b")) }),
            Some(Filter.Or(Tag("a"), Element(Operator.Contains, "b"))));
        // AND over OR distributes: (a or b) and not c.
        Renders("""{ "$or": [{ "tags": { "$elemMatch": { "$eq": "a", "$ne": "c" } } }, { "tags": { "$elemMatch": { "$eq": "b", "$ne": "c" } } }] }""",
            Some(Filter.And(Filter.Or(Tag("a"), Tag("b")), Filter.Not(Tag("c")))));
        // Not over AND is an OR of the negations.
        Renders("""{ "$or": [{ "tags": { "$elemMatch": { "$ne": "a" } } }, { "tags": { "$elemMatch": { "$ne": "b" } } }] }""",
            Some(Filter.Not(Filter.And(Tag("a"), Tag("b")))));
    }

    [Fact]
    public void Conditions_that_no_element_can_meet_or_every_element_meets_are_constants()
    {
        // An element is never null.
        Renders("""{ "_id": { "$in": [] } }""", Some(Filter.Eq(ListCondition.Element, null)));
        Renders("""{ "_id": { "$in": [] } }""", Some(Filter.In(ListCondition.Element, [null])));
        Renders("""{ "tags": "a" }""", Some(Filter.In(ListCondition.Element, ["a", null])));
        Renders("""{ "tags.0": { "$exists": true } }""", Some(Filter.Not(Filter.Eq(ListCondition.Element, null))));
        Renders("""{ "_id": { "$in": [] } }""", Some(Element(Operator.Contains, null)));
        Renders("""{ "tags.0": { "$exists": true } }""", Some(Filter.Not(Element(Operator.Contains, null))));
        Renders("""{ "_id": { "$in": [] } }""", Some(new OrFilter([])));
        Renders("""{ "tags.0": { "$exists": true } }""", Some(Filter.All));
        Assert.Throws<ArgumentException>(() => Render(Some(Element(Operator.Gt, null))));
    }

    [Fact]
    public void None_is_the_negation_of_some()
    {
        Renders("""{ "tags": { "$ne": "网格员" } }""", new ListCondition("tags", ListQuantifier.None, Tag("网格员")));
        Renders("""{ "tags": { "$nin": ["a", "b"] } }""", new ListCondition("tags", ListQuantifier.None, Filter.In(ListCondition.Element, ["a", "b"])));
        Renders(new BsonDocument("tags", new BsonDocument("$not", new BsonRegularExpression("^网格"))),
            new ListCondition("tags", ListQuantifier.None, Element(Operator.StartsWith, "网格")));
        Renders("""{ "tags": { "$not": { "$elemMatch": { "$gte": "a", "$lt": "b" } } } }""",
            new ListCondition("tags", ListQuantifier.None, Filter.And(Element(Operator.Gte, "a"), Element(Operator.Lt, "b"))));
    }

    [Fact]
    public void All_is_no_element_failing_so_an_empty_list_qualifies()
    {
        Renders("""{ "tags": { "$not": { "$elemMatch": { "$ne": "防控" } } } }""", new ListCondition("tags", ListQuantifier.All, Tag("防控")));
        Renders("""{ "tags": { "$not": { "$elemMatch": { "$nin": ["a", "b"] } } } }""",
            new ListCondition("tags", ListQuantifier.All, Filter.In(ListCondition.Element, ["a", "b"])));
        Renders(new BsonDocument("tags", new BsonDocument("$not", new BsonDocument("$elemMatch", new BsonDocument("$not", new BsonRegularExpression("^网格"))))),
            new ListCondition("tags", ListQuantifier.All, Element(Operator.StartsWith, "网格")));
        // All elements within [a, b): none below a, none at or above b.
        Renders("""{ "$nor": [{ "tags": { "$lt": "a" } }, { "tags": { "$gte": "b" } }] }""",
            new ListCondition("tags", ListQuantifier.All, Filter.And(Element(Operator.Gte, "a"), Element(Operator.Lt, "b"))));
    }

    [Fact]
    public void Any_and_quantifiers_without_an_element_filter()
    {
        Renders("""{ "tags.0": { "$exists": true } }""", new ListCondition("tags", ListQuantifier.Any, null));
        Renders("""{ "tags.0": { "$exists": false } }""", Filter.Not(new ListCondition("tags", ListQuantifier.Any, null)));
        Renders("""{ "tags.0": { "$exists": true } }""", new ListCondition("tags", ListQuantifier.Some, null));
        Renders("""{ "tags.0": { "$exists": false } }""", new ListCondition("tags", ListQuantifier.None, null));
        Renders("{ }", new ListCondition("tags", ListQuantifier.All, null));
    }

    [Fact]
    public void List_conditions_combine_with_others()
    {
        Renders("""{ "status": "PUBLISHED", "tags": "防控", "people": { "$ne": "张三" } }""",
            Filter.And(Filter.Eq("status", "PUBLISHED"), Some(Tag("防控")), new ListCondition("people", ListQuantifier.None, Tag("张三"))));
    }

    [Fact]
    public void An_element_filter_that_would_expand_without_bound_is_refused()
    {
        var or = Filter.Or(Tag("a"), Tag("b"));
        var huge = Some(Filter.And(Enumerable.Repeat(or, 7)));

        var e = Assert.Throws<NotSupportedException>(() => Render(huge));
        Assert.Contains(ElementMatch.MaxAlternatives.ToString(System.Globalization.CultureInfo.InvariantCulture), e.Message);
        Render(Some(Filter.And(Enumerable.Repeat(or, 6))));
    }

    [Fact]
    public void Only_the_element_can_be_compared_inside_a_list_condition()
    {
        Assert.Throws<NotSupportedException>(() => Render(Some(Filter.Eq("title", "x"))));
        Assert.Throws<NotSupportedException>(() => Render(Some(new ListCondition("people", ListQuantifier.Any, null))));
    }
}
