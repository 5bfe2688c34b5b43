using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Dangjian.Api.GraphQL.Relay;
using Dangjian.Core.Access;
using Dangjian.Core.Documents;
using Dangjian.Core.Search;
using Dangjian.Core.Seeding;
using Dangjian.Core.Storage;
using Dangjian.Core.Storage.Sqlite;

namespace Dangjian.Bench.Relevance;

/// <summary>
/// `--relevance`: the judged query set of bench/relevance run against Dangjian (over HTTP, in each relevance order)
/// and two baselines over the same documents, scored by nDCG@10, MRR and recall@10, written to
/// bench/results/relevance.json. With `--pool PATH` it also writes the pooled documents nobody has judged yet, with
/// their text, for judging (outside the repository: the corpus is not copied into it).
/// </summary>
public sealed class RelevanceRun(BenchOptions options)
{
    private static readonly JsonSerializerOptions ResultJson = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly JsonSerializerOptions SheetJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private const string SearchQuery = """
        query ($q: String!, $order: [SearchSortInput!], $first: Int) { search(query: $q, order: $order, first: $first) { totalCount edges { node { __typename
          ... on Directive { id } ... on StudyMaterial { id } ... on Story { id } ... on ActivityLog { id } } } } }
        """;

    private sealed record SystemRun(string Name, string Description, Func<JudgedQuery, CancellationToken, Task<Ranking>> Search);

