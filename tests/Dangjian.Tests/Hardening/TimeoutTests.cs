using System.Net;
using System.Text.Json;
using Dangjian.Tests.Support;

namespace Dangjian.Tests.Hardening;

/// <summary>
/// The two time limits: a search is stopped at its own deadline (Dangjian:Search:Timeout) and answers TIMEOUT while the
/// rest of the request and the server carry on; a whole request is stopped at Dangjian:GraphQL:ExecutionTimeout. The
/// search limit is set to one tick and the request limit to 50 ms over a store slower than that, so the code paths
/// run without a test that waits for seconds.
/// </summary>
public sealed class TimeoutTests
{
    private const string OneTick = "00:00:00.0000001";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_search_past_its_deadline_answers_timeout_and_the_rest_of_the_request_still_runs()
    {
        await using var api = new ApiHost(seed: true, settings: new Dictionary<string, string?> { ["Dangjian:Search:Timeout"] = OneTick });
        await api.WaitForIndexAsync();

        var response = await api.QueryAsync("{ search(query: \"防控\") { totalCount } directives(first: 1) { totalCount } }");
        using var client = api.CreateClient();
        using var export = await client.GetAsync("/export/search?query=" + Uri.EscapeDataString("防控") + "&format=csv", Ct);
        var exportError = JsonDocument.Parse(await export.Content.ReadAsStringAsync(Ct)).RootElement;

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal(["TIMEOUT"], response.ErrorCodes);
        Assert.Contains("narrow", response.Errors[0].GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, response.Data.GetProperty("search").ValueKind);
        Assert.Equal(1, response.Data.At("directives.totalCount").GetInt32());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, export.StatusCode);
        Assert.Equal("TIMEOUT", exportError.At("errors.0.extensions.code").GetString());
    }

    [Fact]
    public async Task A_request_past_the_execution_timeout_answers_timeout_not_a_500()
    {
        // A store slower than the limit, so that the timeout fires for certain rather than racing a one-tick timer.
        await using var api = new ApiHost(settings: new Dictionary<string, string?> { ["Dangjian:GraphQL:ExecutionTimeout"] = "00:00:00.05" },
            decorateStore: store => new SlowStore(store, TimeSpan.FromSeconds(2)));

        var response = await api.QueryAsync("{ organizations(first: 5) { totalCount nodes { name } } }");

        Assert.NotEqual(HttpStatusCode.InternalServerError, response.Status);
        Assert.Equal(["TIMEOUT"], response.ErrorCodes);
    }
}
