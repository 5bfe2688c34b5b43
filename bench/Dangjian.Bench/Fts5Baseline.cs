using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;

namespace Dangjian.Bench;

/// <summary>
/// What a user of an embedded store would build instead: SQLite FTS5 with the trigram tokenizer, in its own
/// database file. Terms of three or more characters go to MATCH (ranked by bm25, snippets by snippet()); shorter
/// ones, which a trigram index cannot look up, become LIKE '%term%' conditions, which scan.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA2100:Review SQL queries for security vulnerabilities",
    Justification = "The SQL text is built from the fixed query mix's shape; every term is a parameter.")]
public sealed class Fts5Baseline : IDisposable
{
    private readonly SqliteConnection _connection;

    public Fts5Baseline(string path)
    {
        Path = path;
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        _connection.Open();
        Execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;");
    }

    public string Path { get; }

    public long SizeBytes => Machine.FilesSize(Path);

    public TimeSpan Build(IEnumerable<BenchDocument> documents)
    {
        var clock = Stopwatch.StartNew();
        Execute("DROP TABLE IF EXISTS docs; CREATE VIRTUAL TABLE docs USING fts5(key UNINDEXED, kind UNINDEXED, day UNINDEXED, title, body, tokenize='trigram');");
        using var transaction = _connection.BeginTransaction();
        using var insert = _connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO docs(key, kind, day, title, body) VALUES ($key, $kind, $day, $title, $body)";
        var key = insert.Parameters.Add("$key", SqliteType.Text);
        var kind = insert.Parameters.Add("$kind", SqliteType.Text);
        var day = insert.Parameters.Add("$day", SqliteType.Integer);
        var title = insert.Parameters.Add("$title", SqliteType.Text);
        var body = insert.Parameters.Add("$body", SqliteType.Text);
        insert.Prepare();
        foreach (var document in documents)
        {
            key.Value = document.Key;
            kind.Value = document.Kind;
            day.Value = document.Date.Year * 10_000 + document.Date.Month * 100 + document.Date.Day;
            title.Value = document.Title;
            body.Value = string.Join('\n', document.Parts.Where(p => p.Length > 0));
            insert.ExecuteNonQuery();
        }
        transaction.Commit();
        Execute("PRAGMA wal_checkpoint(TRUNCATE);");
        return clock.Elapsed;
    }

    /// <summary>A results page as such a user would get it: top 20 with snippets, the total, and for the facet query counts by kind and year.</summary>
    public int Search(MixQuery query)
    {
        var rows = 0;
        using (var page = Command(query, "key, title, " + SnippetSql(query), limit: true))
        using (var reader = page.ExecuteReader())
        {
            while (reader.Read())
            {
                _ = reader.GetString(0);
                _ = reader.GetString(2);
                rows++;
            }
        }
        using (var count = Command(query, "count(*)", limit: false))
            _ = count.ExecuteScalar();
        if (query.Facets)
        {
            foreach (var group in new[] { "kind", "day / 10000" })
            {
                using var facet = Command(query, $"{group}, count(*)", limit: false, groupBy: group);
                using var reader = facet.ExecuteReader();
                while (reader.Read())
                    _ = reader.GetInt64(1);
            }
        }
        return rows;
    }

    public HashSet<string> AllKeys(MixQuery query)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        using var command = Command(query, "key", limit: false);
        using var reader = command.ExecuteReader();
        while (reader.Read())
            keys.Add(reader.GetString(0));
        return keys;
    }

    private static bool Indexed(string term) => term.Length >= 3;

    private static string SnippetSql(MixQuery query) => query.Terms.Any(Indexed)
        ? "snippet(docs, 4, '<em>', '</em>', '…', 24)"
        // No MATCH, no snippet(): the text around the first occurrence, as a user would cut it.
        : "substr(body, max(instr(body, $t0) - 20, 1), 60)";

    private SqliteCommand Command(MixQuery query, string columns, bool limit, string? groupBy = null)
    {
        var command = _connection.CreateCommand();
        var where = new List<string>();
        var match = string.Join(" AND ", query.Terms.Where(Indexed).Select(t => "\"" + t.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""));
        if (match.Length > 0)
        {
            where.Add("docs MATCH $match");
            command.Parameters.AddWithValue("$match", match);
        }
        for (var i = 0; i < query.Terms.Length; i++)
        {
            command.Parameters.AddWithValue($"$t{i}", query.Terms[i]);
            if (!Indexed(query.Terms[i]))
            {
                where.Add($"(title LIKE $p{i} OR body LIKE $p{i})");
                command.Parameters.AddWithValue($"$p{i}", "%" + query.Terms[i] + "%");
            }
        }
        if (query.DirectivesSince2010)
        {
            where.Add("kind = 'Directive' AND day >= $since");
            command.Parameters.AddWithValue("$since", MixQuery.Since.Year * 10_000 + 101);
        }
        var sql = new StringBuilder($"SELECT {columns} FROM docs WHERE ").AppendJoin(" AND ", where);
        if (groupBy is not null)
            sql.Append(CultureInfo.InvariantCulture, $" GROUP BY {groupBy}");
        if (limit)
            sql.Append(match.Length > 0 ? " ORDER BY rank LIMIT 20" : " LIMIT 20");
        command.CommandText = sql.ToString();
        return command;
    }

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public void Dispose() => _connection.Dispose();
}
