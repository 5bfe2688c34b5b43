using Dangjian.Core.Storage;
using Dangjian.Core.Storage.Mongo;
using static Dangjian.Tests.Storage.Mongo.BsonAssert;

namespace Dangjian.Tests.Storage.Mongo;

/// <summary>
/// The audit log's reads as MongoDB receives them: the conditions, both sequence bounds on <c>_id</c> (the entry's
/// sequence, an int64), and the order both ways, which the paging of auditLog (first/after, last/before) and its
/// totalCount are built on.
/// </summary>
public sealed class MongoAuditRenderingTests
{
    [Fact]
    public void No_condition_is_the_empty_filter()
    {
        Equal("{ }", Render(MongoDocumentStore.AuditFilter(new AuditQuery())));
        // Neither the order nor the limit is a condition: a count over the same query counts every entry.
        Equal("{ }", Render(MongoDocumentStore.AuditFilter(new AuditQuery { OldestFirst = true, Limit = 3 })));
    }

    [Fact]
    public void Sequence_bounds_are_on_the_underscore_id_as_int64()
    {
        Equal("""{ "_id": { "$lt": NumberLong(40) } }""", Render(MongoDocumentStore.AuditFilter(new AuditQuery { BeforeSequence = 40 })));
        Equal("""{ "_id": { "$gt": NumberLong(7) } }""", Render(MongoDocumentStore.AuditFilter(new AuditQuery { AfterSequence = 7 })));
        Equal("""{ "_id": { "$lt": NumberLong(40), "$gt": NumberLong(7) } }""",
            Render(MongoDocumentStore.AuditFilter(new AuditQuery { BeforeSequence = 40, AfterSequence = 7 })));
    }

    [Fact]
    public void Conditions_and_bounds_hold_together()
    {
        var from = new DateTimeOffset(2020, 2, 1, 0, 0, 0, TimeSpan.FromHours(8));
        Equal("""
            { "actor": "editor-li", "kind": "Story", "documentId": "s1", "action": "publish",
              "at": { "$gte": ISODate("2020-01-31T16:00:00Z") }, "_id": { "$gt": NumberLong(3) } }
            """,
            Render(MongoDocumentStore.AuditFilter(new AuditQuery
            {
                Actor = "editor-li", Kind = "Story", DocumentId = "s1", Action = "publish", From = from, AfterSequence = 3,
            })));
    }

    [Fact]
    public void Newest_first_by_default_and_oldest_first_when_paging_backwards()
    {
        Equal("""{ "_id": -1 }""", MongoDocumentStore.AuditSort(new AuditQuery()).Render(Args));
        Equal("""{ "_id": 1 }""", MongoDocumentStore.AuditSort(new AuditQuery { OldestFirst = true }).Render(Args));
    }
}
