using Dangjian.Api.Infrastructure;
using Dangjian.Core.Search;
using Dangjian.Core.Storage;
using Dangjian.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Dangjian.Tests.ScaleOut;

/// <summary>Pruning the change feed in a serving instance: behind the oldest snapshot kept, and only what is older than the retention.</summary>
public sealed class ChangeFeedRetentionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_feed_is_pruned_up_to_the_oldest_snapshot_kept_and_not_within_the_retention()
    {
        using var snapshots = new TempDirectory();
        await using var host = new ApiHost(seed: true, settings: new Dictionary<string, string?>
        {
            ["Dangjian:Search:Snapshots:Directory"] = snapshots.Path,
            ["Dangjian:ChangeFeed:Retention"] = "00:00:00",
        });
        host.CreateClient().Dispose();
        var store = host.Services.GetRequiredService<IDocumentStore>();
        var index = host.Services.GetRequiredService<SearchIndex>();
        var retention = host.Services.GetRequiredService<ChangeFeedRetention>();
        await index.WaitForAsync(await store.GetLastSequenceAsync(Ct), Ct);
        var snapshot = await host.Services.GetRequiredService<SearchSnapshotting>().TakeAsync(Ct);
        Assert.NotNull(snapshot);
        var head = await store.GetLastSequenceAsync(Ct);
        Assert.True(head > 10); // the seed data

        var removed = await retention.PruneAsync(Ct);

        Assert.Equal(snapshot.Manifest.Checkpoint - 1, removed); // the snapshot's own change is the newest, and stays
        Assert.Equal(head, (await store.ReadChangesAsync(0, 10, Ct))[0].Sequence);
        Assert.Equal(head, await store.GetLastSequenceAsync(Ct));
        Assert.Equal(0, await retention.PruneAsync(Ct));
    }

    [Fact]
    public async Task Nothing_younger_than_the_retention_is_pruned()
    {
        await using var host = new ApiHost(seed: true);
        host.CreateClient().Dispose();
        var store = host.Services.GetRequiredService<IDocumentStore>();
        var head = await store.GetLastSequenceAsync(Ct);
        await host.Services.GetRequiredService<SearchIndex>().WaitForAsync(head, Ct);
        host.Services.GetRequiredService<SearchIndex>().Commit();

        Assert.Equal(0, await host.Services.GetRequiredService<ChangeFeedRetention>().PruneAsync(Ct)); // seven days by default
        Assert.Equal(1, (await store.ReadChangesAsync(0, 1, Ct))[0].Sequence);
    }
}
