using Dangjian.Core.Reading;
using Dangjian.Core.Search;
using Dangjian.Core.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Dangjian.Api.Infrastructure;

public static class SearchRegistration
{
    /// <summary>
    /// The search index of this instance (data/index by default), the indexer that keeps it in step with the
    /// store's change feed, and its readiness check. Register after the store, so the store is open before the
    /// indexer starts.
    /// </summary>
    public static IHostApplicationBuilder AddDangjianSearch(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<SearchOptions>().Bind(builder.Configuration.GetSection(SearchOptions.Section))
            .Validate(o => o.PollInterval > TimeSpan.Zero && o.CommitInterval > TimeSpan.Zero, "Search: PollInterval and CommitInterval must be positive.")
            .Validate(o => o.PublishInterval >= TimeSpan.Zero && o.PublishInterval <= TimeSpan.FromMinutes(1), "Search: PublishInterval must be zero to one minute.")
            .Validate(o => o.QuietMergeAfter >= TimeSpan.Zero && o.QuietSegments is >= 1 and <= 64,
                "Search: QuietMergeAfter must be zero (never) or positive, and QuietSegments 1 to 64.")
            .Validate(o => o.MaxReadyLag >= 0 && o.StartReadyLag >= 0, "Search: MaxReadyLag and StartReadyLag must be 0 or more.")
            .Validate(o => o.BatchSize is > 0 and <= 10_000 && o.RebuildBatchSize is > 0 and <= 10_000, "Search: batch sizes must be 1 to 10,000.")
            .Validate(o => o.MaxQueryLength > 0 && o.MaxQueryTerms > 0 && o.FragmentSize >= 20 && o.MaxFragments > 0 && o.MaxFacetValues > 0,
                "Search: query limits and highlight sizes must be positive (FragmentSize at least 20).")
            .Validate(o => o.KindTiers.Keys.All(name => SearchFields.Kinds.Any(k => string.Equals(k.TypeName, name, StringComparison.OrdinalIgnoreCase))),
                "Search: KindTiers may name only Directive, StudyMaterial, ActivityLog and Story.")
            .Validate(o => o.SearchSlices is >= 1 and <= 64 && o.MinDocumentsPerSlice >= 1_000,
                "Search: SearchSlices must be 1 to 64 and MinDocumentsPerSlice at least 1,000.")
            .Validate(o => o.Snapshots.Keep is >= 1 and <= 100 && o.Snapshots.Interval >= TimeSpan.Zero,
                "Search:Snapshots: Keep must be 1 to 100 and Interval zero (never) or positive.");
        services.AddSingleton<SearchIndexLocation>();
        // Opened on first use: by the indexer at start-up when serving; a command that only reads never opens it.
        services.AddSingleton(provider => provider.GetRequiredService<SearchIndexLocation>().OpenServing());
        services.AddSingleton(provider =>
        {
            var logger = provider.GetRequiredService<ILogger<SearchIndexer>>();
            var search = provider.GetRequiredService<IOptions<SearchOptions>>().Value;
            return new SearchIndexer(provider.GetRequiredService<IDocumentStore>(), provider.GetRequiredService<SearchIndex>(), search.BatchSize,
                gap => logger.LogWarning("The change feed was pruned past this index's checkpoint {Checkpoint} (it starts at {First}): rebuilding the index from the documents",
                    gap.Checkpoint, gap.FirstAvailable),
                search.PublishInterval, provider.GetRequiredService<TimeProvider>());
        });
        services.AddSingleton(provider =>
        {
            var search = provider.GetRequiredService<IOptions<SearchOptions>>().Value;
            var data = provider.GetRequiredService<IOptions<DangjianOptions>>().Value.FullDataDirectory;
            return new SynonymSource(string.IsNullOrWhiteSpace(search.SynonymsFile) ? null : Path.GetFullPath(Path.Combine(data, search.SynonymsFile)));
        });
        services.AddSingleton(provider => new SearchService(provider.GetRequiredService<SearchIndex>(),
            provider.GetRequiredService<IOptions<SearchOptions>>().Value, provider.GetRequiredService<IOptions<PagingOptions>>().Value,
            provider.GetRequiredService<SynonymSource>()));
        services.AddSingleton<SearchIndexing>();
        services.AddHostedService(provider => provider.GetRequiredService<SearchIndexing>());
        services.AddOptions<ChangeFeedOptions>().Bind(builder.Configuration.GetSection(ChangeFeedOptions.Section))
            .Validate(o => o.Retention >= TimeSpan.Zero && o.PruneInterval >= TimeSpan.Zero, "ChangeFeed: Retention and PruneInterval must be zero or positive.");
        services.AddSingleton<ChangeFeedRetention>();
        services.AddHostedService(provider => provider.GetRequiredService<ChangeFeedRetention>());
        services.AddSingleton<SearchSnapshotting>();
        services.AddHostedService(provider => provider.GetRequiredService<SearchSnapshotting>());
        services.AddHealthChecks().AddCheck<SearchIndexHealthCheck>("search-index", tags: ["ready"]);
        return builder;
    }
}

