using Dangjian.Core.Documents;
using MongoDB.Bson;
using MongoDB.Driver;

namespace Dangjian.Core.Storage.Mongo;

/// <summary>
/// The collections and their indexes. A kind's collection holds one BSON document per stored document:
/// <code>
/// { _id: "story-1", _version: 3, title: "…", status: "PUBLISHED", publishedAt: ISODate(…), tags: ["防控"], …, _doc: { …the document… } }
/// </code>
/// Every field the kind defines sits at the top level under its API name, as the normalized value in its stored
/// BSON type (see <see cref="MongoValues"/>); list fields are arrays of distinct non-null values. The version is
/// <c>_version</c>, and long text (a body, a preamble) is filtered where it lies in <c>_doc</c>, unindexed. <c>_doc</c> is the
/// document itself in its one JSON shape, so reads return exactly what was written (offsets and ticks of instants
/// included), as SQLite's <c>doc</c> column does. The store's own fields start with an underscore, which no field
/// definition can (their names are letters only), so the two can never collide.
/// </summary>
internal static class MongoSchema
{
    public const string Version = "_version";
    public const string Body = "_doc";

    public const string Revisions = "revisions";
    public const string Audit = "audit";
    public const string Changes = "changes";
    public const string Counters = "counters";

    /// <summary>One document per kind's collection (<c>_id</c>: its name) listing the fields every stored document has.</summary>
    public const string Schema = "schema";
    public const string SchemaFields = "fields";

    /// <summary>The counter document in <see cref="Counters"/> that numbers change-feed (and audit) entries.</summary>
    public const string SequenceCounter = "changes";
    public const string CounterValue = "value";

    public static IEnumerable<string> Collections => Kinds.All.Select(k => k.Collection).Concat([Revisions, Audit, Changes, Counters, Schema]);

    /// <summary>The stored form of <paramref name="document"/>, whose version and times the store has already set.</summary>
    public static BsonDocument Stored(DocumentKind kind, Document document)
    {
        var stored = new BsonDocument
        {
            { "_id", document.Id },
            { Version, document.Version },
        };
        foreach (var field in kind.Fields)
        {
            if (!field.IsStoreOwned && field.Indexed)
                stored.Add(field.Name, MongoValues.Read(field, document));
        }
        stored.Add(Body, BsonJson.ToBson(document));
        return stored;
    }

    /// <summary>
    /// One index per field, each ending with <c>_id</c> so that keyset pages (sort key, then id) and "field = x, by id"
    /// are index scans. A sortable field gets both <c>_id</c> directions: pages sort the id ascending after a
    /// descending key (and the reverse when paging backwards), and an index serves a sort only in its own or the exactly
    /// opposite direction. List fields get a multikey index (one entry per element). Names follow MongoDB's own
    /// naming, so creating them again at every start is a no-op.
    /// <para>
    /// A kind with a status also gets, per sortable field, <c>{ status, field, _id }</c> in both <c>_id</c> directions:
    /// what a reader may see is a status condition (<c>status = PUBLISHED</c>, or <c>$in</c> two statuses), so every
    /// list a reader pages is "status = x, by field, then id", and only an index led by the status serves it without
    /// reading past the hidden documents. Equality first, then the sort key, then the tie-breaker: MongoDB walks it in
    /// order (merging the streams of an <c>$in</c>) and stops after the page, and a count by status alone is a scan of
    /// its keys only. Each adds a key per document written; 16 of them on stories, 40 indexes in all, under the 64 allowed.
    /// </para>
    /// </summary>
    public static IReadOnlyList<CreateIndexModel<BsonDocument>> KindIndexes(DocumentKind kind)
    {
        var keys = Builders<BsonDocument>.IndexKeys;
        var indexes = new List<CreateIndexModel<BsonDocument>>();
        foreach (var field in kind.Fields.Where(f => f.Name != "id" && f.Indexed))
        {
            var path = MongoValues.Path(field);
            indexes.Add(Index(keys.Ascending(path).Ascending("_id"), $"{path}_1__id_1"));
            if (field.Sortable && !field.IsList)
                indexes.Add(Index(keys.Ascending(path).Descending("_id"), $"{path}_1__id_-1"));
        }
        if (kind.Field("status") is { IsList: false } status)
        {
            foreach (var field in kind.Fields.Where(f => f.Sortable && !f.IsList && f.Name != "id" && f != status))
            {
                var path = MongoValues.Path(field);
                indexes.Add(Index(keys.Ascending(status.Name).Ascending(path).Ascending("_id"), $"{status.Name}_1_{path}_1__id_1"));
                indexes.Add(Index(keys.Ascending(status.Name).Ascending(path).Descending("_id"), $"{status.Name}_1_{path}_1__id_-1"));
            }
        }
        return indexes;
    }

