using Dangjian.Core.Documents;
using MongoDB.Bson;
using MongoDB.Driver;
using MongoDB.Driver.Core.Clusters;

namespace Dangjian.Core.Storage.Mongo;

/// <summary>
/// The store for deployments that outgrow one machine: MongoDB as a replica set (or a sharded cluster). It behaves
/// as the SQLite store does, and passes the same contract suite.
/// <list type="bullet">
/// <item>Every commit is one multi-document transaction (documents, revisions, audit entries, change-feed entries)
/// with majority, journaled write concern: once it returns, it survives the loss of the primary. Transactions need a
/// replica set; <see cref="InitializeAsync"/> refuses a standalone server with a message that says so.</item>
/// <item>The change feed is an outbox: the <c>changes</c> collection, numbered by a counter document that each commit
/// increments inside its transaction. Two concurrent commits both write that document, so one of them aborts with a
/// write conflict and runs again after the other has committed: sequence order is commit order, and an aborted commit
/// leaves no gap. A follower that has read up to N therefore never misses a later commit numbered below N.</item>
/// <item>Transient failures (write conflicts, elections, network errors mid-transaction) are retried by the driver's
/// <c>WithTransactionAsync</c>: the whole commit again on TransientTransactionError, with exponential backoff and
/// jitter, and the commit command alone on UnknownTransactionCommitResult, for at most 120 seconds and never past the
/// caller's cancellation. Reads and single writes outside transactions use the driver's retryable reads and writes.</item>
/// </list>
/// </summary>
public sealed class MongoDocumentStore : IDocumentStore, IAsyncDisposable, IDisposable
{
    private const int DuplicateKey = 11000;

    /// <summary>Documents updated per round trip by a start-up backfill.</summary>
    private const int BackfillBatch = 1000;

    private readonly MongoClient _client;
    private readonly IMongoDatabase _database;
    private readonly TimeProvider _time;
    private readonly TransactionOptions _transaction;

    public MongoDocumentStore(MongoStoreOptions options, TimeProvider time)
    {
        if (string.IsNullOrWhiteSpace(options.Database))
            throw new InvalidOperationException("Dangjian:MongoDB:Database is empty.");
        _time = time;
        _client = new MongoClient(ClientSettings(options));
        _database = _client.GetDatabase(options.Database);
        _transaction = new TransactionOptions(
            readConcern: ReadConcern.Snapshot,
            readPreference: ReadPreference.Primary,
            writeConcern: WriteConcern.WMajority.With(journal: true));
    }

    public string DatabaseName => _database.DatabaseNamespace.DatabaseName;

    /// <summary>
    /// The driver's settings: the connection string's, with the durability this store needs whatever it says, and the
    /// configured user's credential. A misconfiguration stops the start with a message naming the setting.
    /// </summary>
    internal static MongoClientSettings ClientSettings(MongoStoreOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
            throw new InvalidOperationException(
                "Dangjian:MongoDB:ConnectionString is not set. Set Dangjian__MongoDB__ConnectionString to the replica set, e.g. mongodb://localhost:27017/?replicaSet=rs0.");
        var settings = MongoClientSettings.FromConnectionString(options.ConnectionString);
        // Whatever the connection string says: a commit that returned must survive a failover and a power cut.
        settings.WriteConcern = WriteConcern.WMajority.With(journal: true);
        settings.RetryReads = true;
        settings.RetryWrites = true;
        settings.ApplicationName ??= "dangjian";
        if (!string.IsNullOrEmpty(options.Username))
        {
            // Two sources of credentials would leave which one signs in to the reader; one is refused rather than chosen.
            if (settings.Credential is not null)
                throw new InvalidOperationException("Dangjian:MongoDB:Username is set and the connection string names a user too: set one of them.");
            if (string.IsNullOrEmpty(options.Password))
                throw new InvalidOperationException("Dangjian:MongoDB:Username is set without Dangjian:MongoDB:Password (Dangjian__MongoDB__Password).");
            if (string.IsNullOrWhiteSpace(options.AuthenticationDatabase))
                throw new InvalidOperationException("Dangjian:MongoDB:AuthenticationDatabase is empty.");
            // SCRAM (the server's default mechanism); the strings are used as they are, never parsed as part of a URL.
            settings.Credential = MongoCredential.CreateCredential(options.AuthenticationDatabase, options.Username, options.Password);
        }
        else if (!string.IsNullOrEmpty(options.Password))
        {
            throw new InvalidOperationException("Dangjian:MongoDB:Password is set without Dangjian:MongoDB:Username.");
        }
        return settings;
    }

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await RequireTransactionsAsync(cancellationToken);