    /// <summary>A system's answer to one query: judgment keys, best first, and the total it reported (−1 where unknown), or an error.</summary>
    private sealed record Ranking(IReadOnlyList<string> Keys, int Total, string? Error = null);

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var total = Stopwatch.StartNew();
        var folder = Path.Combine(options.RepositoryRoot, "bench", "relevance");
        var judged = JudgedSet.Load(folder);
        var depth = Math.Max(RankingMetrics.Depth, options.PoolDepth);
        var work = options.WorkFolder ?? Path.Combine(Path.GetTempPath(), "dangjian-relevance-" + Guid.NewGuid().ToString("N")[..8]);
        var data = Path.Combine(work, "data");
        // Written last: a folder without it (a run stopped half way) is built again from scratch.
        var built = Path.Combine(work, "built");
        var reuse = options.WorkFolder is not null && File.Exists(built);
        if (!reuse && Directory.Exists(work))
            Directory.Delete(work, recursive: true);
        Directory.CreateDirectory(data);
        Log($"Relevance: {judged.Queries.Count} queries, {judged.JudgmentCount:N0} judgments; {options.Documents:N0} articles + seed-data; work folder {work}");
        try
        {
            Corpus? corpus = Corpus.Load(options.Corpus, options.Documents, stories: 0);
            var keys = new DocumentKeys(corpus.ArticleKeys);
            List<BenchDocument>? documents;
            if (reuse)
            {
                await using var store = new SqliteDocumentStore(new SqliteStoreOptions { DatabasePath = Path.Combine(data, "dangjian.db") }, TimeProvider.System);
                var seeded = await new SeedLoader(store).ReadAsync(Path.Combine(options.RepositoryRoot, "seed-data"), cancellationToken);
                documents = corpus.Searchable.Concat(seeded)
                    .Where(d => d is Directive or StudyMaterial or Story or ActivityLog && Visibility.CanSee(d, Caller.Anonymous))
                    .Select(BenchDocument.Of).ToList();
                Log($"Reusing the store, Dangjian's index and the baselines in {work}");
            }
            else
            {
                await using (var store = new SqliteDocumentStore(new SqliteStoreOptions { DatabasePath = Path.Combine(data, "dangjian.db") }, TimeProvider.System))
                {
                    await store.InitializeAsync(cancellationToken);
                    await CommitAsync(store, corpus.Organizations.Cast<Document>().Concat(corpus.Searchable), cancellationToken);
                    var seeded = await new SeedLoader(store).ReadAsync(Path.Combine(options.RepositoryRoot, "seed-data"), cancellationToken);
                    await CommitAsync(store, seeded, cancellationToken);
                    // The baselines get what an anonymous reader may see, as Dangjian answers the anonymous requests below.
                    documents = corpus.Searchable.Concat(seeded)
                        .Where(d => d is Directive or StudyMaterial or Story or ActivityLog && Visibility.CanSee(d, Caller.Anonymous))
                        .Select(BenchDocument.Of).ToList();
                    Log($"Store: {corpus.Searchable.Count:N0} articles and {seeded.Count} seed documents; {documents.Count:N0} searchable by an anonymous reader");
                    var clock = Stopwatch.StartNew();
                    var searchOptions = new SearchOptions();
                    using (var index = SearchIndex.Open(searchOptions.FullIndexDirectory(data), searchOptions.RamBufferMB))
                        await new SearchIndexer(store, index, searchOptions.RebuildBatchSize).RebuildAsync(null, cancellationToken);
                    Log($"Dangjian index built in {clock.Elapsed.TotalSeconds:N1} s");
                }
            }
            corpus = null;
            var byKey = documents.ToDictionary(d => keys.Of(d.Key), StringComparer.Ordinal);

            using var fts = new Fts5BigramBaseline(Path.Combine(work, "fts5-bigrams.db"));
            using var bigrams = new BigramBm25Baseline(Path.Combine(work, "bigram-bm25"));
            if (reuse)
            {
                bigrams.Open();
            }
            else
            {
                var ftsClock = Stopwatch.StartNew();
                fts.Build(documents);
                Log($"FTS5 (unicode61 over character pairs) built in {ftsClock.Elapsed.TotalSeconds:N1} s");
                var bigramClock = Stopwatch.StartNew();
                bigrams.Build(documents);
                Log($"Bigram BM25 index built in {bigramClock.Elapsed.TotalSeconds:N1} s");
                if (options.WorkFolder is not null)
                    await File.WriteAllTextAsync(built, BenchRun.GitCommit(options.RepositoryRoot) + "\n", cancellationToken);
            }
            documents = null;

            await using var host = await BenchHost.StartAsync(data, options.RepositoryRoot, cancellationToken);
            await BenchRun.WaitForIndexAsync(host, cancellationToken);
            using var clients = new LoopbackClients(host.Address);
            var systems = new List<SystemRun>
            {
                new("Dangjian RELEVANCE", "GraphQL search, order [{ relevance: DESC }] (the default: BM25 within the kind tiers a deployment configures, none by default)",
                    (q, ct) => DangjianAsync(clients, keys, q.Text, "RELEVANCE", depth, ct)),
                new("Dangjian BEST_MATCH", "GraphQL search, order [{ score: DESC }] (BM25 alone across kinds)",
                    (q, ct) => DangjianAsync(clients, keys, q.Text, "BEST_MATCH", depth, ct)),
                new("FTS5 bm25", "SQLite FTS5, unicode61 over character pairs, each word as written (phrase of its pairs), words ANDed, bm25 with title weight 3",
                    (q, _) => Task.FromResult(new Ranking(fts.Search(q.Text, depth).Select(keys.Of).ToList(), -1))),
                new("bigram BM25", "Lucene CJKAnalyzer pairs over title + text in one field, any pair may match (OR), BM25 defaults",
                    (q, _) => Task.FromResult(new Ranking(bigrams.Search(q.Text, depth).Select(keys.Of).ToList(), -1))),
            };
            var rankings = new Dictionary<(string Query, string System), Ranking>();
            foreach (var query in judged.Queries)
            {
                foreach (var system in systems)
                {
                    var ranking = rankings[(query.Id, system.Name)] = await system.Search(query, cancellationToken);
                    // Scored as finding nothing; a TIMEOUT on a loaded machine would understate Dangjian, so say so.
                    if (ranking.Error is not null)
                        Log($"WARNING {query.Id} {query.Text} ({system.Name}) answered with an error, scored as no results: {ranking.Error}");
                }
            }
            if (options.PoolPath is { } poolPath)
            {
                // The other wordings, by Dangjian's BEST_MATCH (every word as written): documents the query's own
                // wording misses, judged now so that a later change that finds them is credited.
                var extra = new Dictionary<string, List<string>>(StringComparer.Ordinal);
                foreach (var query in judged.Queries)
                {
                    extra[query.Id] = [];
                    foreach (var wording in query.PoolingQueries)
                        extra[query.Id].AddRange((await DangjianAsync(clients, keys, wording, "BEST_MATCH", options.PoolDepth, cancellationToken)).Keys);
                }
                WritePool(poolPath, judged, systems, rankings, extra, byKey);
            }
            var report = Report(judged, systems, rankings, byKey);
            report["seconds"] = Math.Round(total.Elapsed.TotalSeconds, 1);
            report["documents"] = options.Documents;
            report["commit"] = BenchRun.GitCommit(options.RepositoryRoot);
            Directory.CreateDirectory(Path.GetDirectoryName(options.Output)!);
            await File.WriteAllTextAsync(options.Output, JsonSerializer.Serialize(report, ResultJson) + "\n", cancellationToken);
            Log($"Wrote {Path.GetRelativePath(options.RepositoryRoot, options.Output)} in {total.Elapsed.TotalSeconds:N0} s");
            return 0;
        }
        finally
        {
            if (!options.Keep && options.WorkFolder is null)
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                try
                {
                    Directory.Delete(work, recursive: true);
                }
                catch (IOException e)
                {
                    Log($"Could not remove {work}: {e.Message}");
                }
            }
        }
    }

    private static async Task CommitAsync(IDocumentStore store, IEnumerable<Document> documents, CancellationToken cancellationToken)
    {
        foreach (var chunk in documents.Chunk(1_000))
        {
            var result = await store.CommitAsync(new Commit(chunk.Select(d => DocumentWrite.Insert(d, "import")).ToList(), new ChangeAuthor("bench", "ADMIN")), cancellationToken);
            if (result is not CommitResult.Committed)
                throw new InvalidOperationException($"Loading the store failed: {result}");
        }
    }

    private static async Task<Ranking> DangjianAsync(LoopbackClients clients, DocumentKeys keys, string text, string order, int first, CancellationToken cancellationToken)
    {
        JsonElement answer;
        try
        {
            // The systems keep the names of the orders they measured before search took a sort list.
            object[] sort = order == "BEST_MATCH" ? [new { score = "DESC" }] : [new { relevance = "DESC" }];
            answer = await clients.JsonAsync(BenchRequest.GraphQL("relevance", SearchQuery, new { q = text, order = sort, first }), cancellationToken);
        }
        catch (BenchRequestException e)
        {
            return new Ranking([], 0, e.Message);
        }
        var search = answer.GetProperty("data").GetProperty("search");
        var found = new List<string>();
        foreach (var edge in search.GetProperty("edges").EnumerateArray())
        {
            var node = edge.GetProperty("node");
            var id = GlobalId.Decode(node.GetProperty("id").GetString()).Value;
            found.Add(keys.Of(node.GetProperty("__typename").GetString()!, id.LocalId));
        }
        return new Ranking(found, search.GetProperty("totalCount").GetInt32());
    }

    /// <summary>
    /// The judging sheet: every unjudged document in some system's top <see cref="BenchOptions.PoolDepth"/> (or in
    /// BEST_MATCH's top for one of the query's pooling wordings), one JSON
    /// line each, in key order (which system found it, and where, is left out, so that it cannot sway the grade).
    /// </summary>
    private void WritePool(string path, JudgedSet judged, List<SystemRun> systems, Dictionary<(string, string), Ranking> rankings,
        Dictionary<string, List<string>> extra, Dictionary<string, BenchDocument> byKey)
    {
        var lines = new List<string>();
        foreach (var query in judged.Queries)
        {
            var grades = judged.GradesOf(query.Id);
            var pooled = systems.SelectMany(s => rankings[(query.Id, s.Name)].Keys.Take(options.PoolDepth)).Concat(extra[query.Id])
                .Where(k => !grades.ContainsKey(k)).Distinct().Order(StringComparer.Ordinal);
            foreach (var key in pooled)
            {
                var document = byKey[key];
                lines.Add(JsonSerializer.Serialize(new
                {
                    query = query.Id, text = query.Text, intent = query.Intent, document = key, kind = document.Kind, title = document.Title,
                    body = string.Join('\n', document.Parts.Where(p => p.Length > 0)),
                }, SheetJson));
            }
        }
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllLines(path, lines);
        Log($"Pool: {lines.Count:N0} unjudged documents (top {options.PoolDepth} of {systems.Count} systems) written to {path}");
    }

    private static Dictionary<string, object?> Report(JudgedSet judged, List<SystemRun> systems, Dictionary<(string, string), Ranking> rankings,
        Dictionary<string, BenchDocument> byKey)
    {
        // Queries with no relevant judged document cannot be scored (no ideal ranking): they are listed, not averaged.
        var scored = judged.Queries.Where(q => judged.GradesOf(q.Id).Values.Any(g => g >= RankingMetrics.RelevantGrade)).ToList();
        var unscored = judged.Queries.Except(scored).Select(q => q.Id).ToList();
        var scores = new Dictionary<(string Query, string System), QueryScore>();
        foreach (var query in scored)
        {
            var grades = judged.GradesOf(query.Id);
            foreach (var system in systems)
            {
                var ranking = rankings[(query.Id, system.Name)];
                var top = ranking.Keys.Take(RankingMetrics.Depth).ToList();
                scores[(query.Id, system.Name)] = new QueryScore(
                    RankingMetrics.Ndcg(top, grades), RankingMetrics.ReciprocalRank(top, grades), RankingMetrics.Recall(top, grades),
                    top.Count, top.Count(k => !grades.ContainsKey(k)), top.Any(k => grades.GetValueOrDefault(k) >= RankingMetrics.RelevantGrade));
            }
        }

        var summary = systems.Select(s =>
        {
            var mine = scored.Select(q => scores[(q.Id, s.Name)]).ToList();
            return new SystemSummary(s.Name, s.Description, Mean(mine.Select(m => m.Ndcg)), Mean(mine.Select(m => m.ReciprocalRank)),
                Mean(mine.Select(m => m.Recall)), mine.Count(m => m.Returned == 0), mine.Count(m => !m.FoundRelevant),
                Math.Round((double)mine.Sum(m => m.Unjudged) / Math.Max(1, mine.Sum(m => m.Returned)), 4), mine.Sum(m => m.Unjudged));
        }).ToList();
        var categories = scored.GroupBy(q => q.Category).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => new
        {
            queries = g.Count(),
            ndcg10 = systems.ToDictionary(s => s.Name, s => Mean(g.Select(q => scores[(q.Id, s.Name)].Ndcg))),
            mrr = systems.ToDictionary(s => s.Name, s => Mean(g.Select(q => scores[(q.Id, s.Name)].ReciprocalRank))),
        });
        var dangjian = systems.Where(s => s.Name.StartsWith("Dangjian", StringComparison.Ordinal)).Select(s => s.Name).ToList();
        var baselines = systems.Select(s => s.Name).Except(dangjian).ToList();
        var misses = (from q in scored
                      from d in dangjian
                      where !scores[(q.Id, d)].FoundRelevant
                      let finders = baselines.Where(b => scores[(q.Id, b)].FoundRelevant).ToList()
                      where finders.Count > 0
                      select new { query = q.Id, q.Text, order = d, baselinesFindingRelevant = finders, dangjianReturned = rankings[(q.Id, d)].Keys.Count, error = rankings[(q.Id, d)].Error })
                     .ToList();

        string Describe(string key, IReadOnlyDictionary<string, int> grades) =>
            $"[{(grades.TryGetValue(key, out var g) ? g.ToString(CultureInfo.InvariantCulture) : "?")}] {(byKey.TryGetValue(key, out var d) ? d.Title : key)}";
        var perQuery = judged.Queries.Select(q =>
        {
            var grades = judged.GradesOf(q.Id);
            return new
            {
                q.Id, q.Category, query = q.Text, q.Intent,
                judged = grades.Count,
                relevantJudged = grades.Values.Count(g => g >= RankingMetrics.RelevantGrade),
                systems = systems.ToDictionary(s => s.Name, s =>
                {
                    var ranking = rankings[(q.Id, s.Name)];
                    scores.TryGetValue((q.Id, s.Name), out var score);
                    return new
                    {
                        ndcg10 = score?.Ndcg, reciprocalRank = score?.ReciprocalRank, recall10 = score?.Recall, total = ranking.Total < 0 ? (int?)null : ranking.Total,
                        ranking.Error,
                        top10 = ranking.Keys.Take(RankingMetrics.Depth).Select(k => new { document = k, grade = grades.TryGetValue(k, out var g) ? g : (int?)null }),
                    };
                }),
            };
        }).ToList();
        var worst = scored.OrderBy(q => scores[(q.Id, dangjian[0])].Ndcg).ThenBy(q => q.Id, StringComparer.Ordinal).Take(12).Select(q => new
        {
            q.Id, query = q.Text, q.Category,
            ndcg10 = dangjian.ToDictionary(d => d, d => scores[(q.Id, d)].Ndcg),
            bestBaseline = baselines.Max(b => scores[(q.Id, b)].Ndcg),
            dangjianTop3 = rankings[(q.Id, dangjian[0])].Keys.Count == 0
                ? ["(nothing found)"]
                : rankings[(q.Id, dangjian[0])].Keys.Take(3).Select(k => Describe(k, judged.GradesOf(q.Id))).ToList(),
        }).ToList();

        Print(summary, categories.ToDictionary(c => c.Key, c => (c.Value.queries, c.Value.ndcg10)), scored, systems, scores, misses.Select(m => $"{m.query} {m.Text} ({m.order}): {string.Join(", ", m.baselinesFindingRelevant)} find something relevant; Dangjian returned {m.dangjianReturned}{(m.error is null ? "" : " — " + m.error)}").ToList(),
            worst.Select(w => $"{w.Id} {w.query} [{w.Category}] nDCG {string.Join(" / ", w.ndcg10.Values.Select(v => v.ToString("0.00", CultureInfo.InvariantCulture)))} vs best baseline {w.bestBaseline:0.00}\n      " + string.Join("\n      ", w.dangjianTop3)).ToList(),
            unscored);

        return new Dictionary<string, object?>
        {
            ["date"] = DateTimeOffset.UtcNow.ToString("u", CultureInfo.InvariantCulture),
            ["method"] = new
            {
                depth = RankingMetrics.Depth,
                relevantGrade = RankingMetrics.RelevantGrade,
                ndcg = "gain 2^grade − 1, discount log2(rank + 1), ideal = every judged document of the query in grade order; unjudged = 0",
                mrr = "1 / rank of the first document graded ≥ 2 in the top 10, else 0",
                recall10 = "documents graded ≥ 2 in the top 10 / min(10, documents graded ≥ 2 among the judged)",
                unjudgedShare = "unjudged documents among the returned top 10 (counted as 0); when it grows, extend the pool (bench/relevance/README.md)",
            },
            ["queries"] = judged.Queries.Count,
            ["scoredQueries"] = scored.Count,
            ["unscoredQueries"] = unscored,
            ["judgments"] = judged.JudgmentCount,
            ["systems"] = summary,
            ["categories"] = categories,
            ["dangjianFindsNothingRelevantWhereABaselineDoes"] = misses,
            ["worstForDangjian"] = worst,
            ["perQuery"] = perQuery,
        };
    }

    private static void Print(List<SystemSummary> summary, Dictionary<string, (int Queries, Dictionary<string, double> Ndcg)> categories, List<JudgedQuery> scored,
        List<SystemRun> systems, Dictionary<(string, string), QueryScore> scores, List<string> misses, List<string> worst, List<string> unscored)
    {
        var output = new StringBuilder();
        var names = systems.Select(s => s.Name).ToList();
        var width = names.Max(n => n.Length) + 2;
        output.AppendLine(CultureInfo.InvariantCulture, $"\nRelevance over {scored.Count} judged queries (top {RankingMetrics.Depth}; relevant = grade ≥ {RankingMetrics.RelevantGrade})");
        output.AppendLine(CultureInfo.InvariantCulture, $"{"system".PadRight(width)} nDCG@10   MRR  R@10  none-relevant  zero-results  unjudged-in-top10");
        foreach (var s in summary)
            output.AppendLine(CultureInfo.InvariantCulture, $"{s.Name.PadRight(width)} {s.Ndcg10,7:0.000} {s.Mrr,5:0.000} {s.Recall10,5:0.000} {s.QueriesWithNothingRelevant,14} {s.ZeroResultQueries,13} {s.UnjudgedInTop10,6} ({s.UnjudgedShare:P1})");
        output.AppendLine().AppendLine("nDCG@10 by category:");
        output.AppendLine(CultureInfo.InvariantCulture, $"{"category",-14} {"n",3} {string.Join(" ", names.Select(n => n.PadLeft(width)))}");
        foreach (var (category, (count, ndcg)) in categories)
            output.AppendLine(CultureInfo.InvariantCulture, $"{category,-14} {count,3} {string.Join(" ", names.Select(n => ndcg[n].ToString("0.000", CultureInfo.InvariantCulture).PadLeft(width)))}");
        output.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"nDCG@10 per query ({string.Join(" | ", names)}):");
        foreach (var q in scored)
            output.AppendLine(CultureInfo.InvariantCulture, $"{q.Id,-5} {q.Category,-12} {string.Join(" ", names.Select(n => scores[(q.Id, n)].Ndcg.ToString("0.00", CultureInfo.InvariantCulture).PadLeft(5)))}  {q.Text}");
        output.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"Dangjian finds nothing relevant in its top 10 where a baseline does ({misses.Count}):");
        foreach (var miss in misses)
            output.AppendLine("  " + miss);
        output.AppendLine().AppendLine("Worst queries for Dangjian (RELEVANCE / BEST_MATCH), with RELEVANCE's top 3 [grade]:");
        foreach (var line in worst)
            output.AppendLine("  " + line);
        if (unscored.Count > 0)
            output.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"Not scored (no document judged relevant yet): {string.Join(", ", unscored)}");
        Console.WriteLine(output);
    }

    private static double Mean(IEnumerable<double> values)
    {
        var list = values.ToList();
        return list.Count == 0 ? 0 : Math.Round(list.Average(), 4);
    }

    private static void Log(string message) => Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] {message}");

    private sealed record QueryScore(double Ndcg, double ReciprocalRank, double Recall, int Returned, int Unjudged, bool FoundRelevant);

    private sealed record SystemSummary(string Name, string Description, double Ndcg10, double Mrr, double Recall10, int ZeroResultQueries,
        int QueriesWithNothingRelevant, double UnjudgedShare, int UnjudgedInTop10);
}
