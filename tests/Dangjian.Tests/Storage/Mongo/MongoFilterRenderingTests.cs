using Dangjian.Core.Documents;
using Dangjian.Core.Storage;
using MongoDB.Bson;
using static Dangjian.Tests.Storage.Mongo.BsonAssert;

namespace Dangjian.Tests.Storage.Mongo;

/// <summary>Every operator of the filter model on scalar fields, its negation, and the junctions, as MongoDB receives them.</summary>
public sealed class MongoFilterRenderingTests
{
    private static readonly DateTimeOffset Cut = new(2020, 2, 15, 8, 0, 0, TimeSpan.FromHours(8));

    [Fact]
    public void Eq_is_an_implied_equality_and_the_id_is_underscore_id()
    {
        Renders("""{ "title": "火线党支部" }""", Filter.Eq("title", "火线党支部"));
        Renders("""{ "_id": "story-1" }""", Filter.Eq("id", "story-1"));
    }

    [Fact]
    public void Eq_null_matches_null_and_missing_and_its_negation_neither()
    {
        // {f: null} matches a null or missing field in MongoDB, as IS NULL does in SQLite.
        Renders("""{ "publishedAt": null }""", Filter.Eq("publishedAt", null));
        Renders("""{ "publishedAt": { "$ne": null } }""", Filter.Not(Filter.Eq("publishedAt", null)));
    }

    [Fact]
    public void Not_eq_is_ne_which_also_matches_an_empty_field()
    {
        Renders("""{ "status": { "$ne": "PUBLISHED" } }""", Filter.Not(Filter.Eq("status", "PUBLISHED")));
    }

    [Fact]
    public void In_keeps_null_as_a_value_so_it_matches_empty_fields()
    {
        Renders("""{ "status": { "$in": ["PUBLISHED", "SUBMITTED"] } }""", Filter.In("status", ["PUBLISHED", "SUBMITTED"]));
        Renders("""{ "publishedAt": { "$in": [null] } }""", Filter.In("publishedAt", [null]));
        Renders("""{ "status": { "$in": ["PUBLISHED", null] } }""", Filter.In("status", ["PUBLISHED", null, "PUBLISHED"]));
        Renders("""{ "status": { "$nin": ["PUBLISHED", null] } }""", Filter.Not(Filter.In("status", ["PUBLISHED", null])));
        Renders("""{ "status": { "$in": [] } }""", Filter.In("status", []));
    }

    [Fact]
    public void Comparisons_render_each_operator()
    {
        Renders("""{ "participantCount": { "$gt": NumberLong(5) } }""", new Condition("participantCount", Operator.Gt, 5), Kinds.ActivityLog);
        Renders("""{ "participantCount": { "$gte": NumberLong(5) } }""", new Condition("participantCount", Operator.Gte, 5L), Kinds.ActivityLog);
        Renders("""{ "participantCount": { "$lt": NumberLong(5) } }""", new Condition("participantCount", Operator.Lt, 5), Kinds.ActivityLog);
        Renders("""{ "participantCount": { "$lte": NumberLong(5) } }""", new Condition("participantCount", Operator.Lte, 5), Kinds.ActivityLog);
    }

    [Fact]
    public void Negated_comparisons_use_not_which_matches_empty_fields()
    {
        Renders("""{ "publishedAt": { "$not": { "$gt": ISODate("2020-02-15T00:00:00Z") } } }""", Filter.Not(new Condition("publishedAt", Operator.Gt, Cut)));
        Renders("""{ "title": { "$not": { "$lte": "M" } } }""", Filter.Not(new Condition("title", Operator.Lte, "M")));
    }

    [Fact]
    public void A_comparison_with_no_value_is_refused_as_sqlite_refuses_it()
    {
        Assert.Throws<ArgumentException>(() => Render(new Condition("title", Operator.Gt, null)));
    }

    [Fact]
    public void Each_field_kind_is_converted_to_its_stored_bson_type()
    {
        // String and Id: strings.
        Renders("""{ "title": "标题" }""", Filter.Eq("title", "标题"));
        Renders("""{ "issuerId": "org-1" }""", Filter.Eq("issuerId", "org-1"), Kinds.Directive);
        // Enum: the CONSTANT_CASE name, from the enum value or from the name.
        Renders("""{ "status": "IN_REVIEW" }""", Filter.Eq("status", StoryStatus.InReview));
        Renders("""{ "status": "IN_REVIEW" }""", Filter.Eq("status", "IN_REVIEW"));
        // Int: int64 whatever the CLR integer type.
        Renders("""{ "participantCount": NumberLong(12) }""", Filter.Eq("participantCount", 12), Kinds.ActivityLog);
        // Boolean.
        Renders("""{ "featured": true }""", Filter.Eq("featured", true));
        // Date: "yyyy-MM-dd" text, from a DateOnly, a DateTime or the text.
        Renders("""{ "issuedOn": { "$gte": "2020-01-29" } }""", new Condition("issuedOn", Operator.Gte, new DateOnly(2020, 1, 29)), Kinds.Directive);
        Renders("""{ "issuedOn": { "$gte": "2020-01-29" } }""", new Condition("issuedOn", Operator.Gte, new DateTime(2020, 1, 29, 23, 0, 0)), Kinds.Directive);
        Renders("""{ "issuedOn": "2020-01-29" }""", Filter.Eq("issuedOn", "2020-01-29"), Kinds.Directive);
        // DateTime: a BSON date (UTC milliseconds) from an offset time, a normalized long or a DateTime.
        Renders("""{ "occurredAt": { "$gte": ISODate("2020-02-15T00:00:00Z") } }""", new Condition("occurredAt", Operator.Gte, Cut), Kinds.ActivityLog);
        Renders("""{ "occurredAt": ISODate("2020-02-15T00:00:00Z") }""", Filter.Eq("occurredAt", Cut.ToUnixTimeMilliseconds()), Kinds.ActivityLog);
        Renders("""{ "createdAt": { "$lt": ISODate("2020-02-15T00:00:00.123Z") } }""",
            new Condition("createdAt", Operator.Lt, new DateTime(2020, 2, 15, 0, 0, 0, 123, DateTimeKind.Utc)));
    }

