using System.Data;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using Dangjian.Core.Documents;
using Microsoft.Data.Sqlite;

namespace Dangjian.Core.Storage.Sqlite;

/// <summary>Settings under "Dangjian:Sqlite"; the database file is in the data directory unless a path is given.</summary>
public sealed class SqliteStoreOptions
{
    public const string Section = "Dangjian:Sqlite";

    /// <summary>The database file. Its folder is created when missing.</summary>
    public string DatabasePath { get; set; } = "";

    /// <summary>How much stored JSON the documents kept after reading may amount to, in MB (0: keep none).</summary>
    public int DocumentCacheMB { get; set; } = 64;
}

/// <summary>
/// The embedded default store. WAL mode lets readers run while one writer commits; synchronous=FULL makes a
/// commit durable once it returns. Writes go through one connection, one at a time, which is also what makes the
/// change-feed sequence gap-free: a follower that read up to N never misses a later commit numbered below N.
/// </summary>
[SuppressMessage("Security", "CA2100:Review SQL queries for security vulnerabilities",
    Justification = "SQL text is built only from kind definitions (table and column names checked to be letters) and parameter placeholders; every value is a parameter.")]
public sealed class SqliteDocumentStore : IDocumentStore, IAsyncDisposable
{
    /// <summary>The API's pages are at most 100 documents (one more to see if another page follows).</summary>
    private const int LargestRememberedPage = 128;

    private const int PruneSlice = 10_000;

    private readonly string _connectionString;
    private readonly string _databasePath;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly DocumentCache _cache;
    private SqliteConnection? _writer;

