using Dangjian.Core.Documents;
using Dangjian.Core.Storage.Mongo;
using Dangjian.Tests.Support;
using MongoDB.Bson;
using static Dangjian.Tests.Storage.Mongo.BsonAssert;

namespace Dangjian.Tests.Storage.Mongo;

/// <summary>The stored shape of documents and the index definitions that InitializeAsync creates.</summary>
public sealed class MongoSchemaTests
{
    private readonly Samples _samples = new();

    [Fact]
    public void A_story_is_stored_with_its_fields_at_the_top_level_in_their_bson_types_and_its_body()
    {
        var story = _samples.Story("org-1", tags: ["防控", "网格员", "防控"]) with
        {
            Id = "story-1",
            Version = 3,
            CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(1_580_000_000_000),
            UpdatedAt = DateTimeOffset.FromUnixTimeMilliseconds(1_580_000_000_500),
            PublishedAt = null,
            Status = StoryStatus.InReview,
        };

        var stored = MongoSchema.Stored(Kinds.Story, story);

        Assert.Equal(["_id", "_version", "createdAt", "updatedAt", "title", "status", "featured", "submittingOrganizationId", "organizationIds",
            "people", "tags", "sectionIds", "activityLogIds", "submittedAt", "publishedAt", "occurredOn", "similarityBands", "datedAt", "_doc"], stored.Names);
        Equal($$"""
            {
                "_id": "story-1", "_version": NumberLong(3),
                "createdAt": ISODate("2020-01-26T00:53:20Z"), "updatedAt": ISODate("2020-01-26T00:53:20.500Z"),
                "title": "{{story.Title}}", "status": "IN_REVIEW", "featured": false, "submittingOrganizationId": "org-1",
                "organizationIds": ["org-1"], "people": ["张三"], "tags": ["防控", "网格员"], "sectionIds": [], "activityLogIds": [],
                "submittedAt": ISODate("2020-02-10T01:00:00Z"), "publishedAt": null,
                "occurredOn": null, "datedAt": ISODate("2020-02-10T01:00:00Z")
            }
            """, new BsonDocument(stored.Where(e => e.Name is not ("_doc" or "similarityBands"))));
        Assert.Equal(BsonJson.ToBson(story), stored["_doc"]);
        Assert.Equal(new BsonString("2020-02-10T09:00:00+08:00"), stored["_doc"]["submittedAt"]);
        Assert.Equal(new BsonArray(Dangjian.Core.Editorial.NearDuplicates.BandsOf(story)), stored["similarityBands"]);
        Assert.Equal(Dangjian.Core.Editorial.NearDuplicates.Bands, stored["similarityBands"].AsBsonArray.Count);

        // A historical date is a calendar date, and dates the story at its midnight in China.
        var archived = MongoSchema.Stored(Kinds.Story, story with { OccurredOn = new DateOnly(2020, 2, 3) });
        Assert.Equal("2020-02-03", archived["occurredOn"]);
        Assert.Equal(new BsonDateTime(new DateTimeOffset(2020, 2, 2, 16, 0, 0, TimeSpan.Zero).UtcDateTime), archived["datedAt"]);
    }

    [Fact]
    public void Derived_fields_are_stored_as_the_api_filters_them()
    {
        var directive = _samples.Directive("org-1", sections: 2) with { Original = new OriginalText("原文", "abc123", null) };

        var stored = MongoSchema.Stored(Kinds.Directive, directive);

        Assert.Equal(new BsonArray(directive.Sections.Select(s => s.Id)), stored["sectionIds"]);
        Assert.Equal("abc123", stored["originalSha"]);
        Assert.Equal(Dangjian.Core.Importing.TextFingerprint.Of("原文"), stored["fingerprint"]);
        Assert.Equal("2020-01-29", stored["issuedOn"]);
        Assert.Equal("NOTICE", stored["documentType"]);
        Assert.False(stored.Contains("sections"));
        Assert.Equal(BsonNull.Value, MongoSchema.Stored(Kinds.Directive, directive with { Original = null })["originalSha"]);
    }