    [Fact]
    public void A_value_of_the_wrong_type_is_refused_not_turned_into_a_query()
    {
        Assert.Throws<FormatException>(() => Render(Filter.Eq("title", new Dictionary<string, object> { ["$gt"] = "" })));
        Assert.Throws<FormatException>(() => Render(Filter.Eq("title", BsonDocument.Parse("""{ "$gt": "" }"""))));
        Assert.Throws<FormatException>(() => Render(Filter.Eq("participantCount", "5"), Kinds.ActivityLog));
        Assert.Throws<FormatException>(() => Render(Filter.Eq("status", "NO_SUCH_STATUS")));
        Assert.Throws<FormatException>(() => Render(Filter.Eq("issuedOn", "29/01/2020"), Kinds.Directive));
    }

    [Fact]
    public void Text_operations_are_case_sensitive_regexes_of_the_escaped_text()
    {
        Renders(new BsonDocument("title", new BsonRegularExpression("党支部")), new Condition("title", Operator.Contains, "党支部"));
        Renders(new BsonDocument("title", new BsonRegularExpression("^火线")), new Condition("title", Operator.StartsWith, "火线"));
        Renders(new BsonDocument("title", new BsonRegularExpression("网格员\\z")), new Condition("title", Operator.EndsWith, "网格员"));
        Renders(new BsonDocument("title", new BsonRegularExpression("\\z")), new Condition("title", Operator.EndsWith, ""));
        // No options: never "i".
        Assert.Equal("", Render(new Condition("title", Operator.Contains, "Grid"))["title"].AsBsonRegularExpression.Options);
    }

    [Fact]
    public void Negated_text_operations_use_not_which_matches_empty_fields()
    {
        Renders(new BsonDocument("title", new BsonDocument("$not", new BsonRegularExpression("火线"))),
            Filter.Not(new Condition("title", Operator.Contains, "火线")));
    }

    [Fact]
    public void Text_operations_work_on_every_text_kind_and_no_other()
    {
        Renders(new BsonDocument("status", new BsonRegularExpression("^IN_REVIEW")), new Condition("status", Operator.StartsWith, StoryStatus.InReview));
        Renders(new BsonDocument("issuedOn", new BsonRegularExpression("2020\\-01\\-29\\z")), new Condition("issuedOn", Operator.EndsWith, "2020-01-29"), Kinds.Directive);
        Assert.Throws<NotSupportedException>(() => Render(new Condition("participantCount", Operator.Contains, 5), Kinds.ActivityLog));
        Assert.Throws<NotSupportedException>(() => Render(new Condition("featured", Operator.Contains, true)));
        Assert.Throws<NotSupportedException>(() => Render(new Condition("publishedAt", Operator.StartsWith, 0L)));
    }

    [Fact]
    public void A_text_operation_without_text_matches_nothing_and_its_negation_everything()
    {
        // SQLite: instr(title, NULL) is unknown, so it matches nothing, and NOT COALESCE(unknown, 0) everything.
        Renders("""{ "_id": { "$in": [] } }""", new Condition("title", Operator.Contains, null));
        Renders("""{ "_id": { "$nin": [] } }""", Filter.Not(new Condition("title", Operator.EndsWith, null)));
    }

    [Theory]
    [InlineData("$where")]
    [InlineData("""{"$gt": ""}""")]
    [InlineData("this.title == 'x' || true")]
    [InlineData("x' OR '1'='1")]
    [InlineData("a.b")]
    [InlineData("$ne")]
    public void Hostile_text_stays_a_string_value(string hostile)
    {
        Renders(new BsonDocument("title", hostile), Filter.Eq("title", hostile));
        Renders(new BsonDocument("title", new BsonDocument("$in", new BsonArray { hostile })), Filter.In("title", [hostile]));
        var regex = Render(new Condition("title", Operator.Contains, hostile))["title"].AsBsonRegularExpression;
        Assert.Equal(Core.Storage.Mongo.PcreLiteral.Escape(hostile), regex.Pattern);
    }

