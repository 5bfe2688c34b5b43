using System.Net;
using System.Text;
using Dangjian.Tests.Support;

namespace Dangjian.Tests.ScaleOut;

/// <summary>
/// Behind a balancer every connection comes from the balancer: anonymous callers are told apart by the X-Forwarded-For
/// it adds, and only when it is a configured proxy. Real Kestrel (the in-memory server has no client address), so the
/// test client connects from loopback, which plays the proxy.
/// </summary>
public sealed class ForwardedHeadersTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ApiHost Host(params (string Key, string Value)[] proxies)
    {
        var settings = new Dictionary<string, string?> { ["Dangjian:RateLimit:PermitsPerWindow"] = "3" };
        foreach (var (key, value) in proxies)
            settings[key] = value;
        return new ApiHost(kestrel: true, settings: settings);
    }

    private static async Task<HttpStatusCode> AnonymousQueryAsync(HttpClient client, string? forwardedFor)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = new StringContent("{\"query\":\"{ stories { totalCount } }\"}", Encoding.UTF8, "application/json"),
        };
        if (forwardedFor is not null)
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        using var response = await client.SendAsync(request, Ct);
        return response.StatusCode;
    }

    [Fact]
    public async Task Clients_behind_a_trusted_proxy_are_rate_limited_each_as_itself()
    {
        await using var api = Host(("Dangjian:ForwardedHeaders:KnownNetworks:0", "127.0.0.0/8"), ("Dangjian:ForwardedHeaders:KnownNetworks:1", "::1/128"));
        using var proxy = api.CreateClient();

        var first = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
            first.Add(await AnonymousQueryAsync(proxy, "203.0.113.5"));
        // A second client through the same proxy has its own budget; one that adds its own X-Forwarded-For entry
        // (claiming to be the first) is still known by the address the proxy appended after it.
        var second = await AnonymousQueryAsync(proxy, "203.0.113.6");
        var claimingToBeFirst = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
            claimingToBeFirst.Add(await AnonymousQueryAsync(proxy, "203.0.113.5, 203.0.113.7"));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], first);
        Assert.Equal(HttpStatusCode.OK, second);
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK], claimingToBeFirst);
    }

    [Fact]
    public async Task Forwarded_headers_from_an_address_that_is_not_a_configured_proxy_are_ignored()
    {
        // A proxy is configured, but the test client is not it: its X-Forwarded-For is a lie it tells.
        await using var api = Host(("Dangjian:ForwardedHeaders:KnownProxies:0", "192.0.2.10"));
        using var client = api.CreateClient();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
            statuses.Add(await AnonymousQueryAsync(client, $"198.51.100.{i + 1}"));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task Without_a_configured_proxy_no_forwarded_header_is_believed()
    {
        await using var api = Host();
        using var client = api.CreateClient();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
            statuses.Add(await AnonymousQueryAsync(client, $"198.51.100.{i + 1}"));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
    }

    [Theory]
    [InlineData("Dangjian:ForwardedHeaders:KnownProxies:0", "not-an-address")]
    [InlineData("Dangjian:ForwardedHeaders:KnownNetworks:0", "10.0.0.0/99")]
    [InlineData("Dangjian:ForwardedHeaders:ForwardLimit", "0")]
    public async Task A_proxy_setting_that_is_not_an_address_stops_the_start(string key, string value)
    {
        var failure = await ApiHost.StartFailureAsync(new Dictionary<string, string?> { [key] = value });
        Assert.Contains("ForwardedHeaders", failure.ToString(), StringComparison.Ordinal);
    }
}
