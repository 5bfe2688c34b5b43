using System.Globalization;
using System.Text;
using Dangjian.Core.Search;
using Microsoft.Data.Sqlite;

namespace Dangjian.Bench.Relevance;

/// <summary>
/// SQLite FTS5 as a developer would set it up for Chinese without a segmenter: the unicode61 tokenizer over text
/// split into overlapping character pairs before it is stored (the same pairs for the query), so that every word
/// of two or more characters can be looked up and ranked by bm25 — the trigram tokenizer cannot rank two-character
/// words, which it only finds by LIKE scans. The query keeps Dangjian's syntax and meaning: each word or "phrase"
/// must occur as written (its pairs in a row), OR between alternatives, -word excluded. Ranked by FTS5's bm25 with
/// the title weighing 3 (as Dangjian's title boost), the text 1.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA2100:Review SQL queries for security vulnerabilities",
    Justification = "The SQL text is fixed; the MATCH expression is a parameter, with every word quoted.")]
public sealed class Fts5BigramBaseline : IDisposable
{
    public const double TitleWeight = 3;

    private readonly SqliteConnection _connection;

    public Fts5BigramBaseline(string path)
    {
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        _connection.Open();
        Execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF;");
    }

    public void Build(IEnumerable<BenchDocument> documents)
    {
        Execute("DROP TABLE IF EXISTS docs; CREATE VIRTUAL TABLE docs USING fts5(key UNINDEXED, title, body, tokenize='unicode61');");
        using var transaction = _connection.BeginTransaction();
        using var insert = _connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO docs(key, title, body) VALUES ($key, $title, $body)";
        var key = insert.Parameters.Add("$key", SqliteType.Text);
        var title = insert.Parameters.Add("$title", SqliteType.Text);
        var body = insert.Parameters.Add("$body", SqliteType.Text);
        insert.Prepare();
        foreach (var document in documents)
        {
            key.Value = document.Key;
            title.Value = string.Join(' ', Pairs(document.Title));
            // A newline between parts, as elsewhere; pairs never span two parts.
            body.Value = string.Join('\n', document.Parts.Where(p => p.Length > 0).Select(p => string.Join(' ', Pairs(p))));
            insert.ExecuteNonQuery();
        }
        transaction.Commit();
    }

    /// <summary>The keys of the best <paramref name="count"/> documents, best first; empty when nothing in the query is searchable.</summary>
    public IReadOnlyList<string> Search(string text, int count)
    {
        var match = MatchExpression(text);
        if (match is null)
            return [];
        using var command = _connection.CreateCommand();
        command.CommandText = string.Create(CultureInfo.InvariantCulture,
            $"SELECT key FROM docs WHERE docs MATCH $match ORDER BY bm25(docs, 0.0, {TitleWeight:0.0}, 1.0) LIMIT $limit");
        command.Parameters.AddWithValue("$match", match);
        command.Parameters.AddWithValue("$limit", count);
        var keys = new List<string>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
            keys.Add(reader.GetString(0));
        return keys;
    }

    /// <summary>The query in FTS5's syntax: groups ANDed, alternatives ORed, each word a quoted phrase of its pairs.</summary>
    public static string? MatchExpression(string text)
    {
        var parsed = SearchQuerySyntax.Parse(text, 1_000, 100);
        if (!parsed.IsSuccess)
            return null;
        var groups = new List<string>();
        foreach (var group in parsed.Value.Required)
        {
            var alternatives = group.Select(t => Phrase(t.Text)).OfType<string>().ToList();
            if (alternatives.Count > 0)
                groups.Add(alternatives.Count == 1 ? alternatives[0] : "(" + string.Join(" OR ", alternatives) + ")");
        }
        if (groups.Count == 0)
            return null;
        var expression = string.Join(" AND ", groups);
        foreach (var excluded in parsed.Value.Excluded.Select(t => Phrase(t.Text)).OfType<string>())
            expression += " NOT " + excluded;
        return expression;
    }

    private static string? Phrase(string word)
    {
        var pairs = Pairs(word);
        return pairs.Count == 0 ? null : "\"" + string.Join(' ', pairs).Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    /// <summary>
    /// Overlapping pairs of each run of Chinese characters (a lone character stands for itself), each run of other
    /// letters and digits whole and in lower case; everything else separates.
    /// </summary>
    public static List<string> Pairs(string text)
    {
        var tokens = new List<string>();
        var i = 0;
        while (i < text.Length)
        {
            var start = i;
            if (IsHan(text, i))
            {
                while (i < text.Length && IsHan(text, i))
                    i += char.IsSurrogatePair(text, i) ? 2 : 1;
                var run = new StringInfo(text[start..i]);
                if (run.LengthInTextElements == 1)
                    tokens.Add(run.String);
                for (var k = 0; k + 1 < run.LengthInTextElements; k++)
                    tokens.Add(run.SubstringByTextElements(k, 2));
            }
            else if (char.IsLetterOrDigit(text[i]))
            {
                var word = new StringBuilder();
                while (i < text.Length && char.IsLetterOrDigit(text[i]) && !IsHan(text, i))
                    word.Append(char.ToLowerInvariant(text[i++]));
                tokens.Add(word.ToString());
            }
            else
            {
                i++;
            }
        }
        return tokens;
    }

    private static bool IsHan(string text, int index)
    {
        if (!Rune.TryGetRuneAt(text, index, out var found))
            return false;
        var rune = found.Value;
        return rune is >= 0x3400 and <= 0x4DBF or >= 0x4E00 and <= 0x9FFF or >= 0xF900 and <= 0xFAFF or >= 0x20000 and <= 0x3134F or 0x3007;
    }

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public void Dispose() => _connection.Dispose();
}