    [Theory]
    [InlineData("$where")]
    [InlineData("title.x")]
    [InlineData("_id")]
    [InlineData("$or")]
    [InlineData("_doc")]
    [InlineData("_version")]
    [InlineData("tags.0")]
    public void Field_names_come_only_from_the_kind(string field)
    {
        Assert.Throws<NotSupportedException>(() => Render(Filter.Eq(field, "x")));
        Assert.Throws<NotSupportedException>(() => Render(new ListCondition(field, ListQuantifier.Any, null)));
    }

    [Fact]
    public void And_merges_fields_and_falls_back_to_dollar_and_when_they_repeat()
    {
        Renders("""{ "title": "甲", "status": "PUBLISHED" }""", Filter.And(Filter.Eq("title", "甲"), Filter.Eq("status", "PUBLISHED")));
        Renders("""{ "publishedAt": { "$gte": ISODate("2020-02-15T00:00:00Z"), "$lt": ISODate("2020-03-01T00:00:00Z") } }""",
            Filter.And(new Condition("publishedAt", Operator.Gte, Cut), new Condition("publishedAt", Operator.Lt, new DateTimeOffset(2020, 3, 1, 0, 0, 0, TimeSpan.Zero))));
        Renders("""{ "$and": [{ "title": "甲" }, { "title": "乙" }] }""", new AndFilter([Filter.Eq("title", "甲"), Filter.Eq("title", "乙")]));
    }

    [Fact]
    public void Empty_junctions_match_everything_and_nothing()
    {
        // The driver would render an empty And as {$and: []} and an empty Or as {$or: []}, both errors on the server.
        Renders("{ }", Filter.All);
        Renders("{ }", new AndFilter([]));
        Renders("""{ "_id": { "$in": [] } }""", new OrFilter([]));
        Renders("""{ "_id": { "$nin": [] } }""", Filter.Not(new OrFilter([])));
        Renders("""{ "$nor": [{ }] }""", Filter.Not(Filter.All));
    }

    [Fact]
    public void Or_and_its_negation()
    {
        Renders("""{ "$or": [{ "title": "甲" }, { "status": "SUBMITTED" }] }""", Filter.Or(Filter.Eq("title", "甲"), Filter.Eq("status", "SUBMITTED")));
        Renders("""{ "$nor": [{ "title": "甲" }, { "status": "SUBMITTED" }] }""", Filter.Not(Filter.Or(Filter.Eq("title", "甲"), Filter.Eq("status", "SUBMITTED"))));
        Renders("""{ "$or": [{ "title": "甲" }, { "_id": { "$in": [] } }] }""",
            new OrFilter([Filter.Eq("title", "甲"), new OrFilter([])]));
    }

    [Fact]
    public void Not_of_an_and_is_a_nor_and_double_negation_cancels()
    {
        Renders("""{ "$nor": [{ "title": "甲", "status": "PUBLISHED" }] }""", Filter.Not(Filter.And(Filter.Eq("title", "甲"), Filter.Eq("status", "PUBLISHED"))));
        Renders("""{ "title": "甲" }""", Filter.Not(Filter.Not(Filter.Eq("title", "甲"))));
        Renders("""{ "publishedAt": { "$gt": ISODate("2020-02-15T00:00:00Z") } }""", Filter.Not(Filter.Not(new Condition("publishedAt", Operator.Gt, Cut))));
    }

    [Fact]
    public void A_list_field_needs_a_quantifier_and_an_element_condition_needs_a_list()
    {
        Assert.Throws<NotSupportedException>(() => Render(Filter.Eq("tags", "防控")));
        Assert.Throws<NotSupportedException>(() => Render(new ListCondition("title", ListQuantifier.Some, Filter.Eq(ListCondition.Element, "x"))));
        Assert.Throws<NotSupportedException>(() => Render(Filter.Eq(ListCondition.Element, "x")));
    }

    [Fact]
    public void Long_text_is_filtered_inside_the_stored_document_and_the_version_is_underscore_version()
    {
        // Not copied to the top level (no index would help a contains): the value is read where it lies in _doc.
        Renders(new BsonDocument("_doc.body", new BsonRegularExpression("发热门诊")), new Condition("body", Operator.Contains, "发热门诊"));
        Renders(new BsonDocument("_doc.summary", new BsonDocument("$not", new BsonRegularExpression("^坚守"))), Filter.Not(new Condition("summary", Operator.StartsWith, "坚守")));
        Renders("""{ "_doc.closing": null }""", Filter.Eq("closing", null), Kinds.Directive);
        Renders("""{ "_doc.preamble": { "$in": ["现通知如下。", ""] } }""", Filter.In("preamble", ["现通知如下。", ""]), Kinds.Directive);
        Renders(new BsonDocument("_doc.summary", new BsonRegularExpression("\\.\\*")), new Condition("summary", Operator.Contains, ".*"), Kinds.ActivityLog);
        Renders("""{ "_version": { "$gt": NumberLong(1) } }""", new Condition("version", Operator.Gt, 1L));
        Renders("""{ "temporary": true }""", Filter.Eq("temporary", true), Kinds.Organization);
    }
}