    [Fact]
    public void Every_kind_round_trips_through_its_stored_body_exactly()
    {
        var org = _samples.Organization() with { Version = 1 };
        Document[] documents =
        [
            org,
            _samples.Directive(org.Id) with { Contact = new ContactDetails { Emails = ["ldjgdj1616@163.com"], Text = "邮箱" }, Original = new OriginalText("原文", "abc", "n.txt") },
            _samples.StudyMaterial(),
            // An instant with an offset and sub-millisecond ticks comes back as written, as from SQLite's JSON.
            _samples.ActivityLog(org.Id, occurredAt: new DateTimeOffset(2020, 2, 3, 15, 0, 0, TimeSpan.FromHours(8)).AddTicks(1234)),
            _samples.Story(org.Id, title: """{"$gt": ""} $where \0 .*"""),
        ];
        foreach (var document in documents)
        {
            var kind = Kinds.Of(document);
            var stored = MongoSchema.Stored(kind, document);

            var read = BsonJson.FromBson(kind, stored["_doc"].AsBsonDocument);

            Assert.Equal(DocumentJson.Serialize(document), DocumentJson.Serialize(read));
        }
    }

    [Fact]
    public void Text_that_looks_like_extended_json_stays_a_string_in_the_body()
    {
        var story = _samples.Story("org-1", title: """{"$date": 0}""") with { Body = """{"$oid": "5f0000000000000000000000"}""", People = ["$where"] };

        var body = MongoSchema.Stored(Kinds.Story, story)["_doc"].AsBsonDocument;

        Assert.Equal(new BsonString("""{"$date": 0}"""), body["title"]);
        Assert.Equal(new BsonString("""{"$oid": "5f0000000000000000000000"}"""), body["body"]);
        Assert.Equal(new BsonArray { "$where" }, body["people"]);
    }

