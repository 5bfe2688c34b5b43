using System.Net;
using System.Text.Json;
using Dangjian.Tests.Support;

namespace Dangjian.Tests.ScaleOut;

/// <summary>
/// /health/ready decides whether the balancer sends an instance traffic: a fresh instance whose index has yet to replay
/// the feed must say no, however few changes that is, and a caught-up one must not be taken out by an ordinary lag.
/// The indexer's reads of the feed are held at a gate, so "behind" is a state the test sets, not a race it wins.
/// </summary>
public sealed class ReadinessTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_fresh_instance_is_not_ready_until_its_index_has_replayed_the_feed_and_then_stays_ready_through_an_ordinary_lag()
    {
        using var data = new TempDirectory();
        await using (var first = new ApiHost(seed: true, dataDirectory: data.Path))
            await first.WaitForIndexAsync();
        var gate = new FeedGate();
        await using var fresh = new ApiHost(dataDirectory: data.Path, decorateStore: store => new GatedFeedStore(store, gate),
            settings: new Dictionary<string, string?> { ["Dangjian:Search:IndexDirectory"] = "index-of-a-new-instance" });
        var head = await fresh.Store.GetLastSequenceAsync(Ct);

        var (starting, startingBody) = await ReadyAsync(fresh);
        gate.Open();
        await fresh.WaitForIndexAsync();
        var (caughtUp, _) = await ReadyAsync(fresh);
        gate.Close();
        await fresh.InsertAsync(new Samples().Organization("中共娄底市新建支部委员会"));
        var (lagging, laggingBody) = await ReadyAsync(fresh);
        gate.Open();

        Assert.True(head > 50, $"the seed data made {head} changes");
        Assert.True(head < 1_000, "the gap is below MaxReadyLag, which alone once let such an instance in");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, starting);
        Assert.Equal("Unhealthy", startingBody.At("checks.search-index.status").GetString());
        Assert.Equal(0, startingBody.At("checks.search-index.data.indexed").GetInt64());
        Assert.Equal(head, startingBody.At("checks.search-index.data.startedAt").GetInt64());
        Assert.Equal(HttpStatusCode.OK, caughtUp);
        Assert.Equal(HttpStatusCode.OK, lagging);
        Assert.Equal(1, laggingBody.At("checks.search-index.data.lag").GetInt64());
    }

    [Fact]
    public async Task A_start_lag_allowance_lets_a_nearly_caught_up_instance_in()
    {
        using var data = new TempDirectory();
        await using (var first = new ApiHost(seed: true, dataDirectory: data.Path))
            await first.WaitForIndexAsync();
        var gate = new FeedGate();
        await using var fresh = new ApiHost(dataDirectory: data.Path, decorateStore: store => new GatedFeedStore(store, gate),
            settings: new Dictionary<string, string?>
            {
                ["Dangjian:Search:IndexDirectory"] = "index-of-a-new-instance",
                ["Dangjian:Search:StartReadyLag"] = "100000",
            });

        var (status, body) = await ReadyAsync(fresh);
        gate.Open();

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(0, body.At("checks.search-index.data.indexed").GetInt64());
    }

    [Fact]
    public async Task A_negative_lag_setting_stops_the_start()
    {
        var failure = await ApiHost.StartFailureAsync(new Dictionary<string, string?> { ["Dangjian:Search:StartReadyLag"] = "-1" });
        Assert.Contains("StartReadyLag", failure.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Once_the_feed_is_quiet_the_indexer_merges_the_segments_each_save_added()
    {
        await using var api = new ApiHost(settings: new Dictionary<string, string?>
        {
            ["Dangjian:Search:QuietMergeAfter"] = "00:00:02",
            ["Dangjian:Search:QuietSegments"] = "1",
        });
        var samples = new Samples();
        var branch = await api.InsertAsync(samples.Organization("发热门诊党支部"));
        for (var i = 0; i < 4; i++)
        {
            await api.InsertAsync(samples.Story(branch.Id, $"不眠之夜第{i}篇"));
            await api.WaitForIndexAsync(); // each save reaches the feed's head alone and is published as a segment
        }
        var (_, saved) = await ReadyAsync(api);

        var merged = saved;
        for (var wait = 0; wait < 100 && merged.At("checks.search-index.data.segments").GetInt32() > 1; wait++)
        {
            await Task.Delay(200, Ct);
            (_, merged) = await ReadyAsync(api);
        }

        Assert.True(saved.At("checks.search-index.data.segments").GetInt32() >= 4, saved.ToString());
        Assert.Equal(1, merged.At("checks.search-index.data.segments").GetInt32());
        Assert.Equal("Healthy", merged.At("checks.search-index.status").GetString());
    }

    [Theory]
    [InlineData("Dangjian:Search:QuietSegments", "0")]
    [InlineData("Dangjian:Search:QuietMergeAfter", "-00:00:01")]
    public async Task A_quiet_merge_setting_out_of_range_stops_the_start(string key, string value)
    {
        var failure = await ApiHost.StartFailureAsync(new Dictionary<string, string?> { [key] = value });
        Assert.Contains("QuietSegments", failure.ToString(), StringComparison.Ordinal);
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> ReadyAsync(ApiHost api)
    {
        using var client = api.CreateClient();
        using var response = await client.GetAsync("/health/ready", Ct);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.Clone());
    }
}

/// <summary>The image's HEALTHCHECK command: `probe` asks a running server for /health/ready.</summary>
public sealed class HealthProbeTests
{
    [Fact]
    public async Task Probe_exits_0_for_a_ready_server_1_for_none_and_2_for_a_bad_url()
    {
        await using var api = new ApiHost(kestrel: true);
        using var client = api.CreateClient();
        var ready = new Uri(client.BaseAddress!, "/health/ready").ToString();
        // A port that was free a moment ago: nothing listens there.
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var freePort = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var ct = TestContext.Current.CancellationToken;

        Assert.Equal(0, await Dangjian.Api.Cli.HealthProbe.RunAsync(["probe", "--url", ready], ct));
        Assert.Equal(1, await Dangjian.Api.Cli.HealthProbe.RunAsync(["probe", "--url", $"http://127.0.0.1:{freePort}/health/ready"], ct));
        Assert.Equal(1, await Dangjian.Api.Cli.HealthProbe.RunAsync(["probe", "--url", new Uri(client.BaseAddress!, "/no-such-page").ToString()], ct));
        Assert.Equal(2, await Dangjian.Api.Cli.HealthProbe.RunAsync(["probe", "--url", "file:///etc/passwd"], ct));
        Assert.Equal(2, await Dangjian.Api.Cli.HealthProbe.RunAsync(["probe", "--url", "not a url"], ct));
    }
}
