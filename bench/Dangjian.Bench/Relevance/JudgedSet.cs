using System.Globalization;

namespace Dangjian.Bench.Relevance;

/// <summary>
/// One query of the judged set: what a researcher types, the kind of query it is, and what they want from it.
/// <see cref="PoolingQueries"/> are other wordings of the same need (the full form of an abbreviation, a question's
/// key words), searched only to find documents to judge: they are never scored.
/// </summary>
public sealed record JudgedQuery(string Id, string Category, string Text, string Intent, IReadOnlyList<string> PoolingQueries);

/// <summary>
/// The judged query set of bench/relevance: queries.tsv (id, category, query, intent, and optionally pooling
/// queries separated by " | ") and judgments.tsv (query id,
/// document, grade 0–3, an optional note). A document is named by <see cref="DocumentKeys"/>, never by load order.
/// </summary>
public sealed class JudgedSet
{
    private JudgedSet(IReadOnlyList<JudgedQuery> queries, Dictionary<string, Dictionary<string, int>> grades)
    {
        Queries = queries;
        _grades = grades;
    }

    private readonly Dictionary<string, Dictionary<string, int>> _grades;

    public IReadOnlyList<JudgedQuery> Queries { get; }

    public int JudgmentCount => _grades.Values.Sum(g => g.Count);

    /// <summary>The grades of a query's judged documents (empty when none are judged yet).</summary>
    public IReadOnlyDictionary<string, int> GradesOf(string queryId) =>
        _grades.TryGetValue(queryId, out var grades) ? grades : new Dictionary<string, int>(StringComparer.Ordinal);

    public static JudgedSet Load(string folder)
    {
        var queries = new List<JudgedQuery>();
        foreach (var (row, line) in Rows(Path.Combine(folder, "queries.tsv"), 4))
        {
            if (queries.Any(q => q.Id == row[0]))
                throw new FormatException($"queries.tsv line {line}: query {row[0]} appears twice.");
            var pooling = row.Length > 4 ? row[4].Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) : [];
            queries.Add(new JudgedQuery(row[0], row[1], row[2], row[3], pooling));
        }
        var grades = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        var path = Path.Combine(folder, "judgments.tsv");
        if (File.Exists(path))
        {
            foreach (var (row, line) in Rows(path, 3))
            {
                if (queries.All(q => q.Id != row[0]))
                    throw new FormatException($"judgments.tsv line {line}: no query {row[0]} in queries.tsv.");
                if (!int.TryParse(row[2], NumberStyles.None, CultureInfo.InvariantCulture, out var grade) || grade > 3)
                    throw new FormatException($"judgments.tsv line {line}: grade '{row[2]}' is not 0, 1, 2 or 3.");
                var forQuery = grades.TryGetValue(row[0], out var existing) ? existing : grades[row[0]] = new Dictionary<string, int>(StringComparer.Ordinal);
                if (!forQuery.TryAdd(row[1], grade))
                    throw new FormatException($"judgments.tsv line {line}: {row[0]} judges {row[1]} twice.");
            }
        }
        return new JudgedSet(queries, grades);
    }

    /// <summary>Tab-separated rows after the header line; '#' lines are comments. At least <paramref name="columns"/> columns each.</summary>
    private static IEnumerable<(string[] Row, int Line)> Rows(string path, int columns)
    {
        var line = 0;
        var header = true;
        foreach (var text in File.ReadLines(path))
        {
            line++;
            if (text.Length == 0 || text.StartsWith('#'))
                continue;
            if (header)
            {
                header = false;
                continue;
            }
            var row = text.Split('\t');
            if (row.Length < columns || row.Take(columns).Any(string.IsNullOrWhiteSpace))
                throw new FormatException($"{Path.GetFileName(path)} line {line}: expected {columns} tab-separated columns.");
            yield return (row, line);
        }
    }
}

/// <summary>
/// The names judgments use for documents: a corpus article by its <see cref="Article.Key"/> (file id # article
/// number), a seeded document as seed:Kind:id.
/// </summary>
public sealed class DocumentKeys(IReadOnlyDictionary<string, string> articleKeys)
{
    /// <summary>The judgment name of an index key ("Directive:law-…").</summary>
    public string Of(string kind, string id) => articleKeys.TryGetValue(id, out var article) ? article : $"seed:{kind}:{id}";

    public string Of(string benchKey)
    {
        var colon = benchKey.IndexOf(':', StringComparison.Ordinal);
        return Of(benchKey[..colon], benchKey[(colon + 1)..]);
    }
}

/// <summary>
/// Ranking measures over the top <see cref="Depth"/>: nDCG with gain 2^grade − 1 and the ideal order of every
/// judged document; reciprocal rank and recall of the relevant (grade ≥ <see cref="RelevantGrade"/>) ones. An
/// unjudged document counts as grade 0.
/// </summary>
public static class RankingMetrics
{
    public const int Depth = 10;
    public const int RelevantGrade = 2;

    public static double Ndcg(IReadOnlyList<string> ranked, IReadOnlyDictionary<string, int> grades)
    {
        var ideal = Dcg(grades.Values.OrderDescending().Take(Depth).ToList());
        return ideal == 0 ? 0 : Dcg(ranked.Take(Depth).Select(k => grades.GetValueOrDefault(k)).ToList()) / ideal;
    }

    public static double ReciprocalRank(IReadOnlyList<string> ranked, IReadOnlyDictionary<string, int> grades)
    {
        for (var i = 0; i < Math.Min(Depth, ranked.Count); i++)
        {
            if (grades.GetValueOrDefault(ranked[i]) >= RelevantGrade)
                return 1.0 / (i + 1);
        }
        return 0;
    }

    /// <summary>Relevant documents in the top 10 over the relevant judged ones, at most 10 (so 1 is reachable).</summary>
    public static double Recall(IReadOnlyList<string> ranked, IReadOnlyDictionary<string, int> grades)
    {
        var relevant = grades.Values.Count(g => g >= RelevantGrade);
        return relevant == 0 ? 0 : (double)ranked.Take(Depth).Count(k => grades.GetValueOrDefault(k) >= RelevantGrade) / Math.Min(Depth, relevant);
    }

    private static double Dcg(List<int> grades)
    {
        var sum = 0.0;
        for (var i = 0; i < grades.Count; i++)
            sum += (Math.Pow(2, grades[i]) - 1) / Math.Log2(i + 2);
        return sum;
    }
}
