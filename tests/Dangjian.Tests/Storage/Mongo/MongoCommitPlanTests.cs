using Dangjian.Core.Documents;
using Dangjian.Core.Storage;
using Dangjian.Core.Storage.Mongo;
using Dangjian.Tests.Support;
using MongoDB.Bson;
using MongoDB.Driver;
using static Dangjian.Tests.Storage.Mongo.BsonAssert;

namespace Dangjian.Tests.Storage.Mongo;

/// <summary>
/// What a MongoDB commit sends, rendered without a server: a batch of imports (an outside issuer and a hundred
/// directives, as the import command commits them) takes the counter document once, by one <c>$inc</c> of its write
/// count, and every revision, audit entry and change-feed entry is numbered from that one value.
/// </summary>
public sealed class MongoCommitPlanTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeMilliseconds(1_580_000_000_000);

    private static (Commit Commit, Organization Issuer, List<Directive> Directives) ImportBatch()
    {
        var samples = new Samples();
        var issuer = samples.Organization("娄底市卫生健康委员会", kind: OrganizationKind.External);
        var directives = Enumerable.Range(1, 100).Select(i => samples.Directive(issuer.Id, $"关于第{i}批志愿服务的函")).ToList();
        var writes = new List<DocumentWrite> { DocumentWrite.Insert(issuer, "import", "from letter-1.txt") };
        writes.AddRange(directives.Select((d, i) => DocumentWrite.Insert(d, "import", $"from letter-{i + 1}.txt")));
        return (new Commit(writes, ChangeAuthor.System), issuer, directives);
    }

    [Fact]
    public void A_batch_of_a_hundred_imports_takes_the_counter_once_for_all_of_its_writes()
    {
        var (commit, issuer, directives) = ImportBatch();

        var (filter, update) = MongoCommitPlan.TakeSequences(commit);

        Equal("""{ "_id": "changes" }""", Render(filter));
        Equal("""{ "$inc": { "value": NumberLong(101) } }""", update.Render(Args).AsBsonDocument);

        // The counter stood at 1000: the increment reserved 1001 … 1101.
        Assert.True(MongoCommitPlan.TryBuild(commit, new(), taken: 1101, Now, out var plan, out var conflict));
        Assert.Null(conflict);
        Assert.Equal(Enumerable.Range(1001, 101).Select(n => (long)n), plan.Changes.Select(c => c["_id"].AsInt64));
        Assert.Equal(plan.Changes.Select(c => c["_id"]), plan.Audit.Select(a => a["_id"]));
        Assert.Equal(1101, plan.LastSequence);
        Equal($$"""{ "_id": NumberLong(1001), "kind": "Organization", "documentId": "{{issuer.Id}}", "version": NumberLong(1), "at": { "$date": { "$numberLong": "1580000000000" } } }""",
            plan.Changes[0]);
        Equal($$"""{ "_id": NumberLong(1101), "kind": "Directive", "documentId": "{{directives[^1].Id}}", "version": NumberLong(1), "at": { "$date": { "$numberLong": "1580000000000" } } }""",
            plan.Changes[^1]);

        // One ordered bulk write per kind's collection, issuer first; the plan itself never names the counter.
        Assert.Equal([(Kinds.Organization.Collection, 1), (Kinds.Directive.Collection, 100)], plan.Documents.Select(d => (d.Kind.Collection, d.Models.Count)));
        Assert.All(plan.Documents.SelectMany(d => d.Models), m => Assert.IsType<InsertOneModel<BsonDocument>>(m));
        Assert.Equal(101, plan.Revisions.Count);
        Assert.Equal([issuer.Id, .. directives.Select(d => d.Id)], plan.Stored.Select(d => d.Id));
        Assert.All(plan.Stored, d => Assert.Equal((1L, Now, Now), (d.Version, d.CreatedAt, d.UpdatedAt)));
    }

    [Fact]
    public void An_update_is_a_replace_filtered_on_the_version_read_and_a_stale_one_is_a_conflict_with_no_plan()
    {
        var samples = new Samples();
        var organization = samples.Organization() with { Version = 3 };
        var commit = new Commit(new DocumentWrite(organization with { Name = "改名" }, 3, "update"), ChangeAuthor.System);
        var read = new Dictionary<(DocumentKind, string), (long Version, DateTimeOffset? CreatedAt)> { [(Kinds.Organization, organization.Id)] = (3, Now.AddDays(-1)) };

        Assert.True(MongoCommitPlan.TryBuild(commit, read, taken: 7, Now, out var plan, out _));

        var replace = Assert.IsType<ReplaceOneModel<BsonDocument>>(Assert.Single(Assert.Single(plan.Documents).Models));
        Equal($$"""{ "_id": "{{organization.Id}}", "_version": NumberLong(3) }""", Render(replace.Filter));
        Equal($$"""{ "_id": NumberLong(7), "kind": "Organization", "documentId": "{{organization.Id}}", "version": NumberLong(4), "at": { "$date": { "$numberLong": "1580000000000" } } }""",
            Assert.Single(plan.Changes));

        var stale = new Dictionary<(DocumentKind, string), (long Version, DateTimeOffset? CreatedAt)> { [(Kinds.Organization, organization.Id)] = (4, Now.AddDays(-1)) };
        Assert.False(MongoCommitPlan.TryBuild(commit, stale, taken: 7, Now, out var none, out var conflict));
        Assert.Null(none);
        Assert.Equal(new CommitResult.Conflict("Organization", organization.Id, 3, 4), conflict);
    }
}
