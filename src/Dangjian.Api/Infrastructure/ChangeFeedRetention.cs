using Dangjian.Core.Search;
using Dangjian.Core.Storage;
using Microsoft.Extensions.Options;

namespace Dangjian.Api.Infrastructure;

/// <summary>The settings under "Dangjian:ChangeFeed".</summary>
public sealed class ChangeFeedOptions
{
    public const string Section = "Dangjian:ChangeFeed";

    /// <summary>
    /// How long a change stays in the feed at least. Instances do not register their checkpoints (an instance that is
    /// gone for good would hold the feed forever); instead, one that was stopped for longer than this, or a new one
    /// whose snapshot is older, finds the feed starting after its checkpoint and rebuilds its index from the documents.
    /// </summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often this instance prunes the feed; zero: never.</summary>
    public TimeSpan PruneInterval { get; set; } = TimeSpan.FromHours(1);
}

/// <summary>
/// Prunes the change feed behind the oldest checkpoint that still matters: entries older than
/// <see cref="ChangeFeedOptions.Retention"/>, and never past this instance's own committed checkpoint nor, with
/// snapshots, the checkpoint of the oldest snapshot kept (a new instance that restores it, or an older one when the
/// newest is damaged, replays the feed from there). Every instance may run it: removing what is already gone is a no-op.
/// </summary>
public sealed class ChangeFeedRetention(IDocumentStore store, SearchIndex index, SearchIndexLocation location, IOptions<ChangeFeedOptions> options,
    TimeProvider time, ILogger<ChangeFeedRetention> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.PruneInterval;
        if (interval <= TimeSpan.Zero)
            return;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(interval, time, stoppingToken);
                await PruneAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Pruning the change feed failed; tried again in {Interval}", interval);
            }
        }
    }

    /// <summary>Prunes now; returns how many entries were removed.</summary>
    public async Task<long> PruneAsync(CancellationToken cancellationToken)
    {
        var through = index.CommittedSequence;
        if (location.Snapshots is { } snapshots)
        {
            var kept = snapshots.List();
            if (kept.Count > 0)
                through = Math.Min(through, kept.Min(s => s.Manifest.Checkpoint));
        }
        var removed = await store.PruneChangesAsync(through, time.GetUtcNow() - options.Value.Retention, cancellationToken);
        if (removed > 0)
            logger.LogInformation("Pruned {Removed} change-feed entries up to change {Through} older than {Retention}", removed, through, options.Value.Retention);
        return removed;
    }
}