/// <summary>Where this instance's index and the deployment's snapshots live, from the data directory and the search options.</summary>
public sealed class SearchIndexLocation(IOptions<DangjianOptions> dangjian, IOptions<SearchOptions> search, ILogger<SearchIndexLocation> logger)
{
    public string Path => search.Value.FullIndexDirectory(dangjian.Value.FullDataDirectory);

    /// <summary>The snapshot folder; null when snapshots are not configured.</summary>
    public IndexSnapshots? Snapshots =>
        search.Value.Snapshots.FullDirectory(dangjian.Value.FullDataDirectory) is { } folder ? new IndexSnapshots(folder) : null;

    /// <summary>Opens the index as it is (reindex rebuilds it anyway).</summary>
    public SearchIndex Open() => SearchIndex.Open(Path, search.Value.RamBufferMB);

    /// <summary>
    /// Opens the index a serving instance follows the feed with. A new instance (no index in its folder) first restores
    /// the newest usable snapshot, so it replays only the changes after that snapshot's checkpoint instead of the whole
    /// feed; each snapshot skipped is logged with the reason, and with none usable the feed (or, once pruned, a rebuild)
    /// fills the empty index.
    /// </summary>
    public SearchIndex OpenServing()
    {
        if (search.Value.Snapshots.RestoreOnStart && Snapshots is { } snapshots && SearchIndexFolders.Find(Path).Count == 0)
        {
            // Into the current layout's own folder, where the index opens it as the serving one.
            var outcome = snapshots.RestoreLatest(SearchIndexFolders.PathFor(Path, SearchIndex.Layout), SearchIndex.Layout, CancellationToken.None);
            foreach (var skipped in outcome.Skipped)
                logger.LogWarning("Snapshot {Snapshot} skipped: {Reason}", skipped.Path, skipped.Reason);
            if (outcome.Restored is { } restored)
                logger.LogInformation("Search index restored from snapshot {Snapshot} at change {Checkpoint} ({Documents} documents, taken {TakenAt:O})",
                    restored.Path, restored.Manifest.Checkpoint, restored.Manifest.Documents, restored.Manifest.TakenAt);
            else
                logger.LogInformation("No usable snapshot in {Folder}: the index is built from the store", snapshots.Folder);
        }
        var index = Open();
        if (index.BuildingLayout is { } building)
            logger.LogWarning("Search index of layout {Serving} serves while layout {Building} is built beside it in {Folder}; it is swapped in when it has caught up",
                index.ServingLayout, building, SearchIndexFolders.PathFor(Path, building));
        return index;
    }
}

/// <summary>
/// Takes a snapshot of this instance's index every <see cref="SnapshotOptions.Interval"/> (when configured), while it
/// serves, and keeps the newest <see cref="SnapshotOptions.Keep"/>. Periodic rather than on request: a new instance
/// needs a recent snapshot to exist whenever it starts, without anyone having asked for one, and a timer in the
/// instance needs no credentials and adds nothing to the API an attacker could call. A snapshot is skipped while the
/// index is still replaying the feed after a start (it would be older than the ones there) or has not moved since.
/// </summary>
public sealed class SearchSnapshotting(SearchIndex index, SearchIndexing indexing, SearchIndexLocation location, IOptions<SearchOptions> options,
    TimeProvider time, ILogger<SearchSnapshotting> logger) : BackgroundService
{
    private long _lastCheckpoint = -1;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.Snapshots.Interval;
        if (location.Snapshots is null || interval <= TimeSpan.Zero)
            return;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(interval, time, stoppingToken);
                await TakeAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
            {
                logger.LogError(e, "A snapshot of the search index failed; the next is tried in {Interval}", interval);
            }
        }
    }

    /// <summary>Takes a snapshot now if there is something new to keep; returns it, or null when skipped.</summary>
    public async Task<StoredSnapshot?> TakeAsync(CancellationToken cancellationToken)
    {
        if (location.Snapshots is not { } snapshots || index.AppliedSequence < indexing.StartSequence || index.AppliedSequence == Interlocked.Read(ref _lastCheckpoint))
            return null;
        var taken = await snapshots.TakeAsync(index, time, cancellationToken);
        if (taken is null)
            return null;
        Interlocked.Exchange(ref _lastCheckpoint, taken.Manifest.Checkpoint);
        var pruned = snapshots.Prune(options.Value.Snapshots.Keep, time);
        logger.LogInformation("Search index snapshot {Snapshot} taken at change {Checkpoint} ({Documents} documents); {Pruned} old ones deleted",
            taken.Path, taken.Manifest.Checkpoint, taken.Manifest.Documents, pruned);
        return taken;
    }
}

