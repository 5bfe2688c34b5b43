using System.Diagnostics;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Dangjian.Api.Auth;
using Dangjian.Bench;
using Dangjian.Core.Access;
using Dangjian.Core.Search;
using Dangjian.Core.Storage;
using Dangjian.Core.Storage.Sqlite;
using Lucene.Net.Store;
using Microsoft.Extensions.Options;

// Dangjian's benchmark: `dotnet run -c Release --project bench/Dangjian.Bench -- [--docs N [--work DIR]] [--quick] [--load] [--bootstrap [--work DIR]] [--relevance] [--browser]`
// from the repository root. Everything runs in this process on loopback; see README "Performance", bench/relevance/README.md
// and docs/performance.md (the reading room, --browser).
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var options = BenchOptions.Parse(args);
if (options is null)
{
    await Console.Error.WriteLineAsync("usage: dotnet run -c Release --project bench/Dangjian.Bench -- [--docs N [--work DIR]] [--quick] [--load] [--bootstrap [--work DIR]] [--relevance [--pool PATH] [--pool-depth N] [--work DIR]] [--browser] [--corpus PATH] [--output PATH] [--keep]");
    return 2;
}
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};
return options.Relevance
    ? await new Dangjian.Bench.Relevance.RelevanceRun(options).RunAsync(cancel.Token)
    : await new BenchRun(options).RunAsync(cancel.Token);

namespace Dangjian.Bench
{
    public sealed record BenchOptions(int Documents, bool Quick, bool Load, string Corpus, string Output, bool Keep, string RepositoryRoot)
    {
        /// <summary>Measure the reading room in headless Chromium instead of the speed benchmark.</summary>
        public bool Browser { get; init; }

        /// <summary>Run the judged query set (bench/relevance) instead of the speed benchmark.</summary>
        public bool Relevance { get; init; }

        /// <summary>Measure a new instance's start from an index snapshot and its feed catch-up instead of the speed benchmark.</summary>
        public bool Bootstrap { get; init; }

        /// <summary>With <see cref="Relevance"/>: where to write the pooled documents not judged yet (a judging sheet).</summary>
        public string? PoolPath { get; init; }

        /// <summary>How many of each system's results are pooled for judging.</summary>
        public int PoolDepth { get; init; } = 10;

        /// <summary>
        /// With <see cref="Relevance"/>: a work folder kept between runs. When it already holds a finished build, the
        /// store, Dangjian's index and both baselines are reused (the host still replays the change feed and rebuilds
        /// its index when the index layout changed), so a change to query-time ranking is measured in a minute.
        /// </summary>
        public string? WorkFolder { get; init; }

