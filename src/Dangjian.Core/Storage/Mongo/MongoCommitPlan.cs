using System.Diagnostics.CodeAnalysis;
using Dangjian.Core.Documents;
using MongoDB.Bson;
using MongoDB.Driver;

namespace Dangjian.Core.Storage.Mongo;

/// <summary>
/// What one commit sends inside its transaction, built without a server so that tests can render it. First the one
/// counter update that takes the sequence numbers of every write of the commit at once (<see cref="TakeSequences"/>):
/// a commit of a hundred imported files and their issuers increments the counter document once, by the number of
/// writes, however many writes there are. Then, from the versions read in the transaction and the counter's new
/// value, the documents per kind's collection, and the revisions, audit entries and change-feed entries, each
/// numbered from that one value (<see cref="TryBuild"/>). Nothing here touches the counter again.
/// </summary>
internal sealed class MongoCommitPlan
{
    private MongoCommitPlan(IReadOnlyList<Document> stored, IReadOnlyList<(DocumentKind Kind, IReadOnlyList<WriteModel<BsonDocument>> Models)> documents,
        IReadOnlyList<BsonDocument> revisions, IReadOnlyList<BsonDocument> audit, IReadOnlyList<BsonDocument> changes, long lastSequence)
    {
        Stored = stored;
        Documents = documents;
        Revisions = revisions;
        Audit = audit;
        Changes = changes;
        LastSequence = lastSequence;
    }

    /// <summary>The documents as they will be stored (new versions and times), in the order written.</summary>
    public IReadOnlyList<Document> Stored { get; }

    /// <summary>One ordered bulk write per kind's collection: inserts, and replaces filtered on the version read.</summary>
    public IReadOnlyList<(DocumentKind Kind, IReadOnlyList<WriteModel<BsonDocument>> Models)> Documents { get; }

    public IReadOnlyList<BsonDocument> Revisions { get; }

    public IReadOnlyList<BsonDocument> Audit { get; }

    public IReadOnlyList<BsonDocument> Changes { get; }

    /// <summary>The sequence of the commit's last change-feed entry: the counter's value after <see cref="TakeSequences"/>.</summary>
    public long LastSequence { get; }

    /// <summary>
    /// The counter update that reserves a sequence number for each write of <paramref name="commit"/>: one
    /// <c>$inc</c> by their count on the one counter document, the write every concurrent commit conflicts on.
    /// </summary>
    public static (FilterDefinition<BsonDocument> Filter, UpdateDefinition<BsonDocument> Update) TakeSequences(Commit commit) =>
        (Builders<BsonDocument>.Filter.Eq("_id", MongoSchema.SequenceCounter),
         Builders<BsonDocument>.Update.Inc(MongoSchema.CounterValue, (long)commit.Writes.Count));

    /// <summary>
    /// The commit's writes, or the conflict of the first write whose expected version is not the one in
    /// <paramref name="current"/> (which it updates as it goes: a document written twice in one commit sees its own
    /// first write).
    /// </summary>
    /// <param name="taken">The counter's value after <see cref="TakeSequences"/>: the writes are numbered up to it.</param>
    public static bool TryBuild(Commit commit, Dictionary<(DocumentKind, string), (long Version, DateTimeOffset? CreatedAt)> current, long taken,
        DateTimeOffset now, [NotNullWhen(true)] out MongoCommitPlan? plan, [NotNullWhen(false)] out CommitResult.Conflict? conflict)
    {
        var sequence = taken - commit.Writes.Count;
        var at = new BsonDateTime(now.ToUnixTimeMilliseconds());
        var stored = new List<Document>(commit.Writes.Count);
        var documents = new List<(DocumentKind Kind, List<WriteModel<BsonDocument>> Models)>();
        var revisions = new List<BsonDocument>(commit.Writes.Count);
        var audit = new List<BsonDocument>(commit.Writes.Count);
        var changes = new List<BsonDocument>(commit.Writes.Count);
        foreach (var write in commit.Writes)
        {
            var kind = Kinds.Of(write.Document);
            var key = (kind, write.Document.Id);
            var (version, createdAt) = current.GetValueOrDefault(key);
            if (version != write.ExpectedVersion)
            {
                plan = null;
                conflict = new CommitResult.Conflict(kind.TypeName, write.Document.Id, write.ExpectedVersion, version);
                return false;
            }
            var document = CommitStamp.Stamp(write.Document, version, createdAt, now);
            current[key] = (document.Version, document.CreatedAt);
            stored.Add(document);
            sequence++;

            var row = MongoSchema.Stored(kind, document);
            var index = documents.FindIndex(d => d.Kind == kind);
            if (index < 0)
            {
                documents.Add((kind, new List<WriteModel<BsonDocument>>()));
                index = documents.Count - 1;
            }
            // The version filter makes a replace of a document changed since this transaction's snapshot match nothing
            // (or fail with a write conflict), never overwrite it; an insert of an existing id fails on the unique _id.
            documents[index].Models.Add(version == 0
                ? new InsertOneModel<BsonDocument>(row)
                : new ReplaceOneModel<BsonDocument>(
                    Builders<BsonDocument>.Filter.And(Builders<BsonDocument>.Filter.Eq("_id", document.Id), Builders<BsonDocument>.Filter.Eq(MongoSchema.Version, version)),
                    row));
            revisions.Add(new BsonDocument
            {
                { "kind", kind.TypeName },
                { "documentId", document.Id },
                { "version", document.Version },
                { "at", at },
                { "actor", commit.Author.Actor },
                { "action", write.Action },
                { "note", StringOrNull(write.Note) },
                { MongoSchema.Body, row[MongoSchema.Body] },
            });
            audit.Add(new BsonDocument
            {
                { "_id", sequence },
                { "at", at },
                { "actor", commit.Author.Actor },
                { "role", StringOrNull(commit.Author.Role) },
                { "action", write.Action },
                { "kind", kind.TypeName },
                { "documentId", document.Id },
                { "version", document.Version },
                { "note", StringOrNull(write.Note) },
            });
            changes.Add(new BsonDocument
            {
                { "_id", sequence },
                { "kind", kind.TypeName },
                { "documentId", document.Id },
                { "version", document.Version },
                { "at", at },
            });
        }
        plan = new MongoCommitPlan(stored, documents.Select(d => (d.Kind, (IReadOnlyList<WriteModel<BsonDocument>>)d.Models)).ToList(),
            revisions, audit, changes, sequence);
        conflict = null;
        return true;
    }

    private static BsonValue StringOrNull(string? value) => value is null ? BsonNull.Value : new BsonString(value);
}