    public SqliteDocumentStore(SqliteStoreOptions options, TimeProvider time)
    {
        _databasePath = Path.GetFullPath(options.DatabasePath);
        _time = time;
        _cache = new DocumentCache(options.DocumentCacheMB * 1024L * 1024);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = _databasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_databasePath)!);
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            var writer = await WriterAsync(cancellationToken);
            await ExecuteAsync(writer, "PRAGMA journal_mode=WAL;", cancellationToken);
            await SqliteMigrations.ApplyAsync(writer, cancellationToken);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public async Task<T?> GetAsync<T>(DocumentKind<T> kind, string id, CancellationToken cancellationToken) where T : Document
    {
        await using var connection = await OpenReaderAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT id, version, doc FROM \"{kind.Collection}\" WHERE id = @id";
        command.Parameters.AddWithValue("@id", id);
        var results = new List<T>(1);
        await ReadDocumentsAsync(kind, command, results, remember: true, cancellationToken);
        return results.Count == 0 ? null : results[0];
    }

    public async Task<IReadOnlyList<T>> GetManyAsync<T>(DocumentKind<T> kind, IReadOnlyCollection<string> ids,
        CancellationToken cancellationToken) where T : Document
    {
        if (ids.Count == 0)
            return [];
        var results = new List<T>(ids.Count);
        await using var connection = await OpenReaderAsync(cancellationToken);
        foreach (var chunk in ids.Distinct(StringComparer.Ordinal).Chunk(500))
        {
            await using var command = connection.CreateCommand();
            var sql = new StringBuilder($"SELECT id, version, doc FROM \"{kind.Collection}\" WHERE id IN (");
            for (var i = 0; i < chunk.Length; i++)
            {
                sql.Append(i == 0 ? "@i0" : $", @i{i}");
                command.Parameters.AddWithValue($"@i{i}", chunk[i]);
            }
            command.CommandText = sql.Append(')').ToString();
            await ReadDocumentsAsync(kind, command, results, remember: true, cancellationToken);
        }
        return results;
    }

    public async Task<IReadOnlyList<T>> QueryAsync<T>(DocumentKind<T> kind, Filter filter, IReadOnlyList<SortField> sort, int limit,
        CancellationToken cancellationToken) where T : Document
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        await using var connection = await OpenReaderAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var where = SqliteFilterTranslator.Translate(kind, filter, command);
        var sql = new StringBuilder($"SELECT t.id, t.version, t.doc FROM \"{kind.Collection}\" t WHERE ");
        if (sort.Count > 0)
        {
            var order = new StringBuilder(" ORDER BY ");
            for (var i = 0; i < sort.Count; i++)
            {
                var field = kind.Field(sort[i].Field) ?? throw new NotSupportedException($"{kind} has no field '{sort[i].Field}'.");
                if (field.IsList)
                    throw new NotSupportedException($"'{field.Name}' is a list and cannot be sorted on.");
                order.Append(i == 0 ? "" : ", ").Append(SqliteSchema.Column(field))
                    .Append(sort[i].Direction == SortDirection.Ascending ? " ASC" : " DESC");
            }
            // The page's rows are chosen by their keys first, and only then are their documents read. Where no index
            // gives the order (a visibility filter on status and a sort on a date, or a descending sort with the id
            // ascending), SQLite sorts every matching row, and it carried each row's whole JSON through that sort:
            // 2,000 published stories made a 20-story page cost 4 ms.
            sql.Append($"t.rowid IN (SELECT t.rowid FROM \"{kind.Collection}\" t WHERE {where}{order} LIMIT @limit){order}");
        }
        else
        {
            sql.Append(where).Append(" LIMIT @limit");
        }
        command.Parameters.AddWithValue("@limit", limit);
        command.CommandText = sql.ToString();
        var results = new List<T>(Math.Min(limit, 256));
        await ReadDocumentsAsync(kind, command, results, remember: limit <= LargestRememberedPage, cancellationToken);
        return results;
    }

    public async Task<long> CountAsync(DocumentKind kind, Filter filter, CancellationToken cancellationToken)
    {
        await using var connection = await OpenReaderAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var where = SqliteFilterTranslator.Translate(kind, filter, command);
        command.CommandText = $"SELECT count(*) FROM \"{kind.Collection}\" t WHERE {where}";
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<IReadOnlyList<GroupCount>> CountByAsync(DocumentKind kind, Filter filter, Grouping grouping, CancellationToken cancellationToken)
    {
        var field = kind.Field(grouping.Field) ?? throw new NotSupportedException($"{kind} has no field '{grouping.Field}'.");
        await using var connection = await OpenReaderAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var where = SqliteFilterTranslator.Translate(kind, filter, command);
        var from = $"\"{kind.Collection}\" t";
        var column = SqliteSchema.Column(field);
        if (field.IsList)
        {
            // One row per element; a document with an empty list still counts once, under null.
            from += $" LEFT JOIN \"{SqliteSchema.ListTable(kind, field)}\" g ON g.id = t.id";
            column = "g.value";
        }
        var key = (grouping.Unit, field.Type) switch
        {
            (GroupingUnit.Value, _) => column,
            (GroupingUnit.Month, FieldKind.DateTime) => $"strftime('%Y-%m', ({column} + @offset) / 1000, 'unixepoch')",
            (GroupingUnit.Month, FieldKind.Date) => $"substr({column}, 1, 7)",
            _ => throw new NotSupportedException($"'{field.Name}' is not a date: it cannot be grouped by month."),
        };
        command.Parameters.AddWithValue("@offset", (long)grouping.Offset.TotalMilliseconds);
        command.CommandText = $"SELECT {key} AS k, count(*) FROM {from} WHERE {where} GROUP BY k ORDER BY k";
        var groups = new List<GroupCount>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var value = reader.GetValue(0);
            object? groupKey = value is DBNull ? null : field.Type == FieldKind.Boolean && grouping.Unit == GroupingUnit.Value ? Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture) != 0 : value;
            groups.Add(new GroupCount(groupKey, reader.GetInt64(1)));
        }
        return groups;
    }

    public async Task<CommitResult> CommitAsync(Commit commit, CancellationToken cancellationToken)
    {
        if (commit.Writes.Count == 0)
            throw new ArgumentException("A commit needs at least one write.", nameof(commit));
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            var writer = await WriterAsync(cancellationToken);
            await using var transaction = (SqliteTransaction)await writer.BeginTransactionAsync(IsolationLevel.Serializable, cancellationToken);
            var now = CommitStamp.Now(_time);
            var stored = new List<Document>(commit.Writes.Count);
            long lastSequence = 0;
            foreach (var write in commit.Writes)
            {
                var kind = Kinds.Of(write.Document);
                var (currentVersion, createdAt) = await ReadVersionAsync(writer, transaction, kind, write.Document.Id, cancellationToken);
                if (currentVersion != write.ExpectedVersion)
                {
                    await transaction.RollbackAsync(cancellationToken);
                    return new CommitResult.Conflict(kind.TypeName, write.Document.Id, write.ExpectedVersion, currentVersion);
                }
                var document = CommitStamp.Stamp(write.Document, currentVersion, createdAt, now);
                await WriteDocumentAsync(writer, transaction, kind, document, isInsert: currentVersion == 0, cancellationToken);
                await WriteHistoryAsync(writer, transaction, kind, document, write, commit.Author, now, cancellationToken);
                lastSequence = await AppendChangeAsync(writer, transaction, kind, document, now, cancellationToken);
                stored.Add(document);
            }
            await transaction.CommitAsync(cancellationToken);
            return new CommitResult.Committed(stored, lastSequence);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public async Task<IReadOnlyList<ChangeEntry>> ReadChangesAsync(long afterSequence, int max, CancellationToken cancellationToken)
    {
        await using var connection = await OpenReaderAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT seq, kind, id, version, at FROM changes WHERE seq > @after ORDER BY seq LIMIT @max";
        command.Parameters.AddWithValue("@after", afterSequence);
        command.Parameters.AddWithValue("@max", max);
        var entries = new List<ChangeEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(new ChangeEntry(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4))));
        }
        return entries;
    }

    public async Task<long> GetLastSequenceAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenReaderAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT coalesce(max(seq), 0) FROM changes";
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<long> PruneChangesAsync(long throughSequence, DateTimeOffset committedBefore, CancellationToken cancellationToken)
    {
        long removed = 0;
        while (true)
        {
            // In slices, each its own short write: pruning a feed of millions must not hold the one writer for long.
            await _writeLock.WaitAsync(cancellationToken);
            int deleted;
            try
            {
                var writer = await WriterAsync(cancellationToken);
                await using var command = writer.CreateCommand();
                // AUTOINCREMENT numbers above any sequence ever used, even a deleted one, so numbers are never reused.
                command.CommandText = """
                    DELETE FROM changes WHERE seq IN (
                        SELECT seq FROM changes
                        WHERE seq <= @through AND at < @before AND seq < (SELECT max(seq) FROM changes)
                        ORDER BY seq LIMIT @slice)
                    """;
                command.Parameters.AddWithValue("@through", throughSequence);
                command.Parameters.AddWithValue("@before", committedBefore.ToUnixTimeMilliseconds());
                command.Parameters.AddWithValue("@slice", PruneSlice);
                deleted = await command.ExecuteNonQueryAsync(cancellationToken);
            }
            finally
            {
                _writeLock.Release();
            }
            removed += deleted;
            if (deleted < PruneSlice)
                return removed;
        }
    }

    public async Task<IReadOnlyList<Revision>> GetRevisionsAsync(DocumentKind kind, string id, CancellationToken cancellationToken)
    {
        await using var connection = await OpenReaderAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT version, at, actor, action, note, doc FROM revisions WHERE kind = @kind AND id = @id ORDER BY version DESC";
        command.Parameters.AddWithValue("@kind", kind.TypeName);
        command.Parameters.AddWithValue("@id", id);
        var revisions = new List<Revision>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            revisions.Add(new Revision(reader.GetInt64(0), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)),
                reader.GetString(2), reader.GetString(3), reader.GetValue(4) as string,
                DocumentJson.Deserialize(kind, reader.GetString(5))));
        }
        return revisions;
    }

    public async Task<IReadOnlyList<AuditEntry>> QueryAuditAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await OpenReaderAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var where = AuditConditions(query, command);
        var direction = query.OldestFirst ? "ASC" : "DESC";
        command.CommandText = $"SELECT seq, at, actor, role, action, kind, id, version, note FROM audit{where} ORDER BY seq {direction} LIMIT @limit";
        command.Parameters.AddWithValue("@limit", query.Limit);
        var entries = new List<AuditEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(new AuditEntry(reader.GetInt64(0), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)),
                reader.GetString(2), reader.GetValue(3) as string, reader.GetString(4), reader.GetString(5),
                reader.GetString(6), reader.GetInt64(7), reader.GetValue(8) as string));
        }
        return entries;
    }

    /// <summary>
    /// A count over the audit table: with a condition it walks that condition's index (actor, document, time), without
    /// one every row's key: the whole log's count grows with the log.
    /// </summary>
    public async Task<long> CountAuditAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await OpenReaderAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM audit{AuditConditions(query, command)}";
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>The WHERE clause (empty when nothing is asked) of an audit read; every value a parameter.</summary>
    private static string AuditConditions(AuditQuery query, SqliteCommand command)
    {
        var conditions = new List<string>();
        void Add(string condition, string name, object? value)
        {
            if (value is null)
                return;
            conditions.Add(condition);
            command.Parameters.AddWithValue(name, value);
        }
        Add("actor = @actor", "@actor", query.Actor);
        Add("kind = @kind", "@kind", query.Kind);
        Add("id = @id", "@id", query.DocumentId);
        Add("action = @action", "@action", query.Action);
        Add("at >= @from", "@from", query.From?.ToUnixTimeMilliseconds());
        Add("at <= @to", "@to", query.To?.ToUnixTimeMilliseconds());
        Add("seq < @before", "@before", query.BeforeSequence);
        Add("seq > @after", "@after", query.AfterSequence);
        return conditions.Count == 0 ? "" : " WHERE " + string.Join(" AND ", conditions);
    }

    public async ValueTask DisposeAsync()
    {
        if (_writer is not null)
            await _writer.DisposeAsync();
        _writeLock.Dispose();
    }

    private async Task<SqliteConnection> OpenReaderAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    private async Task<SqliteConnection> WriterAsync(CancellationToken cancellationToken)
    {
        if (_writer is not null)
            return _writer;
        var writer = new SqliteConnection(_connectionString);
        await writer.OpenAsync(cancellationToken);
        // synchronous is per connection, not stored in the file: set it on the one connection that writes.
        await ExecuteAsync(writer, "PRAGMA synchronous=FULL; PRAGMA foreign_keys=OFF;", cancellationToken);
        _writer = writer;
        return writer;
    }

    /// <summary>
    /// Reads rows of (id, version, doc): a document already read at that version is reused, the JSON left unread.
    /// Documents read by a larger page are not remembered: those are scans (reindex, export, check read 500 at a time),
    /// and would push out what the API's readers use.
    /// </summary>
    private async Task ReadDocumentsAsync<T>(DocumentKind kind, SqliteCommand command, List<T> into, bool remember, CancellationToken cancellationToken)
        where T : Document
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var id = reader.GetString(0);
            var version = reader.GetInt64(1);
            if (_cache.TryGet<T>(kind.Collection, id, version, out var cached))
            {
                into.Add(cached);
                continue;
            }
            // The JSON is read as the UTF-8 bytes SQLite stores: reading it as a string and parsing that cost two
            // transcodings per document (6% of a list request's CPU under perf).
            var json = await reader.GetFieldValueAsync<byte[]>(2, cancellationToken);
            var document = DocumentJson.Deserialize<T>(json);
            if (remember)
                _cache.Add(kind.Collection, id, version, document, json.Length);
            into.Add(document);
        }
    }

    private static async Task<(long Version, DateTimeOffset? CreatedAt)> ReadVersionAsync(SqliteConnection connection,
        SqliteTransaction transaction, DocumentKind kind, string id, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT version, \"createdAt\" FROM \"{kind.Collection}\" WHERE id = @id";
        command.Parameters.AddWithValue("@id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? (reader.GetInt64(0), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)))
            : (0, null);
    }

    private static async Task WriteDocumentAsync(SqliteConnection connection, SqliteTransaction transaction, DocumentKind kind,
        Document document, bool isInsert, CancellationToken cancellationToken)
    {
        var columns = SqliteSchema.ScalarColumns(kind).ToList();
        await using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            var names = string.Join(", ", columns.Select(c => $"\"{c.Name}\""));
            var values = string.Join(", ", columns.Select((_, i) => $"@c{i}"));
            command.CommandText = isInsert
                ? $"INSERT INTO \"{kind.Collection}\" (id, version, doc, {names}) VALUES (@id, @version, @doc, {values})"
                : $"UPDATE \"{kind.Collection}\" SET version = @version, doc = @doc, "
                  + string.Join(", ", columns.Select((c, i) => $"\"{c.Name}\" = @c{i}")) + " WHERE id = @id";
            command.Parameters.AddWithValue("@id", document.Id);
            command.Parameters.AddWithValue("@version", document.Version);
            command.Parameters.AddWithValue("@doc", DocumentJson.Serialize(document));
            for (var i = 0; i < columns.Count; i++)
                command.Parameters.AddWithValue($"@c{i}", columns[i].Read(document) ?? DBNull.Value);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        foreach (var field in SqliteSchema.ListFields(kind))
            await WriteListAsync(connection, transaction, kind, field, document, replace: !isInsert, cancellationToken);
    }

    internal static async Task WriteListAsync(SqliteConnection connection, SqliteTransaction? transaction, DocumentKind kind,
        FieldDefinition field, Document document, bool replace, CancellationToken cancellationToken)
    {
        var table = SqliteSchema.ListTable(kind, field);
        if (replace)
        {
            await using var delete = connection.CreateCommand();
            delete.Transaction = transaction;
            delete.CommandText = $"DELETE FROM \"{table}\" WHERE id = @id";
            delete.Parameters.AddWithValue("@id", document.Id);
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }
        var values = field.ReadList(document);
        if (values.Count == 0)
            return;
        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = $"INSERT OR IGNORE INTO \"{table}\" (id, value) VALUES (@id, @value)";
        insert.Parameters.AddWithValue("@id", document.Id);
        var valueParameter = insert.Parameters.Add("@value", SqliteType.Text);
        foreach (var value in values)
        {
            valueParameter.Value = value;
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static async Task WriteHistoryAsync(SqliteConnection connection, SqliteTransaction transaction, DocumentKind kind,
        Document document, DocumentWrite write, ChangeAuthor author, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var revision = connection.CreateCommand();
        revision.Transaction = transaction;
        revision.CommandText = "INSERT INTO revisions (kind, id, version, at, actor, action, note, doc) VALUES (@kind, @id, @version, @at, @actor, @action, @note, @doc)";
        revision.Parameters.AddWithValue("@kind", kind.TypeName);
        revision.Parameters.AddWithValue("@id", document.Id);
        revision.Parameters.AddWithValue("@version", document.Version);
        revision.Parameters.AddWithValue("@at", now.ToUnixTimeMilliseconds());
        revision.Parameters.AddWithValue("@actor", author.Actor);
        revision.Parameters.AddWithValue("@action", write.Action);
        revision.Parameters.AddWithValue("@note", (object?)write.Note ?? DBNull.Value);
        revision.Parameters.AddWithValue("@doc", DocumentJson.Serialize(document));
        await revision.ExecuteNonQueryAsync(cancellationToken);

        await using var audit = connection.CreateCommand();
        audit.Transaction = transaction;
        audit.CommandText = "INSERT INTO audit (at, actor, role, action, kind, id, version, note) VALUES (@at, @actor, @role, @action, @kind, @id, @version, @note)";
        audit.Parameters.AddWithValue("@at", now.ToUnixTimeMilliseconds());
        audit.Parameters.AddWithValue("@actor", author.Actor);
        audit.Parameters.AddWithValue("@role", (object?)author.Role ?? DBNull.Value);
        audit.Parameters.AddWithValue("@action", write.Action);
        audit.Parameters.AddWithValue("@kind", kind.TypeName);
        audit.Parameters.AddWithValue("@id", document.Id);
        audit.Parameters.AddWithValue("@version", document.Version);
        audit.Parameters.AddWithValue("@note", (object?)write.Note ?? DBNull.Value);
        await audit.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<long> AppendChangeAsync(SqliteConnection connection, SqliteTransaction transaction, DocumentKind kind,
        Document document, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO changes (kind, id, version, at) VALUES (@kind, @id, @version, @at) RETURNING seq";
        command.Parameters.AddWithValue("@kind", kind.TypeName);
        command.Parameters.AddWithValue("@id", document.Id);
        command.Parameters.AddWithValue("@version", document.Version);
        command.Parameters.AddWithValue("@at", now.ToUnixTimeMilliseconds());
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    internal static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