    [Fact]
    public void Story_indexes_end_with_the_id_in_both_directions_for_sortable_fields_and_are_multikey_for_lists()
    {
        var rendered = MongoSchema.KindIndexes(Kinds.Story).Select(i => (i.Options.Name, Keys: i.Keys.Render(Args).ToJson())).ToList();

        Assert.Equal(
        [
            // The version is the store's _version, which every document has had from the start.
            ("_version_1__id_1", """{ "_version" : 1, "_id" : 1 }"""),
            ("_version_1__id_-1", """{ "_version" : 1, "_id" : -1 }"""),
            ("createdAt_1__id_1", """{ "createdAt" : 1, "_id" : 1 }"""),
            ("createdAt_1__id_-1", """{ "createdAt" : 1, "_id" : -1 }"""),
            ("updatedAt_1__id_1", """{ "updatedAt" : 1, "_id" : 1 }"""),
            ("updatedAt_1__id_-1", """{ "updatedAt" : 1, "_id" : -1 }"""),
            ("title_1__id_1", """{ "title" : 1, "_id" : 1 }"""),
            ("title_1__id_-1", """{ "title" : 1, "_id" : -1 }"""),
            ("status_1__id_1", """{ "status" : 1, "_id" : 1 }"""),
            ("status_1__id_-1", """{ "status" : 1, "_id" : -1 }"""),
            ("featured_1__id_1", """{ "featured" : 1, "_id" : 1 }"""),
            ("featured_1__id_-1", """{ "featured" : 1, "_id" : -1 }"""),
            ("submittingOrganizationId_1__id_1", """{ "submittingOrganizationId" : 1, "_id" : 1 }"""),
            ("organizationIds_1__id_1", """{ "organizationIds" : 1, "_id" : 1 }"""),
            ("people_1__id_1", """{ "people" : 1, "_id" : 1 }"""),
            ("tags_1__id_1", """{ "tags" : 1, "_id" : 1 }"""),
            ("sectionIds_1__id_1", """{ "sectionIds" : 1, "_id" : 1 }"""),
            ("activityLogIds_1__id_1", """{ "activityLogIds" : 1, "_id" : 1 }"""),
            ("submittedAt_1__id_1", """{ "submittedAt" : 1, "_id" : 1 }"""),
            ("submittedAt_1__id_-1", """{ "submittedAt" : 1, "_id" : -1 }"""),
            ("publishedAt_1__id_1", """{ "publishedAt" : 1, "_id" : 1 }"""),
            ("publishedAt_1__id_-1", """{ "publishedAt" : 1, "_id" : -1 }"""),
            ("occurredOn_1__id_1", """{ "occurredOn" : 1, "_id" : 1 }"""),
            ("occurredOn_1__id_-1", """{ "occurredOn" : 1, "_id" : -1 }"""),
            ("similarityBands_1__id_1", """{ "similarityBands" : 1, "_id" : 1 }"""),
            ("datedAt_1__id_1", """{ "datedAt" : 1, "_id" : 1 }"""),
            ("datedAt_1__id_-1", """{ "datedAt" : 1, "_id" : -1 }"""),
            // What a reader may see is a status: each visible order is status, then the sort key, then the id.
            ("status_1__version_1__id_1", """{ "status" : 1, "_version" : 1, "_id" : 1 }"""),
            ("status_1__version_1__id_-1", """{ "status" : 1, "_version" : 1, "_id" : -1 }"""),
            ("status_1_createdAt_1__id_1", """{ "status" : 1, "createdAt" : 1, "_id" : 1 }"""),
            ("status_1_createdAt_1__id_-1", """{ "status" : 1, "createdAt" : 1, "_id" : -1 }"""),
            ("status_1_updatedAt_1__id_1", """{ "status" : 1, "updatedAt" : 1, "_id" : 1 }"""),
            ("status_1_updatedAt_1__id_-1", """{ "status" : 1, "updatedAt" : 1, "_id" : -1 }"""),
            ("status_1_title_1__id_1", """{ "status" : 1, "title" : 1, "_id" : 1 }"""),
            ("status_1_title_1__id_-1", """{ "status" : 1, "title" : 1, "_id" : -1 }"""),
            ("status_1_featured_1__id_1", """{ "status" : 1, "featured" : 1, "_id" : 1 }"""),
            ("status_1_featured_1__id_-1", """{ "status" : 1, "featured" : 1, "_id" : -1 }"""),
            ("status_1_submittedAt_1__id_1", """{ "status" : 1, "submittedAt" : 1, "_id" : 1 }"""),
            ("status_1_submittedAt_1__id_-1", """{ "status" : 1, "submittedAt" : 1, "_id" : -1 }"""),
            ("status_1_publishedAt_1__id_1", """{ "status" : 1, "publishedAt" : 1, "_id" : 1 }"""),
            ("status_1_publishedAt_1__id_-1", """{ "status" : 1, "publishedAt" : 1, "_id" : -1 }"""),
            ("status_1_occurredOn_1__id_1", """{ "status" : 1, "occurredOn" : 1, "_id" : 1 }"""),
            ("status_1_occurredOn_1__id_-1", """{ "status" : 1, "occurredOn" : 1, "_id" : -1 }"""),
            ("status_1_datedAt_1__id_1", """{ "status" : 1, "datedAt" : 1, "_id" : 1 }"""),
            ("status_1_datedAt_1__id_-1", """{ "status" : 1, "datedAt" : 1, "_id" : -1 }"""),
        ], rendered);
    }

    [Fact]
    public void Every_visible_order_of_every_kind_with_a_status_has_an_index_led_by_the_status_then_the_sort_key_then_the_id()
    {
        foreach (var kind in Kinds.All.Where(k => k.Field("status") is not null))
        {
            var keys = MongoSchema.KindIndexes(kind).Select(i => i.Keys.Render(Args).ToJson()).ToHashSet();
            foreach (var field in kind.Fields.Where(f => f.Sortable && !f.IsList && f.Name is not "id" and not "status"))
            {
                // A page sorts the id against the key's direction when paging backwards: both are needed.
                Assert.Contains($$"""{ "status" : 1, "{{MongoValues.Path(field)}}" : 1, "_id" : 1 }""", keys);
                Assert.Contains($$"""{ "status" : 1, "{{MongoValues.Path(field)}}" : 1, "_id" : -1 }""", keys);
            }
        }
        Assert.Contains(Kinds.All, k => k.Field("status") is not null && k.Fields.Count(f => f.Sortable) > 2);
    }