        var existing = await (await _database.ListCollectionNamesAsync(cancellationToken: cancellationToken)).ToListAsync(cancellationToken);
        foreach (var name in MongoSchema.Collections.Except(existing, StringComparer.Ordinal))
        {
            // Collections are made here rather than implicitly inside a first transaction, where creating one
            // conflicts with any other transaction doing the same.
            try
            {
                await _database.CreateCollectionAsync(name, cancellationToken: cancellationToken);
            }
            catch (MongoCommandException e) when (e.CodeName == "NamespaceExists")
            {
                // Another instance starting at the same moment made it.
            }
        }

        foreach (var kind in Kinds.All)
            await Collection(kind).Indexes.CreateManyAsync(MongoSchema.KindIndexes(kind), cancellationToken);
        await _database.GetCollection<BsonDocument>(MongoSchema.Revisions).Indexes.CreateManyAsync(MongoSchema.RevisionIndexes(), cancellationToken);
        await _database.GetCollection<BsonDocument>(MongoSchema.Audit).Indexes.CreateManyAsync(MongoSchema.AuditIndexes(), cancellationToken);

        await EnsureCounterAsync(cancellationToken);
        foreach (var kind in Kinds.All)
            await BackfillAsync(kind, cancellationToken);
    }

    public async Task<T?> GetAsync<T>(DocumentKind<T> kind, string id, CancellationToken cancellationToken) where T : Document
    {
        var rows = await FindAsync(Collection(kind), null, Builders<BsonDocument>.Filter.Eq("_id", id),
            new FindOptions<BsonDocument> { Projection = BodyOnly, Limit = 1 }, cancellationToken);
        return rows.Count == 0 ? null : BsonJson.FromBson<T>(rows[0][MongoSchema.Body].AsBsonDocument);
    }

    public async Task<IReadOnlyList<T>> GetManyAsync<T>(DocumentKind<T> kind, IReadOnlyCollection<string> ids,
        CancellationToken cancellationToken) where T : Document
    {
        if (ids.Count == 0)
            return [];
        var results = new List<T>(ids.Count);
        foreach (var chunk in ids.Distinct(StringComparer.Ordinal).Chunk(1000))
        {
            var bodies = await FindAsync(Collection(kind), null, Builders<BsonDocument>.Filter.In("_id", chunk),
                new FindOptions<BsonDocument> { Projection = BodyOnly }, cancellationToken);
            results.AddRange(bodies.Select(b => BsonJson.FromBson<T>(b[MongoSchema.Body].AsBsonDocument)));
        }
        return results;
    }

    public async Task<IReadOnlyList<T>> QueryAsync<T>(DocumentKind<T> kind, Filter filter, IReadOnlyList<SortField> sort, int limit,
        CancellationToken cancellationToken) where T : Document
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        var where = MongoFilterTranslator.Translate(kind, filter);
        var order = MongoFilterTranslator.TranslateSort(kind, sort);
        // MongoDB reads a limit of 0 as "no limit"; SQLite's LIMIT 0 returns nothing.
        if (limit == 0)
            return [];
        var bodies = await FindAsync(Collection(kind), null, where,
            new FindOptions<BsonDocument> { Projection = BodyOnly, Sort = sort.Count > 0 ? order : null, Limit = limit }, cancellationToken);
        return bodies.Select(b => BsonJson.FromBson<T>(b[MongoSchema.Body].AsBsonDocument)).ToList();
    }

    public Task<long> CountAsync(DocumentKind kind, Filter filter, CancellationToken cancellationToken) =>
        Collection(kind).CountDocumentsAsync(MongoFilterTranslator.Translate(kind, filter), cancellationToken: cancellationToken);

    public async Task<IReadOnlyList<GroupCount>> CountByAsync(DocumentKind kind, Filter filter, Grouping grouping, CancellationToken cancellationToken)
    {
        var field = kind.Field(grouping.Field) ?? throw new NotSupportedException($"{kind} has no field '{grouping.Field}'.");
        var pipeline = Collection(kind).Aggregate().Match(MongoFilterTranslator.Translate(kind, filter));
        if (field.IsList)
            pipeline = pipeline.Unwind(MongoValues.Path(field), new AggregateUnwindOptions<BsonDocument> { PreserveNullAndEmptyArrays = true });
        var rows = await pipeline
            .Group(new BsonDocument { { "_id", MongoSchema.GroupKey(field, grouping) }, { "count", new BsonDocument("$sum", 1) } })
            .Sort(new BsonDocument("_id", 1))
            .ToListAsync(cancellationToken);
        return rows.Select(row => new GroupCount(MongoValues.FromGroupKey(field, grouping, row["_id"]), row["count"].ToInt64())).ToList();
    }

    public async Task<CommitResult> CommitAsync(Commit commit, CancellationToken cancellationToken)
    {
        if (commit.Writes.Count == 0)
            throw new ArgumentException("A commit needs at least one write.", nameof(commit));
        using var session = await _client.StartSessionAsync(cancellationToken: cancellationToken);
        try
        {
            return await session.WithTransactionAsync((s, ct) => CommitOnceAsync(s, commit, ct), _transaction, cancellationToken);
        }
        catch (NotSupportedException e) when (_client.Cluster.Description.Type == ClusterType.Standalone)
        {
            throw new InvalidOperationException(
                "The MongoDB store commits in transactions, which need a replica set or a sharded cluster; this server is standalone. "
                + "Start mongod with --replSet and run rs.initiate() once (docker-compose.yml does).", e);
        }
    }

    public async Task<IReadOnlyList<ChangeEntry>> ReadChangesAsync(long afterSequence, int max, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(max);
        if (max == 0)
            return [];
        var entries = await FindAsync(Majority(MongoSchema.Changes), null, Builders<BsonDocument>.Filter.Gt("_id", afterSequence),
            new FindOptions<BsonDocument> { Sort = Builders<BsonDocument>.Sort.Ascending("_id"), Limit = max }, cancellationToken);
        return entries.Select(e => new ChangeEntry(e["_id"].ToInt64(), e["kind"].AsString, e["documentId"].AsString,
            e["version"].ToInt64(), FromDate(e["at"]))).ToList();
    }

    public async Task<long> GetLastSequenceAsync(CancellationToken cancellationToken)
    {
        var last = await FindAsync(Majority(MongoSchema.Changes), null, Builders<BsonDocument>.Filter.Empty,
            new FindOptions<BsonDocument>
            {
                Sort = Builders<BsonDocument>.Sort.Descending("_id"),
                Projection = Builders<BsonDocument>.Projection.Include("_id"),
                Limit = 1,
            }, cancellationToken);
        return last.Count == 0 ? 0 : last[0]["_id"].ToInt64();
    }

    public async Task<long> PruneChangesAsync(long throughSequence, DateTimeOffset committedBefore, CancellationToken cancellationToken)
    {
        // The newest entry stays: the head is read from it (and the counter document only grows, so numbers are never
        // reused). A head read now is at most a later one, so nothing committed meanwhile can be removed.
        var through = Math.Min(throughSequence, await GetLastSequenceAsync(cancellationToken) - 1);
        if (through <= 0)
            return 0;
        var f = Builders<BsonDocument>.Filter;
        var result = await _database.GetCollection<BsonDocument>(MongoSchema.Changes).DeleteManyAsync(
            f.And(f.Lte("_id", through), f.Lt("at", new BsonDateTime(committedBefore.ToUnixTimeMilliseconds()))), cancellationToken);
        return result.DeletedCount;
    }

    public async Task<IReadOnlyList<Revision>> GetRevisionsAsync(DocumentKind kind, string id, CancellationToken cancellationToken)
    {
        var f = Builders<BsonDocument>.Filter;
        var revisions = await FindAsync(_database.GetCollection<BsonDocument>(MongoSchema.Revisions), null,
            f.And(f.Eq("kind", kind.TypeName), f.Eq("documentId", id)),
            new FindOptions<BsonDocument> { Sort = Builders<BsonDocument>.Sort.Descending("version") }, cancellationToken);
        return revisions.Select(r => new Revision(r["version"].ToInt64(), FromDate(r["at"]), r["actor"].AsString, r["action"].AsString,
            OptionalString(r, "note"), BsonJson.FromBson(kind, r[MongoSchema.Body].AsBsonDocument))).ToList();
    }

    public async Task<IReadOnlyList<AuditEntry>> QueryAuditAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        if (query.Limit <= 0)
            return [];
        var entries = await FindAsync(_database.GetCollection<BsonDocument>(MongoSchema.Audit), null, AuditFilter(query),
            new FindOptions<BsonDocument> { Sort = AuditSort(query), Limit = query.Limit }, cancellationToken);
        return entries.Select(e => new AuditEntry(e["_id"].ToInt64(), FromDate(e["at"]), e["actor"].AsString, OptionalString(e, "role"),
            e["action"].AsString, e["kind"].AsString, e["documentId"].AsString, e["version"].ToInt64(), OptionalString(e, "note"))).ToList();
    }

    /// <summary>
    /// countDocuments over the audit collection: with one condition it counts that condition's index keys (each audit
    /// index ends with _id, so a sequence bound is in the index too), without one every _id key; exact, so it grows with
    /// the log.
    /// </summary>
    public async Task<long> CountAuditAsync(AuditQuery query, CancellationToken cancellationToken) =>
        await _database.GetCollection<BsonDocument>(MongoSchema.Audit).CountDocumentsAsync(AuditFilter(query), cancellationToken: cancellationToken);

    /// <summary>The conditions of an audit read; the sequence is the entry's _id.</summary>
    internal static FilterDefinition<BsonDocument> AuditFilter(AuditQuery query)
    {
        var f = Builders<BsonDocument>.Filter;
        var conditions = new List<FilterDefinition<BsonDocument>>();
        if (query.Actor is not null)
            conditions.Add(f.Eq("actor", query.Actor));
        if (query.Kind is not null)
            conditions.Add(f.Eq("kind", query.Kind));
        if (query.DocumentId is not null)
            conditions.Add(f.Eq("documentId", query.DocumentId));
        if (query.Action is not null)
            conditions.Add(f.Eq("action", query.Action));
        if (query.From is { } from)
            conditions.Add(f.Gte("at", new BsonDateTime(from.ToUnixTimeMilliseconds())));
        if (query.To is { } to)
            conditions.Add(f.Lte("at", new BsonDateTime(to.ToUnixTimeMilliseconds())));
        if (query.BeforeSequence is { } before)
            conditions.Add(f.Lt("_id", before));
        if (query.AfterSequence is { } after)
            conditions.Add(f.Gt("_id", after));
        return conditions.Count == 0 ? f.Empty : f.And(conditions);
    }

    /// <summary>By sequence, newest or oldest first; every audit index ends with _id descending, which serves both directions.</summary>
    internal static SortDefinition<BsonDocument> AuditSort(AuditQuery query) => query.OldestFirst
        ? Builders<BsonDocument>.Sort.Ascending("_id")
        : Builders<BsonDocument>.Sort.Descending("_id");

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    public void Dispose() => _client.Dispose();

    /// <summary>
    /// One attempt at a commit inside the session's transaction. The driver runs it again from the start after a
    /// transient error, so it reads everything it decides on inside the transaction and keeps no state between runs.
    /// </summary>
    private async Task<CommitResult> CommitOnceAsync(IClientSessionHandle session, Commit commit, CancellationToken cancellationToken)
    {
        var now = CommitStamp.Now(_time);

        // First: take the sequence numbers, all of the commit's at once (MongoCommitPlan.TakeSequences). This is the
        // write every concurrent commit conflicts on, so a commit that has to wait finds out before doing any other work.
        var (counterFilter, take) = MongoCommitPlan.TakeSequences(commit);
        var counter = await _database.GetCollection<BsonDocument>(MongoSchema.Counters).FindOneAndUpdateAsync(session, counterFilter, take,
            new FindOneAndUpdateOptions<BsonDocument> { ReturnDocument = ReturnDocument.After },
            cancellationToken)
            ?? throw new InvalidOperationException("The MongoDB store has no sequence counter: call InitializeAsync first.");

        // The versions as this transaction sees them.
        var current = await ReadVersionsAsync(session, commit, cancellationToken);
        if (!MongoCommitPlan.TryBuild(commit, current, counter[MongoSchema.CounterValue].ToInt64(), now, out var plan, out var conflict))
        {
            await session.AbortTransactionAsync(cancellationToken);
            return conflict;
        }

        try
        {
            foreach (var (kind, models) in plan.Documents)
            {
                var result = await Collection(kind).BulkWriteAsync(session, models, new BulkWriteOptions { IsOrdered = true }, cancellationToken);
                var replaces = models.Count(m => m is ReplaceOneModel<BsonDocument>);
                if (result.MatchedCount != replaces)
                    return await ConflictAfterAbortAsync(session, commit, cancellationToken);
            }
        }
        catch (MongoBulkWriteException e) when (e.WriteErrors.Any(w => w.Code == DuplicateKey))
        {
            return await ConflictAfterAbortAsync(session, commit, cancellationToken);
        }
        await _database.GetCollection<BsonDocument>(MongoSchema.Revisions).InsertManyAsync(session, plan.Revisions, cancellationToken: cancellationToken);
        await _database.GetCollection<BsonDocument>(MongoSchema.Audit).InsertManyAsync(session, plan.Audit, cancellationToken: cancellationToken);
        await _database.GetCollection<BsonDocument>(MongoSchema.Changes).InsertManyAsync(session, plan.Changes, cancellationToken: cancellationToken);
        return new CommitResult.Committed(plan.Stored, plan.LastSequence);
    }

    /// <summary>The stored version and creation time of every document the commit writes (version 0: none stored).</summary>
    private async Task<Dictionary<(DocumentKind, string), (long Version, DateTimeOffset? CreatedAt)>> ReadVersionsAsync(
        IClientSessionHandle? session, Commit commit, CancellationToken cancellationToken)
    {
        var versions = new Dictionary<(DocumentKind, string), (long, DateTimeOffset?)>();
        foreach (var group in commit.Writes.GroupBy(w => Kinds.Of(w.Document)))
        {
            var ids = group.Select(w => w.Document.Id).Distinct(StringComparer.Ordinal).ToList();
            var filter = Builders<BsonDocument>.Filter.In("_id", ids);
            var projection = Builders<BsonDocument>.Projection.Include(MongoSchema.Version).Include("createdAt");
            foreach (var row in await FindAsync(Collection(group.Key), session, filter, new FindOptions<BsonDocument> { Projection = projection }, cancellationToken))
                versions[(group.Key, row["_id"].AsString)] = (row[MongoSchema.Version].ToInt64(), FromDate(row["createdAt"]));
        }
        return versions;
    }

    /// <summary>
    /// A write found its document changed since this transaction's snapshot (a concurrent commit got there first).
    /// The transaction is aborted, so nothing of this commit is kept; the conflict names the first write whose expected
    /// version is not the one stored now, read after the abort.
    /// </summary>
    private async Task<CommitResult> ConflictAfterAbortAsync(IClientSessionHandle session, Commit commit, CancellationToken cancellationToken)
    {
        await session.AbortTransactionAsync(cancellationToken);
        var latest = await ReadVersionsAsync(null, commit, cancellationToken);
        foreach (var write in commit.Writes)
        {
            var key = (Kinds.Of(write.Document), write.Document.Id);
            var version = latest.GetValueOrDefault(key).Version;
            if (version != write.ExpectedVersion)
                return new CommitResult.Conflict(key.Item1.TypeName, write.Document.Id, write.ExpectedVersion, version);
            // A later write of the same document in this commit expects the version this one makes.
            latest[key] = (version + 1, null);
        }
        // Versions only grow, so some write above differs; this names the first write should the store say otherwise.
        var first = commit.Writes[0];
        return new CommitResult.Conflict(Kinds.Of(first.Document).TypeName, first.Document.Id, first.ExpectedVersion, first.ExpectedVersion + 1);
    }

    private async Task RequireTransactionsAsync(CancellationToken cancellationToken)
    {
        var hello = await _client.GetDatabase("admin").RunCommandAsync<BsonDocument>(new BsonDocument("hello", 1), cancellationToken: cancellationToken);
        var replicaSet = hello.Contains("setName");
        var router = hello.GetValue("msg", BsonNull.Value) is BsonString { Value: "isdbgrid" };
        if (!replicaSet && !router)
            throw new InvalidOperationException(
                "The MongoDB store needs a replica set or a sharded cluster (every commit is a transaction), but this server is standalone. "
                + "Start mongod with --replSet rs0, run rs.initiate() once, and add ?replicaSet=rs0 to the connection string. "
                + "A single-node replica set is enough; docker-compose.yml starts one.");
    }

    /// <summary>
    /// Creates the sequence counter at the last sequence written, or raises it there ($max never lowers it): a counter
    /// behind the feed (say, restored from an older backup than the changes) would hand out numbers already taken.
    /// </summary>
    private async Task EnsureCounterAsync(CancellationToken cancellationToken)
    {
        var last = await GetLastSequenceAsync(cancellationToken);
        try
        {
            await _database.GetCollection<BsonDocument>(MongoSchema.Counters).UpdateOneAsync(
                Builders<BsonDocument>.Filter.Eq("_id", MongoSchema.SequenceCounter),
                Builders<BsonDocument>.Update.Max(MongoSchema.CounterValue, last),
                new UpdateOptions { IsUpsert = true },
                cancellationToken);
        }
        catch (MongoWriteException e) when (e.WriteError.Code == DuplicateKey)
        {
            // Another instance starting at the same moment created it.
        }
    }

    /// <summary>
    /// Fills the top-level fields of documents written before a field was defined, from their stored body, as the
    /// SQLite store backfills a new column. Every field is always written (null or [] when empty), so "missing" means
    /// "older than the field". Which fields every document has is recorded per kind in the <c>schema</c> collection once
    /// a backfill is complete, so a start reads only documents missing a field not recorded yet, through that field's
    /// index, and a start with no new field reads none (at ten million documents, the scan every start made before).
    /// Updates go in ordered batches of <see cref="BackfillBatch"/>; a document changed meanwhile is skipped (the
    /// version filter): its new write has every field. Instances of an older version still writing during a rolling
    /// upgrade leave a field they do not know missing; it reads as empty, as it did for them.
    /// </summary>
    private async Task BackfillAsync(DocumentKind kind, CancellationToken cancellationToken)
    {
        var schema = _database.GetCollection<BsonDocument>(MongoSchema.Schema);
        var recorded = await FindAsync(schema, null, Builders<BsonDocument>.Filter.Eq("_id", kind.Collection), new FindOptions<BsonDocument> { Limit = 1 }, cancellationToken);
        var known = recorded.Count == 0 ? null
            : recorded[0].GetValue(MongoSchema.SchemaFields, new BsonArray()).AsBsonArray.Select(v => v.AsString).ToHashSet(StringComparer.Ordinal);
        if (MongoSchema.BackfillFilter(kind, known) is not { } missing)
            return;
        var f = Builders<BsonDocument>.Filter;
        var updates = new List<WriteModel<BsonDocument>>(BackfillBatch);
        using (var cursor = await Collection(kind).FindAsync(missing,
            new FindOptions<BsonDocument> { Projection = Builders<BsonDocument>.Projection.Include(MongoSchema.Version).Include(MongoSchema.Body), BatchSize = BackfillBatch },
            cancellationToken))
        {
            while (await cursor.MoveNextAsync(cancellationToken))
            {
                foreach (var row in cursor.Current)
                {
                    var document = BsonJson.FromBson(kind, row[MongoSchema.Body].AsBsonDocument);
                    var fields = MongoSchema.Stored(kind, document);
                    var update = Builders<BsonDocument>.Update.Combine(MongoSchema.StoredFields(kind).Select(name => Builders<BsonDocument>.Update.Set(name, fields[name])));
                    updates.Add(new UpdateOneModel<BsonDocument>(f.And(f.Eq("_id", row["_id"]), f.Eq(MongoSchema.Version, row[MongoSchema.Version])), update));
                }
                if (updates.Count >= BackfillBatch)
                {
                    await Collection(kind).BulkWriteAsync(updates, new BulkWriteOptions { IsOrdered = false }, cancellationToken);
                    updates.Clear();
                }
            }
        }
        if (updates.Count > 0)
            await Collection(kind).BulkWriteAsync(updates, new BulkWriteOptions { IsOrdered = false }, cancellationToken);
        // Recorded only once every document has the fields: a start interrupted before here backfills again.
        var record = Builders<BsonDocument>.Update.AddToSetEach(MongoSchema.SchemaFields, MongoSchema.StoredFields(kind));
        try
        {
            await schema.UpdateOneAsync(f.Eq("_id", kind.Collection), record, new UpdateOptions { IsUpsert = true }, cancellationToken);
        }
        catch (MongoWriteException e) when (e.WriteError.Code == DuplicateKey)
        {
            // Another instance starting at the same moment created it first; add to what it recorded.
            await schema.UpdateOneAsync(f.Eq("_id", kind.Collection), record, cancellationToken: cancellationToken);
        }
    }

    private static async Task<List<BsonDocument>> FindAsync(IMongoCollection<BsonDocument> collection, IClientSessionHandle? session,
        FilterDefinition<BsonDocument> filter, FindOptions<BsonDocument> options, CancellationToken cancellationToken)
    {
        using var cursor = session is null
            ? await collection.FindAsync(filter, options, cancellationToken)
            : await collection.FindAsync(session, filter, options, cancellationToken);
        return await cursor.ToListAsync(cancellationToken);
    }

    private IMongoCollection<BsonDocument> Collection(DocumentKind kind) => _database.GetCollection<BsonDocument>(kind.Collection);

    /// <summary>
    /// The change feed is read at majority: a follower never indexes a change that a failover could still roll back,
    /// and since commits become majority-committed in sequence order, it never sees N+1 before N.
    /// </summary>
    private IMongoCollection<BsonDocument> Majority(string collection) =>
        _database.GetCollection<BsonDocument>(collection).WithReadConcern(ReadConcern.Majority);

    private static ProjectionDefinition<BsonDocument> BodyOnly => Builders<BsonDocument>.Projection.Include(MongoSchema.Body).Exclude("_id");

    private static DateTimeOffset FromDate(BsonValue value) => DateTimeOffset.FromUnixTimeMilliseconds(value.AsBsonDateTime.MillisecondsSinceEpoch);

    private static string? OptionalString(BsonDocument document, string name) =>
        document.GetValue(name, BsonNull.Value) is BsonString s ? s.Value : null;
}
