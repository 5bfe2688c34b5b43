using Dangjian.Core.Documents;
using Dangjian.Core.Reading;
using Dangjian.Core.Storage;
using Dangjian.Core.Storage.Mongo;
using Dangjian.Tests.Support;
using MongoDB.Bson;
using static Dangjian.Tests.Storage.Mongo.BsonAssert;

namespace Dangjian.Tests.Storage.Mongo;

/// <summary>
/// Sorts, and the keyset filters that Core's cursors build above the port, as MongoDB receives them. Nulls sort
/// first ascending and last descending in MongoDB (null is below every other BSON type), as in SQLite, so the cursor
/// filters' null handling holds unchanged.
/// </summary>
public sealed class MongoSortAndCursorRenderingTests
{
    private const string Feb15 = "ISODate(\"2020-02-15T00:00:00Z\")";
    private static readonly long Feb15Ms = new DateTimeOffset(2020, 2, 15, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    private static SortField Asc(string field) => new(field, SortDirection.Ascending);

    private static SortField Desc(string field) => new(field, SortDirection.Descending);

    private static BsonDocument RenderSort(DocumentKind kind, params SortField[] sort) =>
        MongoFilterTranslator.TranslateSort(kind, sort).Render(Args);

    [Fact]
    public void Every_sort_shape_renders_in_order_with_the_id_as_underscore_id()
    {
        Equal("""{ "title": 1 }""", RenderSort(Kinds.Story, Asc("title")));
        Equal("""{ "publishedAt": -1 }""", RenderSort(Kinds.Story, Desc("publishedAt")));
        Equal("""{ "publishedAt": -1, "_id": 1 }""", RenderSort(Kinds.Story, Desc("publishedAt"), Asc("id")));
        Equal("""{ "publishedAt": 1, "_id": -1 }""", RenderSort(Kinds.Story, Asc("publishedAt"), Desc("id")));
        Equal("""{ "status": 1, "submittedAt": -1, "_id": -1 }""", RenderSort(Kinds.Story, Asc("status"), Desc("submittedAt"), Desc("id")));
        Equal("""{ "_id": 1 }""", RenderSort(Kinds.Organization, Asc("id")));
        Equal("""{ "participantCount": -1, "occurredAt": 1, "_id": 1 }""", RenderSort(Kinds.ActivityLog, Desc("participantCount"), Asc("occurredAt"), Asc("id")));
        Equal("{ }", RenderSort(Kinds.Story));
        // The version is the store's own _version; temporary an organisation's stored boolean.
        Equal("""{ "_version": -1, "_id": 1 }""", RenderSort(Kinds.Story, Desc("version"), Asc("id")));
        Equal("""{ "temporary": -1, "_id": 1 }""", RenderSort(Kinds.Organization, Desc("temporary"), Asc("id")));
    }

    [Fact]
    public void After_a_version_descending_is_a_keyset_on_underscore_version()
    {
        // Nulls sort last descending, so they follow too (a version is never null; the rule is the same for every field).
        Renders("""{ "$or": [{ "_version": { "$lt": NumberLong(3) } }, { "_version": null }, { "_version": NumberLong(3), "_id": { "$gt": "s1" } }] }""",
            Cursor.After([Desc("version"), Asc("id")], [3L, "s1"]));
    }

    [Fact]
    public void Long_text_cannot_be_sorted_on()
    {
        Assert.False(Kinds.Story.Field("body")!.Sortable);
        Assert.False(Kinds.Directive.Field("preamble")!.Sortable);
    }

    [Fact]
    public void Lists_and_unknown_fields_cannot_be_sorted_on()
    {
        Assert.Throws<NotSupportedException>(() => RenderSort(Kinds.Story, Asc("tags")));
        Assert.Throws<NotSupportedException>(() => RenderSort(Kinds.Story, Asc("$natural")));
        Assert.Throws<NotSupportedException>(() => RenderSort(Kinds.Story, Asc("_doc")));
    }

    [Fact]
    public void After_ascending_with_a_value()
    {
        Renders($$"""{ "$or": [{ "publishedAt": { "$gt": {{Feb15}} } }, { "publishedAt": {{Feb15}}, "_id": { "$gt": "s1" } }] }""",
            Cursor.After([Asc("publishedAt"), Asc("id")], [Feb15Ms, "s1"]));
    }

    [Fact]
    public void After_ascending_from_null_is_every_non_null_then_the_nulls_beyond_the_id()
    {
        Renders("""{ "$or": [{ "publishedAt": { "$ne": null } }, { "publishedAt": null, "_id": { "$gt": "s1" } }] }""",
            Cursor.After([Asc("publishedAt"), Asc("id")], [null, "s1"]));
    }

    [Fact]
    public void After_descending_with_a_value_includes_the_nulls_that_sort_last()
    {
        Renders($$"""{ "$or": [{ "publishedAt": { "$lt": {{Feb15}} } }, { "publishedAt": null }, { "publishedAt": {{Feb15}}, "_id": { "$gt": "s1" } }] }""",
            Cursor.After([Desc("publishedAt"), Asc("id")], [Feb15Ms, "s1"]));
    }

    [Fact]
    public void After_descending_from_null_is_only_the_nulls_beyond_the_id()
    {
        Renders("""{ "$or": [{ "publishedAt": null, "_id": { "$gt": "s1" } }] }""",
            Cursor.After([Desc("publishedAt"), Asc("id")], [null, "s1"]));
    }

    [Fact]
    public void Before_is_after_in_the_reversed_order()
    {
        // Cursor treats every descending key alike, the id included; an _id is never null, so that branch is idle.
        Renders($$"""{ "$or": [{ "publishedAt": { "$gt": {{Feb15}} } }, { "publishedAt": {{Feb15}}, "$or": [{ "_id": { "$lt": "s1" } }, { "_id": null }] }] }""",
            Cursor.After([Asc("publishedAt"), Desc("id")], [Feb15Ms, "s1"]));
        Renders("""{ "$or": [{ "publishedAt": { "$ne": null } }, { "publishedAt": null, "$or": [{ "_id": { "$lt": "s1" } }, { "_id": null }] }] }""",
            Cursor.After([Asc("publishedAt"), Desc("id")], [null, "s1"]));
    }

    [Fact]
    public void After_on_the_id_alone()
    {
        Renders("""{ "$or": [{ "_id": { "$gt": "s1" } }] }""", Cursor.After([Asc("id")], ["s1"]));
        Renders("""{ "$or": [{ "_id": { "$lt": "s1" }}, { "_id": null }] }""", Cursor.After([Desc("id")], ["s1"]));
    }

    [Fact]
    public void After_on_three_keys_of_every_stored_type()
    {
        Renders("""
            { "$or": [
                { "kind": { "$gt": "PUBLICITY" } },
                { "kind": "PUBLICITY", "$or": [{ "participantCount": { "$lt": NumberLong(12) } }, { "participantCount": null }] },
                { "kind": "PUBLICITY", "participantCount": NumberLong(12), "_id": { "$gt": "l1" } }] }
            """,
            Cursor.After([Asc("kind"), Desc("participantCount"), Asc("id")], ["PUBLICITY", 12L, "l1"]), Kinds.ActivityLog);
        Renders("""{ "$or": [{ "featured": { "$lt": true } }, { "featured": null }, { "featured": true, "_id": { "$gt": "s1" } }] }""",
            Cursor.After([Desc("featured"), Asc("id")], [true, "s1"]));
        Renders("""{ "$or": [{ "establishedOn": { "$gt": "2020-01-31" } }, { "establishedOn": "2020-01-31", "_id": { "$gt": "o1" } }] }""",
            Cursor.After([Asc("establishedOn"), Asc("id")], ["2020-01-31", "o1"]), Kinds.Organization);
    }

    [Fact]
    public void A_cursor_issued_for_a_document_becomes_a_filter_on_its_stored_values()
    {
        var samples = new Samples();
        var story = samples.Story("org-1") with { PublishedAt = new DateTimeOffset(2020, 2, 15, 8, 0, 0, TimeSpan.FromHours(8)) };
        List<SortField> order = [Desc("publishedAt"), Asc("id")];

        var values = Cursor.Decode(Kinds.Story, "Query.stories", order, Cursor.Encode(Kinds.Story, "Query.stories", order, story), "after").Value;

        Renders($$"""{ "$or": [{ "publishedAt": { "$lt": {{Feb15}} } }, { "publishedAt": null }, { "publishedAt": {{Feb15}}, "_id": { "$gt": "{{story.Id}}" } }] }""",
            Cursor.After(order, values!));
    }

    [Fact]
    public void Every_sort_the_api_offers_is_served_by_an_index_in_both_directions()
    {
        foreach (var kind in Kinds.All)
        {
            var indexes = MongoSchema.KindIndexes(kind).Select(i => i.Keys.Render(Args)).ToList();
            foreach (var field in kind.Fields.Where(f => f.Sortable && f.Name != "id"))
            {
                foreach (var (key, id) in new[] { (1, 1), (1, -1), (-1, 1), (-1, -1) })
                {
                    // An index serves its own order and the exact reverse.
                    Assert.Contains(indexes, keys => keys.Names.SequenceEqual([MongoValues.Path(field), "_id"])
                        && ((keys[0] == key && keys[1] == id) || (keys[0] == -key && keys[1] == -id)));
                }
            }
        }
    }
}
