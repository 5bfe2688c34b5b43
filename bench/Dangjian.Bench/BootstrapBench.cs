using System.Diagnostics;
using Dangjian.Core.Documents;
using Dangjian.Core.Search;
using Dangjian.Core.Storage;
using Dangjian.Core.Storage.Sqlite;

namespace Dangjian.Bench;

/// <summary>
/// `--bootstrap`: how long a new instance takes to start from an index snapshot and to catch up with the feed
/// (docs/deployment.md, "Index snapshots"). The snapshot is taken of the index the reindex built, as a serving
/// instance's timer takes one; then stories are updated after it, in commits of 500, so the feed holds changes the
/// snapshot lacks; then a second host starts with an empty index folder and the snapshot folder configured: it restores
/// the snapshot while it starts, and is ready once its index has replayed the feed to the head it read at its start.
/// Measured: the snapshot (time, size), the start (restore included), the catch-up (changes replayed per second) and
/// the time until /health/ready answers 200.
/// </summary>
public sealed class BootstrapBench(string data, string work, string repositoryRoot, IReadOnlyList<string> storyIds, Action<string> log)
{
    /// <summary>Changes written after the snapshot: enough for a catch-up rate that is not all start-up (issue 17 asks ≥ 5,000/s).</summary>
    private const string NewInstanceIndex = "index-of-a-new-instance";

    /// <summary>The mark an earlier update left, replaced rather than added to: a reused store's titles would grow with every run.</summary>
    private static readonly System.Text.RegularExpressions.Regex Revised = new("(（第\\d+次修订）)+$", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    public static int ChangesFor(int documents) => Math.Clamp(documents / 20, 5_000, 50_000);

    public async Task<Dictionary<string, object?>> RunAsync(int changes, CancellationToken cancellationToken)
    {
        var results = new Dictionary<string, object?>(StringComparer.Ordinal);
        // A reused work folder holds the previous run's snapshots and new instance: this run starts without either.
        foreach (var left in new[] { "snapshots", NewInstanceIndex })
        {
            if (Directory.Exists(Path.Combine(work, left)))
                Directory.Delete(Path.Combine(work, left), recursive: true);
        }
        var snapshots = new IndexSnapshots(Path.Combine(work, "snapshots"));
        var clock = Stopwatch.StartNew();
        StoredSnapshot taken;
        using (var index = SearchIndex.Open(new SearchOptions().FullIndexDirectory(data)))
            taken = await snapshots.TakeAsync(index, TimeProvider.System, cancellationToken) ?? throw new InvalidOperationException("No snapshot could be taken of the rebuilt index.");
        var bytes = taken.Manifest.Files.Sum(f => f.Length);
        results["snapshot"] = new { seconds = Math.Round(clock.Elapsed.TotalSeconds, 2), megabytes = Math.Round(bytes / 1048576.0, 1), documents = taken.Manifest.Documents, checkpoint = taken.Manifest.Checkpoint };
        log($"Snapshot: {taken.Manifest.Documents:N0} documents, {bytes / 1048576.0:N0} MB, taken in {clock.Elapsed.TotalSeconds:N1} s");

        clock.Restart();
        var written = await UpdateStoriesAsync(changes, cancellationToken);
        results["changesAfterSnapshot"] = new { changes = written, seconds = Math.Round(clock.Elapsed.TotalSeconds, 2) };
        log($"Feed: {written:N0} story updates written after the snapshot in {clock.Elapsed.TotalSeconds:N1} s");

        clock.Restart();
        await using var host = await BenchHost.StartAsync(data, repositoryRoot, cancellationToken, new Dictionary<string, string?>
        {
            ["Dangjian:Search:IndexDirectory"] = Path.Combine(work, NewInstanceIndex),
            ["Dangjian:Search:Snapshots:Directory"] = snapshots.Folder,
            // Each probe before ready is an "Unhealthy" line otherwise: the wait below polls every 100 ms.
            ["Logging:LogLevel:Microsoft.Extensions.Diagnostics.HealthChecks"] = "Critical",
        });
        var started = clock.Elapsed;
        var index2 = host.Services.GetRequiredService<SearchIndex>();
        using var client = new HttpClient { BaseAddress = host.Address, Timeout = TimeSpan.FromSeconds(30) };
        var readyAfter = await WaitUntilReadyAsync(client, clock, cancellationToken);
        var head = await host.Store.GetLastSequenceAsync(cancellationToken);
        await index2.WaitForAsync(head, cancellationToken).WaitAsync(TimeSpan.FromMinutes(30), cancellationToken);
        var caughtUp = clock.Elapsed;
        var replayed = head - taken.Manifest.Checkpoint;
        var catchUpSeconds = Math.Max((caughtUp - started).TotalSeconds, 0.001);
        results["bootstrap"] = new
        {
            startSeconds = Math.Round(started.TotalSeconds, 2),
            readySeconds = Math.Round(readyAfter.TotalSeconds, 2),
            caughtUpSeconds = Math.Round(caughtUp.TotalSeconds, 2),
            changesReplayed = replayed,
            changesPerSecond = Math.Round(replayed / catchUpSeconds),
            restoredFrom = Path.GetFileName(taken.Path),
        };
        log($"Bootstrap: started (snapshot restored) in {started.TotalSeconds:N1} s, ready in {readyAfter.TotalSeconds:N1} s, "
            + $"{replayed:N0} changes replayed in {catchUpSeconds:N1} s = {replayed / catchUpSeconds:N0} changes/s");
        return results;
    }

    /// <summary>Updates stories round-robin (each a new version, so each a change in the feed), 500 to a commit.</summary>
    private async Task<int> UpdateStoriesAsync(int changes, CancellationToken cancellationToken)
    {
        await using var store = new SqliteDocumentStore(new SqliteStoreOptions { DatabasePath = Path.Combine(data, "dangjian.db") }, TimeProvider.System);
        await store.InitializeAsync(cancellationToken);
        var written = 0;
        for (var round = 0; written < changes; round++)
        {
            foreach (var chunk in storyIds.Chunk(500))
            {
                var take = Math.Min(chunk.Length, changes - written);
                if (take <= 0)
                    break;
                var stories = await store.GetManyAsync(Kinds.Story, chunk.Take(take).ToList(), cancellationToken);
                var writes = stories.Select(s => new DocumentWrite(s with { Title = $"{Revised.Replace(s.Title, "")}（第{round + 1}次修订）" }, s.Version, "update")).ToList();
                if (await store.CommitAsync(new Commit(writes, new ChangeAuthor("bench", "ADMIN")), cancellationToken) is not CommitResult.Committed)
                    throw new InvalidOperationException("Updating stories after the snapshot failed.");
                written += writes.Count;
            }
            if (storyIds.Count == 0)
                break;
        }
        return written;
    }

    private static async Task<TimeSpan> WaitUntilReadyAsync(HttpClient client, Stopwatch clock, CancellationToken cancellationToken)
    {
        while (true)
        {
            using (var response = await client.GetAsync("/health/ready", cancellationToken))
            {
                if (response.IsSuccessStatusCode)
                    return clock.Elapsed;
            }
            if (clock.Elapsed > TimeSpan.FromMinutes(30))
                throw new TimeoutException("The new instance was not ready within 30 minutes.");
            await Task.Delay(100, cancellationToken);
        }
    }
}