    /// <summary>
    /// The fields of <paramref name="kind"/> that every stored document has at its top level: all but the id and version
    /// (<c>_id</c>, <c>_version</c>) and long text, which stays in <c>_doc</c> only.
    /// </summary>
    public static IReadOnlyList<string> StoredFields(DocumentKind kind) =>
        kind.Fields.Where(f => !f.IsStoreOwned && f.Indexed).Select(f => f.Name).ToList();

    /// <summary>
    /// The documents a start must backfill, given the fields the kind's schema document says every document already has
    /// (<paramref name="known"/>; null for a store from before schema documents): those missing a field not known yet,
    /// asked of that field's own index, or null when every field is known and nothing is read at all. A start of a
    /// store whose fields have not changed therefore reads one small document per kind, not the collection.
    /// </summary>
    public static FilterDefinition<BsonDocument>? BackfillFilter(DocumentKind kind, IReadOnlyCollection<string>? known)
    {
        var missing = StoredFields(kind).Where(name => known is null || !known.Contains(name)).ToList();
        if (missing.Count == 0)
            return null;
        var f = Builders<BsonDocument>.Filter;
        return missing.Count == 1 ? f.Exists(missing[0], false) : f.Or(missing.Select(name => f.Exists(name, false)));
    }

    public static IReadOnlyList<CreateIndexModel<BsonDocument>> RevisionIndexes()
    {
        var keys = Builders<BsonDocument>.IndexKeys;
        return [Index(keys.Ascending("kind").Ascending("documentId").Descending("version"), "kind_1_documentId_1_version_-1", unique: true)];
    }

    /// <summary>The audit log is read newest first (by <c>_id</c>, its sequence) by actor, document, kind, action or time.</summary>
    public static IReadOnlyList<CreateIndexModel<BsonDocument>> AuditIndexes()
    {
        var keys = Builders<BsonDocument>.IndexKeys;
        return
        [
            Index(keys.Ascending("actor").Descending("_id"), "actor_1__id_-1"),
            Index(keys.Ascending("documentId").Descending("_id"), "documentId_1__id_-1"),
            Index(keys.Ascending("kind").Descending("_id"), "kind_1__id_-1"),
            Index(keys.Ascending("action").Descending("_id"), "action_1__id_-1"),
            Index(keys.Ascending("at").Descending("_id"), "at_1__id_-1"),
        ];
    }

    private static CreateIndexModel<BsonDocument> Index(IndexKeysDefinition<BsonDocument> keys, string name, bool unique = false) =>
        new(keys, new CreateIndexOptions { Name = name, Unique = unique ? true : null });

    /// <summary>
    /// The $group key for <paramref name="grouping"/>: the field itself, or its month as "yyyy-MM" in the grouping's
    /// time zone (the same text the SQLite store computes). Field paths come from kind definitions, never from input.
    /// </summary>
    public static BsonValue GroupKey(FieldDefinition field, Grouping grouping)
    {
        var path = "$" + MongoValues.Path(field);
        return (grouping.Unit, field.Type) switch
        {
            (GroupingUnit.Value, _) => path,
            (GroupingUnit.Month, FieldKind.DateTime) => new BsonDocument("$dateToString", new BsonDocument
            {
                { "format", "%Y-%m" },
                { "date", path },
                { "timezone", Offset(grouping.Offset) },
                { "onNull", BsonNull.Value },
            }),
            (GroupingUnit.Month, FieldKind.Date) => new BsonDocument("$cond", new BsonArray
            {
                new BsonDocument("$eq", new BsonArray { new BsonDocument("$type", path), "string" }),
                new BsonDocument("$substrCP", new BsonArray { path, 0, 7 }),
                BsonNull.Value,
            }),
            _ => throw new NotSupportedException($"'{field.Name}' is not a date: it cannot be grouped by month."),
        };
    }

    private static string Offset(TimeSpan offset) =>
        (offset < TimeSpan.Zero ? "-" : "+") + offset.Duration().ToString(@"hh\:mm", System.Globalization.CultureInfo.InvariantCulture);
}
