using Dangjian.Core.Documents;
using Dangjian.Core.Storage;
using Dangjian.Core.Storage.Mongo;
using MongoDB.Bson;
using MongoDB.Driver;
using SortDirection = Dangjian.Core.Storage.SortDirection;

namespace Dangjian.Tests.Storage.Mongo;

/// <summary>
/// The contract suite on a live MongoDB, in a fresh database per test that is dropped afterwards. It runs where
/// MONGODB_URI points at a replica set; elsewhere every test reports itself skipped with the reason.
/// </summary>
public sealed class MongoDocumentStoreTests : DocumentStoreContract
{
    public const string UriVariable = "MONGODB_URI";

    private readonly string _database = $"dangjian_test_{Guid.NewGuid():N}";
    private string? _uri;

    /// <summary>Every test passes through here (the contract's InitializeAsync), so each one skips itself.</summary>
    protected override async Task<IDocumentStore> CreateStoreAsync()
    {
        _uri = Environment.GetEnvironmentVariable(UriVariable);
        if (string.IsNullOrWhiteSpace(_uri))
        {
            Assert.Skip($"{UriVariable} is not set: the MongoDB store's tests need a replica set, e.g. `docker compose up -d mongo` "
                + $"and {UriVariable}=mongodb://localhost:27017/?directConnection=true");
        }
        var store = new MongoDocumentStore(new MongoStoreOptions { ConnectionString = _uri, Database = _database }, TimeProvider.System);
        await store.InitializeAsync(Ct);
        return store;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_uri is null)
            return;
        using var client = new MongoClient(_uri);
        await client.DropDatabaseAsync(_database, CancellationToken.None);
    }

    [Fact]
    public async Task Initialising_twice_keeps_the_data_and_the_indexes()
    {
        var org = await InsertAsync(Samples.Organization());

        await Store.InitializeAsync(Ct);

        Assert.NotNull(await Store.GetAsync(Kinds.Organization, org.Id, Ct));
        using var client = new MongoClient(_uri);
        using var cursor = await client.GetDatabase(_database).GetCollection<BsonDocument>(Kinds.Story.Collection).Indexes.ListAsync(Ct);
        var names = (await cursor.ToListAsync(Ct)).Select(i => i["name"].AsString).ToHashSet();
        Assert.All(MongoSchema.KindIndexes(Kinds.Story), index => Assert.Contains(index.Options.Name, names));
    }

    [Fact]
    public async Task Concurrent_commits_get_distinct_gap_free_sequences_in_commit_order()
    {
        var start = await Store.GetLastSequenceAsync(Ct);

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            Store.CommitAsync(new Commit(DocumentWrite.Insert(Samples.Organization($"并发{i}")), ChangeAuthor.System), Ct)));

        var sequences = results.Select(r => Assert.IsType<CommitResult.Committed>(r).LastSequence).Order().ToList();
        Assert.Equal(Enumerable.Range(1, 8).Select(i => start + i), sequences);
        var changes = await Store.ReadChangesAsync(start, 100, Ct);
        Assert.Equal(sequences, changes.Select(c => c.Sequence));
    }

    [Fact]
    public async Task A_commit_of_a_hundred_documents_raises_the_counter_once_by_a_hundred_and_is_one_run_of_the_feed()
    {
        using var client = new MongoClient(_uri);
        var counters = client.GetDatabase(_database).GetCollection<BsonDocument>(MongoSchema.Counters);
        var counter = Builders<BsonDocument>.Filter.Eq("_id", MongoSchema.SequenceCounter);
        var before = await CounterAsync();
        var start = await Store.GetLastSequenceAsync(Ct);

        var result = await Store.CommitAsync(new Commit(
            Enumerable.Range(0, 100).Select(i => DocumentWrite.Insert(Samples.Organization($"批量{i}"), "import")).ToList(), ChangeAuthor.System), Ct);

        Assert.Equal(start + 100, Assert.IsType<CommitResult.Committed>(result).LastSequence);
        Assert.Equal(before + 100, await CounterAsync());
        var changes = await Store.ReadChangesAsync(start, 200, Ct);
        Assert.Equal(Enumerable.Range(1, 100).Select(i => start + i), changes.Select(c => c.Sequence));
        Assert.Single(changes.Select(c => c.At).Distinct());

        async Task<long> CounterAsync()
        {
            using var cursor = await counters.FindAsync(counter, cancellationToken: Ct);
            return (await cursor.SingleAsync(Ct))[MongoSchema.CounterValue].ToInt64();
        }
    }

    [Fact]
    public async Task Of_concurrent_updates_from_one_version_exactly_one_wins()
    {
        var org = await InsertAsync(Samples.Organization());

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(i =>
            Store.CommitAsync(new Commit(new DocumentWrite(org with { Name = $"改名{i}" }, 1, "update"), ChangeAuthor.System), Ct)));

        Assert.Single(results.OfType<CommitResult.Committed>());
        Assert.All(results.OfType<CommitResult.Conflict>(), c => Assert.Equal(2, c.ActualVersion));
        Assert.Equal(2, (await Store.GetAsync(Kinds.Organization, org.Id, Ct))!.Version);
        Assert.Equal(2, (await Store.GetRevisionsAsync(Kinds.Organization, org.Id, Ct)).Count);
    }

    [Fact]
    public async Task A_field_missing_from_older_documents_is_filled_from_the_stored_body_on_start()
    {
        var org = await InsertAsync(Samples.Organization());
        var story = await InsertAsync(Samples.Story(org.Id, title: "旧库里的故事"));
        using (var client = new MongoClient(_uri))
        {
            // What a document written before "featured" and "people" were defined looks like, in a store that has not
            // recorded them yet.
            await client.GetDatabase(_database).GetCollection<BsonDocument>(Kinds.Story.Collection).UpdateOneAsync(
                Builders<BsonDocument>.Filter.Eq("_id", story.Id),
                Builders<BsonDocument>.Update.Unset("featured").Unset("people"), cancellationToken: Ct);
            await client.GetDatabase(_database).GetCollection<BsonDocument>(MongoSchema.Schema).UpdateOneAsync(
                Builders<BsonDocument>.Filter.Eq("_id", Kinds.Story.Collection),
                Builders<BsonDocument>.Update.PullAll(MongoSchema.SchemaFields, ["featured", "people"]), cancellationToken: Ct);
        }
        Assert.Equal(0, await Store.CountAsync(Kinds.Story, Filter.Eq("featured", false), Ct));

        await Store.InitializeAsync(Ct);

        Assert.Equal(1, await Store.CountAsync(Kinds.Story, Filter.Eq("featured", false), Ct));
        Assert.Equal(1, await Store.CountAsync(Kinds.Story, new ListCondition("people", ListQuantifier.Some, Filter.Eq(ListCondition.Element, "张三")), Ct));
    }

    [Fact]
    public async Task A_start_with_every_field_recorded_reads_no_document_to_backfill()
    {
        var org = await InsertAsync(Samples.Organization());
        var story = await InsertAsync(Samples.Story(org.Id, title: "已记录字段的故事"));
        using var client = new MongoClient(_uri);
        // A document missing a field the schema document says every document has: only a scan would find it.
        await client.GetDatabase(_database).GetCollection<BsonDocument>(Kinds.Story.Collection).UpdateOneAsync(
            Builders<BsonDocument>.Filter.Eq("_id", story.Id), Builders<BsonDocument>.Update.Unset("featured"), cancellationToken: Ct);

        await Store.InitializeAsync(Ct);

        var row = await (await client.GetDatabase(_database).GetCollection<BsonDocument>(Kinds.Story.Collection)
            .FindAsync(Builders<BsonDocument>.Filter.Eq("_id", story.Id), cancellationToken: Ct)).SingleAsync(Ct);
        Assert.False(row.Contains("featured"));
    }

    [Fact]
    public async Task Instants_round_trip_with_their_offset_and_ticks()
    {
        var org = await InsertAsync(Samples.Organization());
        var at = new DateTimeOffset(2020, 2, 3, 15, 0, 0, TimeSpan.FromHours(8)).AddTicks(1234567);
        var log = await InsertAsync(Samples.ActivityLog(org.Id, occurredAt: at));

        var read = await Store.GetAsync(Kinds.ActivityLog, log.Id, Ct);

        Assert.Equal(at, read!.OccurredAt);
        Assert.Equal(at.Offset, read.OccurredAt.Offset);
        Assert.Equal([log.Id], (await Store.QueryAsync(Kinds.ActivityLog, new Condition("occurredAt", Operator.Gte, at.AddTicks(-1234567)),
            [new SortField("id", SortDirection.Ascending)], 10, Ct)).Select(l => l.Id));
    }
}