        public static BenchOptions? Parse(string[] args)
        {
            var root = FindRoot();
            int? documents = null;
            bool quick = false, load = false, keep = false, relevance = false, browser = false, bootstrap = false;
            string? corpus = null, output = null, pool = null, work = null;
            var poolDepth = 10;
            for (var i = 0; i < args.Length; i++)
            {
                switch (args[i])
                {
                    case "--docs" when i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var n) && n >= 100:
                        documents = n;
                        i++;
                        break;
                    case "--quick":
                        quick = true;
                        break;
                    case "--load":
                        load = true;
                        break;
                    case "--relevance":
                        relevance = true;
                        break;
                    case "--pool" when i + 1 < args.Length:
                        pool = Path.GetFullPath(args[++i]);
                        break;
                    case "--pool-depth" when i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var d) && d is >= 1 and <= 100:
                        poolDepth = d;
                        i++;
                        break;
                    case "--keep":
                        keep = true;
                        break;
                    case "--work" when i + 1 < args.Length:
                        work = Path.GetFullPath(args[++i]);
                        break;
                    case "--browser":
                        browser = true;
                        break;
                    case "--bootstrap":
                        bootstrap = true;
                        break;
                    case "--corpus" when i + 1 < args.Length:
                        corpus = args[++i];
                        break;
                    case "--output" when i + 1 < args.Length:
                        output = args[++i];
                        break;
                    default:
                        return null;
                }
            }
            if ((pool is not null || poolDepth != 10) && !relevance || work is not null && (quick || load || browser) || relevance && (quick || load) || browser && (relevance || quick || load)
                || bootstrap && (relevance || browser || load))
                return null;
            var name = relevance ? "relevance" : browser ? "browser" : load ? "load" : bootstrap ? "bootstrap" : quick ? "quick" : "latest";
            return new BenchOptions(documents ?? (quick || load ? 10_000 : 100_000), quick, load,
                Path.GetFullPath(corpus ?? FindCorpus(root)),
                Path.GetFullPath(output ?? Path.Combine(root, "bench", "results", name + ".json")), keep, root)
            {
                Relevance = relevance, PoolPath = pool, PoolDepth = poolDepth, Browser = browser, WorkFolder = work, Bootstrap = bootstrap,
            };
        }

        /// <summary>../shared/corpus/laws.jsonl.gz from the repository root (or from a folder above it, for a git worktree).</summary>
        private static string FindCorpus(string root)
        {
            for (var directory = new DirectoryInfo(root).Parent; directory is not null; directory = directory.Parent)
            {
                var path = Path.Combine(directory.FullName, "shared", "corpus", "laws.jsonl.gz");
                if (File.Exists(path))
                    return path;
            }
            return Path.Combine(root, "..", "shared", "corpus", "laws.jsonl.gz");
        }

        private static string FindRoot()
        {
            for (var directory = new DirectoryInfo(Environment.CurrentDirectory); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "Dangjian.slnx")))
                    return directory.FullName;
            }
            throw new InvalidOperationException("Run the benchmark from inside the repository (Dangjian.slnx not found above the working directory).");
        }
    }

    public sealed class BenchRun(BenchOptions options)
    {
        private static readonly JsonSerializerOptions ResultJson = new()
        {
            WriteIndented = true,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
        };

        private readonly Dictionary<string, object?> _results = new(StringComparer.Ordinal);
        private readonly List<(string Figure, string Value, string Target)> _table = [];
        private readonly List<double> _loads = [];

        private int Rounds => options.Quick ? 15 : 40;

        private int WarmUp => options.Quick ? 5 : 15;

        private TimeSpan ThroughputDuration => TimeSpan.FromSeconds(options.Quick ? 3 : 6);

        private int ThroughputRuns => 3;

        public async Task<int> RunAsync(CancellationToken cancellationToken)
        {
            var total = Stopwatch.StartNew();
            var work = options.WorkFolder ?? Path.Combine(Path.GetTempPath(), "dangjian-bench-" + Guid.NewGuid().ToString("N")[..8]);
            var data = Path.Combine(work, "data");
            // `--work DIR` (the standard run or `--bootstrap`): the store and index built by an earlier run in DIR (its `built`
            // file, written last, says the build finished) are used again, so that serving figures or the bootstrap can be
            // measured at a quiet moment without the quarter of an hour a million documents take to load and index.
            var built = Path.Combine(work, "built");
            var reuse = options.WorkFolder is not null && File.Exists(built);
            if (options.WorkFolder is not null && !reuse && System.IO.Directory.Exists(work))
                System.IO.Directory.Delete(work, recursive: true);
            System.IO.Directory.CreateDirectory(data);
            Log($"Dangjian bench: {options.Documents:N0} documents{(options.Quick ? " (quick)" : "")}{(options.Load ? " (load test)" : "")}{(options.Bootstrap ? " (bootstrap)" : "")}; {Environment.ProcessorCount} cores; load average {Machine.LoadAverage()}; work folder {work}");
            _results["machine"] = new
            {
                cores = Environment.ProcessorCount,
                memoryGiB = Math.Round(Machine.MemoryBytes() / (1024.0 * 1024 * 1024), 1),
                cpu = Machine.CpuModel(),
                os = System.Runtime.InteropServices.RuntimeInformation.OSDescription,
                runtime = System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription,
                serverGC = System.Runtime.GCSettings.IsServerGC,
                loadAverageAtStart = Machine.LoadAverage(),
            };
            _results["date"] = DateTimeOffset.UtcNow.ToString("u", CultureInfo.InvariantCulture);
            _results["documents"] = options.Documents;
            _results["quick"] = options.Quick;
            _results["commit"] = GitCommit(options.RepositoryRoot);
            try
            {
                if (reuse && options.Bootstrap)
                    return await BootstrapAsync(data, work, await CatchUpReusedAsync(data, work, cancellationToken), total, cancellationToken);
                var corpus = Corpus.Load(options.Corpus, options.Documents, Math.Clamp(options.Documents / 50, 200, 2_000));
                Log($"Corpus: {corpus.Searchable.Count:N0} articles ({corpus.Characters:N0} characters), {corpus.Organizations.Count} organisations, {corpus.Stories.Count:N0} stories, {corpus.ActivityLogs.Count:N0} activity logs");
                IReadOnlyList<string> storyIds;
                if (reuse)
                {
                    // The corpus is still generated: the truth that recall is measured against comes from it.
                    storyIds = await CatchUpReusedAsync(data, work, cancellationToken);
                }
                else
                {
                    await LoadStoreAsync(data, corpus, cancellationToken);
                    storyIds = corpus.Stories.Select(s => s.Id).ToList();
                }
                var benchDocuments = corpus.Searchable.Concat(corpus.Stories).Concat(corpus.ActivityLogs).Select(BenchDocument.Of).ToList();
                corpus = null;
                if (!reuse)
                {
                    await ReindexAsync(data, cancellationToken);
                    if (options.WorkFolder is not null)
                    {
                        await File.WriteAllLinesAsync(Path.Combine(work, "story-ids"), storyIds, cancellationToken);
                        await File.WriteAllTextAsync(built, options.Documents.ToString(CultureInfo.InvariantCulture), cancellationToken);
                    }
                }
                if (options.Bootstrap)
                {
                    benchDocuments = null;
                    ReleaseMemory();
                    return await BootstrapAsync(data, work, storyIds, total, cancellationToken);
                }
                if (options.Browser)
                {
                    benchDocuments = null;
                    ReleaseMemory();
                    await using var browserHost = await BenchHost.StartAsync(data, options.RepositoryRoot, cancellationToken);
                    await WaitForIndexAsync(browserHost, cancellationToken);
                    var met = await new BrowserBench(browserHost, Log).RunAsync(MixQuery.All.Select(q => q.Text).ToList(), _results, cancellationToken);
                    return Save() && met ? 0 : 1;
                }
                if (options.Load)
                {
                    benchDocuments = null;
                    ReleaseMemory();
                    await using var loadHost = await BenchHost.StartAsync(data, options.RepositoryRoot, cancellationToken);
                    return await new LoadTest(loadHost, storyIds, Log).RunAsync(TimeSpan.FromSeconds(30), _results, cancellationToken) && Save() ? 0 : 1;
                }
                using var fts = new Fts5Baseline(Path.Combine(work, "fts5-trigram.db"));
                // A reused work folder keeps the FTS5 table an earlier run built over the same corpus, with its build time.
                var ftsBuilt = Path.Combine(work, "fts5-built-seconds");
                var ftsBuild = reuse && File.Exists(ftsBuilt)
                    ? TimeSpan.FromSeconds(double.Parse(await File.ReadAllTextAsync(ftsBuilt, cancellationToken), CultureInfo.InvariantCulture))
                    : fts.Build(benchDocuments);
                if (options.WorkFolder is not null)
                    await File.WriteAllTextAsync(ftsBuilt, ftsBuild.TotalSeconds.ToString(CultureInfo.InvariantCulture), cancellationToken);
                Log($"FTS5 trigram table built in {ftsBuild.TotalSeconds:N1} s, {fts.SizeBytes / 1048576.0:N1} MB");
                // The truth for recall is computed now, and the documents dropped: the server must not measure with the
                // bench's copy of the corpus (hundreds of MB of strings) in the same garbage-collected heap.
                var truths = MixQuery.All.ToDictionary(q => q.Name, q => benchDocuments.Where(q.Matches).Select(d => d.Key).ToHashSet(StringComparer.Ordinal));
                benchDocuments = null;
                ReleaseMemory();

                await using var host = await BenchHost.StartAsync(data, options.RepositoryRoot, cancellationToken);
                await WaitForIndexAsync(host, cancellationToken);
                await WaitForQuietMergeAsync(host, cancellationToken);
                using var clients = new LoopbackClients(host.Address);
                await SearchAsync(host, clients, fts, truths, ftsBuild, cancellationToken);
                await ListAsync(host, clients, cancellationToken);
                await MutationAsync(host, clients, cancellationToken);
                Sizes(host, data, fts);
            }
            finally
            {
                if (!options.Keep && options.WorkFolder is null)
                {
                    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                    try
                    {
                        System.IO.Directory.Delete(work, recursive: true);
                    }
                    catch (IOException e)
                    {
                        Log($"Could not remove {work}: {e.Message}");
                    }
                }
            }
            _results["loadAverageDuringRun"] = _loads.Count == 0 ? null : new { min = _loads.Min(), max = _loads.Max(), mean = Math.Round(_loads.Average(), 2) };
            _results["seconds"] = Math.Round(total.Elapsed.TotalSeconds, 1);
            PrintTable();
            return Save() ? 0 : 1;
        }

        private async Task<int> BootstrapAsync(string data, string work, IReadOnlyList<string> storyIds, Stopwatch total, CancellationToken cancellationToken)
        {
            var changes = BootstrapBench.ChangesFor(options.Documents);
            foreach (var (name, value) in await new BootstrapBench(data, work, options.RepositoryRoot, storyIds, Log).RunAsync(changes, cancellationToken))
                _results[name] = value;
            using (var process = Process.GetCurrentProcess())
                _results["memory"] = new { peakWorkingSetMB = Math.Round(process.PeakWorkingSet64 / 1048576.0, 1) };
            _results["disk"] = new
            {
                luceneIndexMB = Math.Round(Machine.DirectorySize(new SearchOptions().FullIndexDirectory(data)) / 1048576.0, 1),
                storeMB = Math.Round(Machine.FilesSize(Path.Combine(data, "dangjian.db")) / 1048576.0, 1),
            };
            _results["seconds"] = Math.Round(total.Elapsed.TotalSeconds, 1);
            return Save() ? 0 : 1;
        }

        /// <summary>
        /// A reused work folder's index is brought up to the feed's head (the updates an earlier bootstrap wrote), so that
        /// the snapshot taken next holds them and the new instance replays only this run's updates.
        /// </summary>
        private async Task<IReadOnlyList<string>> CatchUpReusedAsync(string data, string work, CancellationToken cancellationToken)
        {
            var clock = Stopwatch.StartNew();
            await using var store = new SqliteDocumentStore(new SqliteStoreOptions { DatabasePath = Path.Combine(data, "dangjian.db") }, TimeProvider.System);
            await store.InitializeAsync(cancellationToken);
            using (var index = SearchIndex.Open(new SearchOptions().FullIndexDirectory(data)))
            {
                await new SearchIndexer(store, index).CatchUpAsync(cancellationToken);
                index.Commit();
            }
            Log($"Reused {work}: index caught up with the feed in {clock.Elapsed.TotalSeconds:N1} s");
            _results["reusedWorkFolder"] = true;
            return await File.ReadAllLinesAsync(Path.Combine(work, "story-ids"), cancellationToken);
        }

        private async Task LoadStoreAsync(string data, Corpus corpus, CancellationToken cancellationToken)
        {
            var clock = Stopwatch.StartNew();
            await using var store = new SqliteDocumentStore(new SqliteStoreOptions { DatabasePath = Path.Combine(data, "dangjian.db") }, TimeProvider.System);
            await store.InitializeAsync(cancellationToken);
            var count = 0;
            // In id order, as an archive grows: the API's ids are time-ordered (UUID v7), so each table's key index is
            // appended to. The corpus's ids are hashes of the article (stable for the judged set); loaded as they come,
            // every insert lands at a random place in each table's key index, which no real archive does.
            var inIdOrder = corpus.Organizations.Cast<Dangjian.Core.Documents.Document>()
                .Concat(corpus.Searchable.OrderBy(d => d.Id, StringComparer.Ordinal))
                .Concat(corpus.Stories.OrderBy(d => d.Id, StringComparer.Ordinal))
                .Concat(corpus.ActivityLogs.OrderBy(d => d.Id, StringComparer.Ordinal));
            foreach (var chunk in inIdOrder.Chunk(1_000))
            {
                var result = await store.CommitAsync(new Commit(chunk.Select(d => DocumentWrite.Insert(d, "import")).ToList(), new ChangeAuthor("bench", "ADMIN")), cancellationToken);
                if (result is not CommitResult.Committed)
                    throw new InvalidOperationException($"Loading the store failed: {result}");
                count += chunk.Length;
            }
            Log($"Store: {count:N0} documents written in {clock.Elapsed.TotalSeconds:N1} s (commits of 1,000, with revisions, audit and change feed)");
            _results["storeLoad"] = new { documents = count, seconds = Math.Round(clock.Elapsed.TotalSeconds, 2) };
        }

        /// <summary>Full rebuilds of the index from the store, as `reindex` runs them; the last one is the index the host serves.</summary>
        private async Task ReindexAsync(string data, CancellationToken cancellationToken)
        {
            var searchOptions = new SearchOptions();
            await using var store = new SqliteDocumentStore(new SqliteStoreOptions { DatabasePath = Path.Combine(data, "dangjian.db") }, TimeProvider.System);
            await store.InitializeAsync(cancellationToken);
            // Warm-up: JIT and the analyzers' dictionaries, on an in-memory index.
            using (var ram = new RAMDirectory())
            using (var warm = SearchIndex.Open(ram))
                await new SearchIndexer(store, warm, searchOptions.RebuildBatchSize).RebuildAsync(new LimitProgress(cancellationToken), CancellationToken.None).ContinueWith(_ => { }, TaskScheduler.Default);
            // Above the standard 100,000 one rebuild is measured: at a million documents each takes minutes, and the
            // figures wanted there are the serving ones (search, list, memory, disk), not the spread of rebuild rates.
            var runs = options.Load || options.Browser || options.Bootstrap || options.Documents > 100_000 ? 1 : 3;
            var documentsPerSecond = new List<double>();
            var charactersPerSecond = new List<double>();
            var cores = new List<double>();
            var perCpuSecond = new List<double>();
            RebuildProgress? last = null;
            for (var run = 0; run < runs; run++)
            {
                Sample();
                var progress = new LastProgress();
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                var clock = Stopwatch.StartNew();
                using (var index = SearchIndex.Open(searchOptions.FullIndexDirectory(data), searchOptions.RamBufferMB))
                    await new SearchIndexer(store, index, searchOptions.RebuildBatchSize).RebuildAsync(progress, cancellationToken);
                var seconds = clock.Elapsed.TotalSeconds;
                var used = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds / seconds;
                last = progress.Last!;
                documentsPerSecond.Add(last.Documents / seconds);
                charactersPerSecond.Add(last.Characters / seconds);
                cores.Add(used);
                perCpuSecond.Add(last.Characters / (seconds * used));
                Log($"Reindex run {run + 1}/{runs}: {last.Documents:N0} documents, {last.Characters:N0} characters in {seconds:N1} s = {last.Characters / seconds:N0} chars/s, {used:N2} cores busy, load {Machine.LoadAverage()}");
            }
            var docs = Summary.Of(documentsPerSecond);
            var chars = Summary.Of(charactersPerSecond);
            // For a rate, the slow end is what matters: the "p95" reported is the 5th percentile of the rate (slowest run of three).
            var slowChars = charactersPerSecond.Min();
            _results["reindex"] = new
            {
                runs, documents = last!.Documents, characters = last.Characters,
                documentsPerSecond = docs, charactersPerSecond = chars, coresBusy = Summary.Of(cores),
                charactersPerCpuSecond = Summary.Of(perCpuSecond),
            };
            _table.Add(("reindex documents/s (median, slowest run)", $"{docs.Median:N0} / {documentsPerSecond.Min():N0}", ""));
            _table.Add(("reindex characters/s (median, slowest run)", $"{chars.Median:N0} / {slowChars:N0}", Target(slowChars >= 1_000_000, "≥ 1,000,000")));
            _table.Add(("reindex cores busy (median)", $"{Summary.Of(cores).Median:N2} of {Environment.ProcessorCount}", ""));
            _table.Add(("reindex characters per CPU-second (median)", $"{Summary.Of(perCpuSecond).Median:N0}", ""));
        }

        internal static async Task WaitForIndexAsync(BenchHost host, CancellationToken cancellationToken)
        {
            var last = await host.Store.GetLastSequenceAsync(cancellationToken);
            await host.Services.GetRequiredService<SearchIndex>().WaitForAsync(last, cancellationToken).WaitAsync(TimeSpan.FromMinutes(10), cancellationToken);
        }

        /// <summary>
        /// A reused folder's index holds the small segments earlier runs' writes added, which a running instance merges
        /// once the feed has been quiet for <see cref="SearchOptions.QuietMergeAfter"/>: the figures are of that steady
        /// state, not of an instance's first half minute (a fresh folder's rebuilt index has one segment already).
        /// </summary>
        private async Task WaitForQuietMergeAsync(BenchHost host, CancellationToken cancellationToken)
        {
            var index = host.Services.GetRequiredService<SearchIndex>();
            var search = host.Services.GetRequiredService<IOptions<SearchOptions>>().Value;
            var before = index.SegmentCount;
            if (search.QuietMergeAfter <= TimeSpan.Zero || before <= search.QuietSegments)
                return;
            var clock = Stopwatch.StartNew();
            while (index.SegmentCount > search.QuietSegments && clock.Elapsed < search.QuietMergeAfter + TimeSpan.FromMinutes(2))
                await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
            Log($"Waited {clock.Elapsed.TotalSeconds:N1} s for the quiet merge: {before} segments, now {index.SegmentCount}");
        }

        private static void ReleaseMemory()
        {
            System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        }

        private async Task SearchAsync(BenchHost host, LoopbackClients clients, Fts5Baseline fts, Dictionary<string, HashSet<string>> truths, TimeSpan ftsBuild,
            CancellationToken cancellationToken)
        {
            var mix = MixQuery.All.Select(q => q.ToRequest()).ToList();
            foreach (var request in mix)
            {
                var answer = await clients.JsonAsync(request, cancellationToken);
                Log($"  {request.Name}: totalCount {answer.GetProperty("data").GetProperty("search").GetProperty("totalCount").GetInt32():N0}");
            }
            await WarmAsync(clients, mix, cancellationToken);
            Sample();
            // A search pays per segment: what the index held is part of the figure (a reused folder may hold many).
            var segments = host.Services.GetRequiredService<SearchIndex>().SegmentCount;
            var latency = await clients.LatencyAsync(mix, Rounds, cancellationToken);
            Sample();
            var all = Summary.Of(latency.Values.SelectMany(v => v));
            var throughput = await ThroughputAsync(clients, mix, 8, cancellationToken);
            var perQuery = latency.ToDictionary(l => l.Key, l => Summary.Of(l.Value));

            // The engines alone, in this process: SearchService (Lucene + highlights, no HTTP, no GraphQL, no store) and FTS5.
            var service = host.Services.GetRequiredService<SearchService>();
            var lucene = new Dictionary<string, Summary>();
            var sqlite = new Dictionary<string, Summary>();
            var luceneSamples = new List<double>();
            var ftsSamples = new List<double>();
            var ftsRounds = Math.Max(5, Rounds / 2);
            foreach (var query in MixQuery.All)
            {
                var request = query.ToSearchRequest();
                for (var i = 0; i < WarmUp * 10; i++)
                    service.Search(request, Caller.Anonymous, cancellationToken);
                var engineTimes = Enumerable.Range(0, Rounds).Select(_ => Time(() => service.Search(request, Caller.Anonymous, cancellationToken))).ToList();
                lucene[query.Name] = Summary.Of(engineTimes);
                luceneSamples.AddRange(engineTimes);
                fts.Search(query);
                var ftsTimes = Enumerable.Range(0, ftsRounds).Select(_ => Time(() => fts.Search(query))).ToList();
                sqlite[query.Name] = Summary.Of(ftsTimes);
                ftsSamples.AddRange(ftsTimes);
            }
            Sample();

            // Recall on the whole result sets, against the truth (every document containing each term as written).
            var searchOptions = host.Services.GetRequiredService<IOptions<SearchOptions>>().Value;
            var index = host.Services.GetRequiredService<SearchIndex>();
            var recall = new List<object>();
            foreach (var query in MixQuery.All)
            {
                var truth = truths[query.Name];
                var found = query.LuceneKeys(index, searchOptions);
                var ftsFound = fts.AllKeys(query);
                recall.Add(new
                {
                    query = query.Name,
                    text = query.Text,
                    truth = truth.Count,
                    dangjian = found.Count,
                    fts5 = ftsFound.Count,
                    dangjianRecall = Ratio(found.Count(truth.Contains), truth.Count),
                    fts5Recall = Ratio(ftsFound.Count(truth.Contains), truth.Count),
                    dangjianPrecision = Ratio(found.Count(truth.Contains), found.Count),
                    fts5Precision = Ratio(ftsFound.Count(truth.Contains), ftsFound.Count),
                    bothFound = found.Count(ftsFound.Contains),
                    overlap = Ratio(found.Count(ftsFound.Contains), found.Union(ftsFound).Count()),
                });
            }

            // Over the whole mix (every query the same number of times): the latency a researcher sees across queries.
            var luceneAll = Summary.Of(luceneSamples);
            var ftsAll = Summary.Of(ftsSamples);
            var httpVsFts = MixQuery.All.Select(q => perQuery[q.Name].Median / sqlite[q.Name].Median).ToList();
            var fasterEngine = MixQuery.All.Count(q => lucene[q.Name].Median <= sqlite[q.Name].Median);
            var fasterHttp = MixQuery.All.Count(q => perQuery[q.Name].Median <= sqlite[q.Name].Median);
            _results["search"] = new
            {
                mix = MixQuery.All.Select(q => new { q.Name, q.Text, filter = q.DirectivesSince2010 ? "kinds: DIRECTIVE, date from 2010-01-01" : null, q.Facets, highlights = true, first = 20 }),
                http1Client = new { all, perQuery, segments },
                http8Clients = throughput,
                engineOnly = new { dangjian = lucene, fts5Trigram = sqlite, dangjianMix = luceneAll, fts5Mix = ftsAll },
                recall,
                fts5BuildSeconds = Math.Round(ftsBuild.TotalSeconds, 2),
            };
            _table.Add(("search p50 / p95, 1 client, HTTP (ms)", $"{all.Median:N2} / {all.P95:N2}", Target(all.P95 <= 10, "p95 ≤ 10")));
            _table.Add(("index segments during the 1-client run", $"{segments}", ""));
            _table.Add(("search throughput, 8 clients (req/s, median / slowest run)", $"{throughput.Median:N0} / {throughput.Slowest:N0}", Target(throughput.Slowest >= 400, "≥ 400")));
            _table.Add(("search p50 / p95 at 8 clients (ms)", $"{throughput.Latency.Median:N1} / {throughput.Latency.P95:N1}", ""));
            foreach (var query in MixQuery.All)
            {
                _table.Add(($"  {query.Name} {query.Text}: HTTP p50/p95 | engine p50 | FTS5 p50 (ms)",
                    $"{perQuery[query.Name].Median:N2}/{perQuery[query.Name].P95:N2} | {lucene[query.Name].Median:N2} | {sqlite[query.Name].Median:N2}", ""));
            }
            _table.Add(("over the mix, p50 / p95 (ms): Dangjian HTTP | engine | FTS5 in-process",
                $"{all.Median:N2}/{all.P95:N2} | {luceneAll.Median:N2}/{luceneAll.P95:N2} | {ftsAll.Median:N2}/{ftsAll.P95:N2}",
                Target(all.P95 <= ftsAll.P95 && all.Median <= ftsAll.Median, "HTTP no worse than FTS5")));
            _table.Add(("queries where Dangjian's median is no worse than FTS5's: engine / HTTP", $"{fasterEngine} / {fasterHttp} of {MixQuery.All.Count}", ""));
            foreach (dynamic r in recall)
            {
                _table.Add(($"  recall {r.query}: truth {r.truth:N0}", $"Dangjian {r.dangjian:N0} ({r.dangjianRecall:P1}) | FTS5 {r.fts5:N0} ({r.fts5Recall:P1}) | overlap {r.overlap:P1}",
                    Target((double)r.dangjianRecall >= (double)r.fts5Recall, "≥ FTS5 recall")));
            }
        }

        private async Task ListAsync(BenchHost host, LoopbackClients clients, CancellationToken cancellationToken)
        {
            var list = BenchRequest.GraphQL("list", BenchHost.ListQuery);
            var floor = BenchRequest.Get("floor", "/bench/floor");
            var answer = await clients.JsonAsync(list, cancellationToken);
            var nodes = answer.GetProperty("data").GetProperty("stories").GetProperty("nodes");
            if (nodes.GetArrayLength() != 20 || nodes.EnumerateArray().Any(n => n.GetProperty("sections").GetArrayLength() == 0))
                throw new InvalidOperationException("The list query did not return 20 stories with sections.");
            var floorAnswer = await clients.JsonAsync(floor, cancellationToken);
            if (floorAnswer.GetProperty("data").GetProperty("stories").GetProperty("nodes").GetArrayLength() != 20)
                throw new InvalidOperationException("The floor did not return 20 stories.");

            // Store calls per request, for several page sizes: batching makes it independent of the page size.
            var calls = new Dictionary<int, double>();
            foreach (var size in new[] { 5, 20, 50, 100 })
            {
                var request = BenchRequest.GraphQL("list" + size, BenchHost.ListQuery.Replace("first: 20", $"first: {size}", StringComparison.Ordinal));
                await clients.SendAsync(request, cancellationToken);
                var before = host.Store.Reads;
                for (var i = 0; i < 10; i++)
                    await clients.SendAsync(request, cancellationToken);
                calls[size] = (host.Store.Reads - before) / 10.0;
            }
            var floorBefore = host.Store.Reads;
            for (var i = 0; i < 10; i++)
                await clients.SendAsync(floor, cancellationToken);
            var floorCalls = (host.Store.Reads - floorBefore) / 10.0;

            await WarmAsync(clients, [list, floor], cancellationToken);
            Sample();
            var graphql = Summary.Of((await clients.LatencyAsync([list], Rounds * 4, cancellationToken))["list"]);
            var plain = Summary.Of((await clients.LatencyAsync([floor], Rounds * 4, cancellationToken))["floor"]);
            Sample();
            var graphql8 = await ThroughputAsync(clients, [list], 8, cancellationToken);
            var plain8 = await ThroughputAsync(clients, [floor], 8, cancellationToken);
            _results["list"] = new
            {
                query = BenchHost.ListQuery.Trim(),
                storeCallsPerRequest = calls,
                floorStoreCallsPerRequest = floorCalls,
                http1Client = graphql,
                http8Clients = graphql8,
                floor1Client = plain,
                floor8Clients = plain8,
                overheadRatio1Client = Math.Round(graphql.Median / plain.Median, 2),
                overheadRatio8Clients = Math.Round(plain8.Median / graphql8.Median, 2),
            };
            _table.Add(("list p50 / p95, 1 client (ms)", $"{graphql.Median:N2} / {graphql.P95:N2}", Target(graphql.P95 <= 5, "p95 ≤ 5")));
            _table.Add(("list throughput, 8 clients (req/s, median / slowest run)", $"{graphql8.Median:N0} / {graphql8.Slowest:N0}", Target(graphql8.Slowest >= 3_000, "≥ 3,000")));
            _table.Add(("list store calls per request (first: 5 / 20 / 50 / 100)", string.Join(" / ", calls.Values.Select(c => c.ToString("0.#", CultureInfo.InvariantCulture))), Target(calls.Values.All(c => c <= 3), "≤ 3")));
            _table.Add(("floor (no GraphQL) p50 / p95, 1 client (ms)", $"{plain.Median:N2} / {plain.P95:N2}", ""));
            _table.Add(("floor throughput, 8 clients (req/s)", $"{plain8.Median:N0}", ""));
            _table.Add(("GraphQL overhead: latency ratio 1 client / throughput ratio 8 clients", $"{graphql.Median / plain.Median:N2}× / {plain8.Median / graphql8.Median:N2}×", ""));
        }

        /// <summary>From a createStudyMaterial mutation's answer to the first search over HTTP that finds the new document.</summary>
        private async Task MutationAsync(BenchHost host, LoopbackClients clients, CancellationToken cancellationToken)
        {
            var token = host.Services.GetRequiredService<TokenIssuer>().Issue("bench", Role.Editor, null, TimeSpan.FromHours(2));
            var samples = new List<double>();
            var repeats = options.Quick ? 10 : 20;
            for (var i = 0; i < repeats; i++)
            {
                var marker = $"benchmark{i}q{Guid.NewGuid().ToString("N")[..10]}";
                var create = BenchRequest.GraphQL("create", """
                    mutation ($input: CreateStudyMaterialInput!) { createStudyMaterial(input: $input) { studyMaterial { id } errors { __typename } } }
                    """, new { input = new { title = $"基准测试学习资料 {marker}", kind = "POLICY", publishedOn = "2024-05-01", body = $"用于测量从提交到可检索的时间。{marker}" } }, token);
                var search = BenchRequest.GraphQL("find", "query ($q: String!) { search(query: $q) { totalCount } }", new { q = marker });
                var created = await clients.JsonAsync(create, cancellationToken);
                var clock = Stopwatch.StartNew();
                if (created.GetProperty("data").GetProperty("createStudyMaterial").GetProperty("errors") is { ValueKind: JsonValueKind.Array } payloadErrors && payloadErrors.GetArrayLength() > 0)
                    throw new InvalidOperationException("createStudyMaterial failed: " + created);
                while (true)
                {
                    var found = await clients.JsonAsync(search, cancellationToken);
                    if (found.GetProperty("data").GetProperty("search").GetProperty("totalCount").GetInt32() == 1)
                        break;
                    if (clock.Elapsed > TimeSpan.FromSeconds(30))
                        throw new InvalidOperationException("A created document was not searchable within 30 s.");
                    await Task.Delay(2, cancellationToken);
                }
                samples.Add(clock.Elapsed.TotalMilliseconds);
                await Task.Delay(Random.Shared.Next(50, 250), cancellationToken); // land at different points of the indexer's poll cycle
            }
            var summary = Summary.Of(samples);
            _results["mutationToSearchable"] = new { milliseconds = summary, pollInterval = host.Services.GetRequiredService<IOptions<SearchOptions>>().Value.PollInterval.TotalMilliseconds };
            _table.Add(("mutation → searchable p50 / p95 (ms)", $"{summary.Median:N0} / {summary.P95:N0}", Target(summary.P95 <= 1_000, "≤ 1,000")));
        }

        private void Sizes(BenchHost host, string data, Fts5Baseline fts)
        {
            var indexBytes = Machine.DirectorySize(host.Services.GetRequiredService<IOptions<SearchOptions>>().Value.FullIndexDirectory(data));
            var storeBytes = Machine.FilesSize(Path.Combine(data, "dangjian.db"));
            using var process = Process.GetCurrentProcess();
            _results["memory"] = new
            {
                peakWorkingSetMB = Math.Round(process.PeakWorkingSet64 / 1048576.0, 1),
                workingSetAtEndMB = Math.Round(process.WorkingSet64 / 1048576.0, 1),
                managedHeapAtEndMB = Math.Round(GC.GetTotalMemory(false) / 1048576.0, 1),
            };
            _results["disk"] = new
            {
                luceneIndexMB = Math.Round(indexBytes / 1048576.0, 1),
                fts5TrigramMB = Math.Round(fts.SizeBytes / 1048576.0, 1),
                indexSizeRatio = Math.Round((double)indexBytes / fts.SizeBytes, 2),
                storeMB = Math.Round(storeBytes / 1048576.0, 1),
            };
            _table.Add(("peak working set, whole bench process (MB)", $"{process.PeakWorkingSet64 / 1048576.0:N0}", ""));
            _table.Add(("index on disk: Lucene / FTS5 trigram (MB, ratio)", $"{indexBytes / 1048576.0:N0} / {fts.SizeBytes / 1048576.0:N0} ({(double)indexBytes / fts.SizeBytes:N2}×)", ""));
            _table.Add(("store on disk (SQLite, documents + revisions + audit + feed, MB)", $"{storeBytes / 1048576.0:N0}", ""));
        }

        private async Task<Throughput> ThroughputAsync(LoopbackClients clients, IReadOnlyList<BenchRequest> mix, int count, CancellationToken cancellationToken)
        {
            var rates = new List<double>();
            var latencies = new List<double>();
            for (var run = 0; run < ThroughputRuns; run++)
            {
                Sample();
                var (perSecond, runLatencies, errors, firstError) = await clients.ThroughputAsync(mix, count, ThroughputDuration, cancellationToken);
                if (errors > 0)
                    throw new InvalidOperationException($"{errors} requests failed at {count} clients; the first: {firstError}");
                rates.Add(perSecond);
                latencies.AddRange(runLatencies);
            }
            Sample();
            return new Throughput(Summary.Of(rates).Median, rates.Min(), count, Summary.Of(latencies));
        }

        /// <summary>
        /// Warm-up long enough to reach the steady state a long-running server is in: .NET compiles hot code again
        /// with profile data (tiered PGO) only once new methods stop appearing, and on a busy 2-core machine that took
        /// several seconds of traffic; under perf the JIT was still 15% of the samples after 90 requests, and a second
        /// pass over the same queries ran 3–4 times faster than the first even after 5 s at 8 clients.
        /// </summary>
        private async Task WarmAsync(LoopbackClients clients, IReadOnlyList<BenchRequest> mix, CancellationToken cancellationToken)
        {
            var (_, _, errors, firstError) = await clients.ThroughputAsync(mix, 8, TimeSpan.FromSeconds(options.Quick ? 3 : 6), cancellationToken);
            if (errors > 0)
                throw new InvalidOperationException($"{errors} requests failed while warming up; the first: {firstError}");
            await clients.LatencyAsync(mix, Math.Max(options.Quick ? 50 : 100, 600 / mix.Count), cancellationToken);
        }

        private static double Time(Action action)
        {
            var start = Stopwatch.GetTimestamp();
            action();
            return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        private static double Ratio(int part, int whole) => whole == 0 ? 1 : Math.Round((double)part / whole, 4);

        private static string Target(bool met, string target) => $"{target}: {(met ? "met" : "MISSED")}";

        private void Sample()
        {
            var load = Machine.Load1();
            if (!double.IsNaN(load))
                _loads.Add(load);
        }

        private void PrintTable()
        {
            var width = Math.Max(_table.Max(r => r.Figure.Length), 40);
            var valueWidth = _table.Max(r => r.Value.Length);
            Console.WriteLine();
            Console.WriteLine($"Dangjian bench — {options.Documents:N0} documents, {Environment.ProcessorCount} cores, load average during the run {(_loads.Count == 0 ? "n/a" : $"{_loads.Min():N1}–{_loads.Max():N1}")}, {_results["date"]}");
            Console.WriteLine(new string('-', width + valueWidth + 30));
            foreach (var (figure, value, target) in _table)
                Console.WriteLine($"{figure.PadRight(width)}  {value.PadRight(valueWidth)}  {target}");
            _results["table"] = _table.Select(r => new { r.Figure, r.Value, r.Target });
        }

        private bool Save()
        {
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(options.Output)!);
            File.WriteAllText(options.Output, JsonSerializer.Serialize(_results, ResultJson) + "\n");
            Log($"Wrote {Path.GetRelativePath(options.RepositoryRoot, options.Output)}");
            return true;
        }

        internal static string? GitCommit(string repositoryRoot)
        {
            try
            {
                using var git = Process.Start(new ProcessStartInfo("git", "rev-parse --short HEAD") { RedirectStandardOutput = true, WorkingDirectory = repositoryRoot });
                var commit = git?.StandardOutput.ReadToEnd().Trim();
                git?.WaitForExit();
                return commit;
            }
            catch (System.ComponentModel.Win32Exception)
            {
                return null;
            }
        }

        private static void Log(string message) => Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] {message}");

        private sealed class LastProgress : IProgress<RebuildProgress>
        {
            public RebuildProgress? Last { get; private set; }

            public void Report(RebuildProgress value) => Last = value;
        }

        /// <summary>Stops the warm-up rebuild after a few thousand documents (by cancelling it).</summary>
        private sealed class LimitProgress(CancellationToken outer) : IProgress<RebuildProgress>
        {
            public void Report(RebuildProgress value)
            {
                outer.ThrowIfCancellationRequested();
                if (value.Documents >= 3_000)
                    throw new OperationCanceledException("warm-up done");
            }
        }
    }

    public sealed record Throughput(double Median, double Slowest, int Clients, Summary Latency);
}