    [Fact]
    public void Every_field_of_every_kind_has_an_index_and_no_collection_needs_more_than_mongodb_allows()
    {
        foreach (var kind in Kinds.All)
        {
            var indexes = MongoSchema.KindIndexes(kind);
            var leading = indexes.Select(i => i.Keys.Render(Args).GetElement(0).Name).ToHashSet();
            Assert.All(kind.Fields.Where(f => f.Name != "id" && f.Indexed), f => Assert.Contains(MongoValues.Path(f), leading));
            // Long text has none: it is filtered where it lies in _doc, and no index would serve a contains.
            Assert.All(kind.Fields.Where(f => !f.Indexed), f => Assert.DoesNotContain(indexes, i => i.Keys.Render(Args).Contains(MongoValues.Path(f))));
            Assert.All(indexes, i => Assert.Equal("_id", i.Keys.Render(Args).Last().Name));
            Assert.Equal(indexes.Count, indexes.Select(i => i.Options.Name).Distinct().Count());
            // 64 per collection, _id's own index included.
            Assert.True(indexes.Count < 64);
        }
    }

    [Fact]
    public void Revision_audit_and_change_collections_are_indexed_for_their_reads()
    {
        var revision = Assert.Single(MongoSchema.RevisionIndexes());
        Equal("""{ "kind": 1, "documentId": 1, "version": -1 }""", revision.Keys.Render(Args));
        Assert.True(revision.Options.Unique);

        Assert.Equal(
        [
            """{ "actor" : 1, "_id" : -1 }""",
            """{ "documentId" : 1, "_id" : -1 }""",
            """{ "kind" : 1, "_id" : -1 }""",
            """{ "action" : 1, "_id" : -1 }""",
            """{ "at" : 1, "_id" : -1 }""",
        ], MongoSchema.AuditIndexes().Select(i => i.Keys.Render(Args).ToJson()));
        Assert.Equal(["organizations", "directives", "study_materials", "activity_logs", "stories", "revisions", "audit", "changes", "counters", "schema"],
            MongoSchema.Collections);
    }

    [Fact]
    public void A_start_backfills_only_documents_missing_a_field_not_recorded_yet_and_with_every_field_recorded_reads_none()
    {
        var all = MongoSchema.StoredFields(Kinds.Story);

        // Every field recorded: nothing is read, whatever the size of the collection.
        Assert.Null(MongoSchema.BackfillFilter(Kinds.Story, all));
        Assert.Null(MongoSchema.BackfillFilter(Kinds.Story, [.. all, "aFieldSinceRemoved"]));
        // One new field: only documents without it, which its own index finds.
        Equal("""{ "people": { "$exists": false } }""", MongoSchema.BackfillFilter(Kinds.Story, all.Where(n => n != "people").ToList())!.Render(Args));
        Equal("""{ "$or": [{ "featured": { "$exists": false } }, { "people": { "$exists": false } }] }""",
            MongoSchema.BackfillFilter(Kinds.Story, all.Where(n => n is not ("people" or "featured")).ToList())!.Render(Args));
        // A store from before the schema documents: every field is asked once, then recorded.
        var legacy = MongoSchema.BackfillFilter(Kinds.Story, null)!.Render(Args);
        Assert.Equal(all, legacy["$or"].AsBsonArray.Select(c => c.AsBsonDocument.GetElement(0).Name));
        Assert.DoesNotContain("id", all);
        // Nor the version (_version) or long text (in _doc only): neither is a top-level field to backfill.
        Assert.DoesNotContain("version", all);
        Assert.DoesNotContain("body", all);
        Assert.DoesNotContain("summary", all);
    }

    [Fact]
    public void Long_text_is_not_copied_to_the_top_level_and_temporary_is_stored_for_organisations()
    {
        var story = MongoSchema.Stored(Kinds.Story, _samples.Story("org-1") with { Id = "s1", Version = 2 });
        Assert.False(story.Contains("body"));
        Assert.False(story.Contains("summary"));
        Assert.False(story.Contains("version"));
        Assert.Equal(new BsonInt64(2), story["_version"]);
        Assert.Equal(new BsonString("发热门诊的党员医护人员坚守岗位。"), story["_doc"]["body"]);

        Assert.Equal(BsonBoolean.True, MongoSchema.Stored(Kinds.Organization, _samples.Organization(kind: OrganizationKind.TemporaryBranch))["temporary"]);
        Assert.Equal(BsonBoolean.False, MongoSchema.Stored(Kinds.Organization, _samples.Organization())["temporary"]);
        Assert.Contains("temporary", MongoSchema.StoredFields(Kinds.Organization));
        Assert.False(MongoSchema.Stored(Kinds.Directive, _samples.Directive("org-1")).Contains("preamble"));
    }
}
