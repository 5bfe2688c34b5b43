using System.Diagnostics;
using System.Text.Json;
using Dangjian.Api.Auth;
using Dangjian.Core.Access;
using Dangjian.Core.Search;

namespace Dangjian.Bench;

/// <summary>
/// Issue 7's load test: 8 loopback clients send mixed reads (list, node), searches and writes (create a study
/// material, 1 request in 10) for a fixed time. Every request must succeed; the working set is sampled every second
/// and must level off rather than climb.
/// </summary>
public sealed class LoadTest(BenchHost host, IReadOnlyList<string> storyIds, Action<string> log)
{
    public async Task<bool> RunAsync(TimeSpan duration, Dictionary<string, object?> results, CancellationToken cancellationToken)
    {
        using var clients = new LoopbackClients(host.Address);
        var token = host.Services.GetRequiredService<TokenIssuer>().Issue("bench-load", Role.Editor, null, TimeSpan.FromHours(1));
        var searches = MixQuery.All.Select(q => q.ToRequest()).ToList();
        var list = BenchRequest.GraphQL("list", BenchHost.ListQuery);
        var stories = storyIds.Select(id => Dangjian.Api.GraphQL.Relay.GlobalId.Encode("Story", id)).ToList();
        const string Node = "query ($id: ID!) { node(id: $id) { ... on Story { id title summary submittingOrganization { name } sections { heading directive { title } } } } }";
        const string Create = "mutation ($input: CreateStudyMaterialInput!) { createStudyMaterial(input: $input) { studyMaterial { id } errors { __typename } } }";

        // Warm up, then run.
        foreach (var request in searches.Append(list))
            await clients.SendAsync(request, cancellationToken);
        using var process = Process.GetCurrentProcess();
        var samples = new List<(double Second, double WorkingSetMB, double HeapMB)>();
        var counts = new Dictionary<string, int>(StringComparer.Ordinal) { ["read"] = 0, ["search"] = 0, ["write"] = 0 };
        var latencies = new Dictionary<string, List<double>>(StringComparer.Ordinal) { ["read"] = [], ["search"] = [], ["write"] = [] };
        var errors = 0;
        var firstErrors = new List<string>();
        var created = 0;
        var gate = new Lock();
        var clock = Stopwatch.StartNew();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                process.Refresh();
                lock (gate)
                    samples.Add((Math.Round(clock.Elapsed.TotalSeconds, 1), Math.Round(process.WorkingSet64 / 1048576.0, 1), Math.Round(GC.GetTotalMemory(false) / 1048576.0, 1)));
                try
                {
                    await Task.Delay(1000, stop.Token);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }, CancellationToken.None);
        var workers = Enumerable.Range(0, 8).Select(async client =>
        {
            var random = new Random(client);
            for (var i = client; clock.Elapsed < duration; i++)
            {
                string kind;
                BenchRequest request;
                switch (i % 10)
                {
                    case 0:
                        kind = "write";
                        var n = Interlocked.Increment(ref created);
                        request = BenchRequest.GraphQL("create", Create, new
                        {
                            input = new { title = $"负载测试学习资料 {n}", kind = "POLICY", publishedOn = "2024-05-01", body = $"负载测试期间写入的第{n}份学习资料：联防联控、群防群治。" },
                        }, token);
                        break;
                    case 1 or 2 or 3:
                        kind = "search";
                        request = searches[random.Next(searches.Count)];
                        break;
                    case 4 or 5 or 6:
                        kind = "read";
                        request = list;
                        break;
                    default:
                        kind = "read";
                        request = BenchRequest.GraphQL("node", Node, new { id = stories[random.Next(stories.Count)] });
                        break;
                }
                var start = Stopwatch.GetTimestamp();
                try
                {
                    var body = await clients.JsonAsync(request, cancellationToken);
                    if (kind == "write" && body.GetProperty("data").GetProperty("createStudyMaterial").GetProperty("errors") is { ValueKind: JsonValueKind.Array } payloadErrors && payloadErrors.GetArrayLength() > 0)
                        throw new BenchRequestException("createStudyMaterial answered with errors: " + body);
                    var elapsed = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                    lock (gate)
                    {
                        counts[kind]++;
                        latencies[kind].Add(elapsed);
                    }
                }
                catch (Exception e) when (e is BenchRequestException or HttpRequestException or TaskCanceledException or JsonException or KeyNotFoundException)
                {
                    Interlocked.Increment(ref errors);
                    lock (gate)
                    {
                        if (firstErrors.Count < 5)
                            firstErrors.Add(e.Message);
                    }
                }
            }
        }).ToList();
        await Task.WhenAll(workers);
        var seconds = clock.Elapsed.TotalSeconds;
        await stop.CancelAsync();
        await sampler;

        // Every write must become searchable: the index catches up and holds them all.
        var last = await host.Store.GetLastSequenceAsync(cancellationToken);
        var index = host.Services.GetRequiredService<SearchIndex>();
        await index.WaitForAsync(last, cancellationToken).WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        var found = host.Services.GetRequiredService<SearchService>().Search(new SearchRequest { Query = "负载测试学习资料", First = 1 }, Caller.Anonymous, cancellationToken).Value.TotalCount;

        var third = samples.Count / 3;
        var early = samples.Skip(1).Take(Math.Max(third, 1)).Select(s => s.WorkingSetMB).DefaultIfEmpty(0).Average();
        var late = samples.Skip(samples.Count - Math.Max(third, 1)).Select(s => s.WorkingSetMB).DefaultIfEmpty(0).Average();
        var total = counts.Values.Sum();
        results["load"] = new
        {
            seconds = Math.Round(seconds, 1),
            clients = 8,
            requests = total,
            perSecond = Math.Round(total / seconds, 0),
            counts,
            latencyMs = latencies.ToDictionary(l => l.Key, l => Summary.Of(l.Value)),
            errors,
            firstErrors,
            writes = created,
            writesSearchableAfterwards = found,
            workingSetMB = samples.Select(s => new { s.Second, s.WorkingSetMB, s.HeapMB }),
            workingSetFirstThirdMB = Math.Round(early, 1),
            workingSetLastThirdMB = Math.Round(late, 1),
            loadAverageAtEnd = Machine.LoadAverage(),
        };
        Console.WriteLine();
        Console.WriteLine($"Load test: {seconds:N0} s, 8 clients, {Environment.ProcessorCount} cores, load average {Machine.LoadAverage()}");
        Console.WriteLine($"  requests      {total:N0} ({total / seconds:N0}/s): reads {counts["read"]:N0}, searches {counts["search"]:N0}, writes {counts["write"]:N0}");
        foreach (var (kind, values) in latencies)
        {
            var summary = Summary.Of(values);
            Console.WriteLine($"  {kind,-12}  p50 {summary.Median:N1} ms, p95 {summary.P95:N1} ms");
        }
        Console.WriteLine($"  errors        {errors} {(errors == 0 ? "(target 0: met)" : "(target 0: MISSED) " + string.Join(" | ", firstErrors))}");
        Console.WriteLine($"  writes        {created:N0} created, {found:N0} searchable once the indexer caught up");
        Console.WriteLine($"  working set   {string.Join(" ", samples.Select(s => s.WorkingSetMB.ToString("0", System.Globalization.CultureInfo.InvariantCulture)))} MB (one sample a second)");
        Console.WriteLine($"  steady?       first third {early:N0} MB, last third {late:N0} MB ({(late - early) / Math.Max(early, 1):P0})");
        log($"Load test done: {errors} errors");
        return errors == 0 && found == created;
    }
}