/// <summary>
/// Follows the change feed: applies new changes as they are committed (polling briefly), makes them searchable
/// at once, and commits the index with its checkpoint every <see cref="SearchOptions.CommitInterval"/> and on
/// shutdown. A failure (store unreachable …) is logged and retried with a growing pause; nothing is skipped.
/// </summary>
public sealed class SearchIndexing(IDocumentStore store, SearchIndexer indexer, IOptions<SearchOptions> options, TimeProvider time, ILogger<SearchIndexing> logger)
    : BackgroundService
{
    private static readonly TimeSpan MaxPause = TimeSpan.FromSeconds(30);

    private volatile IndexingFailure? _failure;
    private long _startSequence = -1;
    private Task? _build;
    private Task? _merge;

    /// <summary>
    /// The feed's head when this instance started (read before it serves anything); -1 until known. Readiness holds a
    /// starting instance back until its index has reached it.
    /// </summary>
    public long StartSequence => Interlocked.Read(ref _startSequence);

    /// <summary>The head as of the start, read now if the start could not read it (the store did not answer then).</summary>
    public async Task<long> StartSequenceAsync(CancellationToken cancellationToken)
    {
        if (StartSequence is var known and >= 0)
            return known;
        var head = await store.GetLastSequenceAsync(cancellationToken);
        Interlocked.CompareExchange(ref _startSequence, head, -1);
        return StartSequence;
    }

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            // Hosted services start before the server listens: the head is known before the first readiness probe.
            Interlocked.Exchange(ref _startSequence, await store.GetLastSequenceAsync(cancellationToken));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "The change feed's head could not be read at start; readiness reads it on its first check");
        }
        await base.StartAsync(cancellationToken);
    }

    /// <summary>Since when indexing has been failing, and why; null while it works. (A record, so the health check reads it whole.)</summary>
    public IndexingFailure? Failure => _failure;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var index = indexer.Index;
        logger.LogInformation("Search index opened at change {Sequence}", index.AppliedSequence);
        var lastCommit = time.GetTimestamp();
        var lastChange = lastCommit;
        var mergedSinceChange = false;
        var pause = options.Value.PollInterval;
        var layout = index.ServingLayout;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // A new layout is built on another thread while this loop keeps the serving index following the feed;
                // once built, the loop catches it up too, and the index swaps it in when it has reached the serving one.
                if (index.NeedsBuild && _build is null or { IsCompleted: true })
                    _build = BuildBesideAsync(index, stoppingToken);
                var applied = await indexer.ApplyNextBatchAsync(stoppingToken);
                if (index.ServingLayout != layout)
                {
                    logger.LogWarning("Search index layout {Layout} swapped in at change {Sequence}, replacing layout {Old} (its folder is removed)",
                        index.ServingLayout, index.AppliedSequence, layout);
                    layout = index.ServingLayout;
                }
                _failure = null;
                pause = options.Value.PollInterval;
                if (time.GetElapsedTime(lastCommit) >= options.Value.CommitInterval)
                {
                    index.Commit();
                    lastCommit = time.GetTimestamp();
                }
                if (applied > 0)
                {
                    lastChange = time.GetTimestamp();
                    mergedSinceChange = false;
                    continue;
                }
                var quiet = options.Value.QuietMergeAfter;
                if (!mergedSinceChange && quiet > TimeSpan.Zero && time.GetElapsedTime(lastChange) >= quiet && _merge is null or { IsCompleted: true })
                {
                    mergedSinceChange = true;
                    _merge = MergeWhenQuietAsync(index, options.Value.QuietSegments);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                _failure = new IndexingFailure(_failure?.Since ?? time.GetUtcNow(), e.Message);
                logger.LogError(e, "Indexing the change feed failed after change {Sequence}; retrying in {Pause}", index.AppliedSequence, pause);
                pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, MaxPause.Ticks));
            }
            try
            {
                await Task.Delay(pause, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    /// <summary>
    /// Merges the index's small segments once the feed has been quiet (<see cref="SearchOptions.QuietMergeAfter"/>), off
    /// the loop's thread: changes that arrive meanwhile are applied and published as usual. A failure is logged; the
    /// next quiet spell tries again.
    /// </summary>
    private async Task MergeWhenQuietAsync(SearchIndex index, int segments)
    {
        // MergeSegments decides whether there is anything to merge; the count is read here only for the log.
        var before = index.SegmentCount;
        var clock = time.GetTimestamp();
        try
        {
            // Lucene's merge cannot be cancelled: shutdown waits for it (IndexWriter's close does in any case).
            if (await Task.Run(() => index.MergeSegments(segments), CancellationToken.None))
                logger.LogInformation("Search index merged from {Before} to {After} segments in {Elapsed} while the feed was quiet",
                    before, index.SegmentCount, time.GetElapsedTime(clock));
        }
        catch (Exception e)
        {
            logger.LogError(e, "Merging the search index's segments failed; it is tried again at the next quiet spell");
        }
    }

    /// <summary>Builds the new layout beside the serving index from the documents; a failure is logged and the build tried again.</summary>
    private async Task BuildBesideAsync(SearchIndex index, CancellationToken stoppingToken)
    {
        // Off the loop's thread: the serving index must go on following the feed while the documents are read.
        await Task.Yield();
        var clock = time.GetTimestamp();
        logger.LogWarning("Building search index layout {Layout} beside the serving layout {Serving}", index.BuildingLayout, index.ServingLayout);
        try
        {
            await indexer.RebuildAsync(null, stoppingToken);
            logger.LogWarning("Search index layout {Layout} built in {Elapsed}; catching it up with the feed", SearchIndex.Layout, time.GetElapsedTime(clock));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            logger.LogError(e, "Building search index layout {Layout} beside the serving one failed; it is tried again", SearchIndex.Layout);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        // A build beside the serving index stops with the loop (it is cancelled by the same token); it leaves nothing committed.
        if (_build is { } build)
            await build;
        if (_merge is { } merge)
            await merge;
        // The loop has ended: commit what it applied, so the next start does not replay it.
        indexer.Index.Commit();
    }
}

public sealed record IndexingFailure(DateTimeOffset Since, string Message);

/// <summary>
/// Ready once a starting instance has replayed the feed up to where it stood at the start (within
/// <see cref="SearchOptions.StartReadyLag"/>), and from then on while the index is at most
/// <see cref="SearchOptions.MaxReadyLag"/> changes behind the store: an instance still catching up (a new one, or one
/// back from a long stop) takes no traffic until it has, while the ordinary sub-second lag of a busy instance never
/// takes it out. A failing indexer is reported as degraded.
/// </summary>
internal sealed class SearchIndexHealthCheck(IDocumentStore store, SearchIndex index, SearchIndexing indexing, IOptions<SearchOptions> options)
    : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var indexed = index.AppliedSequence;
        var last = await store.GetLastSequenceAsync(cancellationToken);
        var start = await indexing.StartSequenceAsync(cancellationToken);
        var lag = Math.Max(0, last - indexed);
        var data = new Dictionary<string, object> { ["lastChange"] = last, ["indexed"] = indexed, ["lag"] = lag, ["startedAt"] = start, ["layout"] = index.ServingLayout,
            ["segments"] = index.SegmentCount };
        // A new layout built beside the serving one does not hold readiness back: the old one answers meanwhile.
        if (index.BuildingLayout is { } building)
            data["building"] = building;
        // Monotonic: the applied sequence only grows, so an instance that has reached its start point stays past it.
        if (indexed + options.Value.StartReadyLag < start)
            return HealthCheckResult.Unhealthy($"The search index is replaying the feed after the start: at change {indexed} of {start}.", data: data);
        if (lag > options.Value.MaxReadyLag)
            return HealthCheckResult.Unhealthy($"The search index is catching up: {lag} changes behind.", data: data);
        if (indexing.Failure is { } failure)
        {
            data["error"] = failure.Message;
            return HealthCheckResult.Degraded($"Indexing has been failing since {failure.Since:O}; the index is {lag} changes behind.", data: data);
        }
        return HealthCheckResult.Healthy(lag == 0 ? "The search index is up to date." : $"The search index is {lag} changes behind.", data);
    }
}
