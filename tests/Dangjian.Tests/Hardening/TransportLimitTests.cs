using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Dangjian.Core.Access;
using Dangjian.Core.Documents;
using Dangjian.Tests.Support;

namespace Dangjian.Tests.Hardening;

/// <summary>
/// Regressions for the transport and limit findings of the outside attack (issue 13): each refusal is a coded error
/// with a JSON body, nothing is logged as an internal error, and the server keeps serving.
/// </summary>
public sealed class TransportLimitTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<GraphQLResponse> PostAsync(ApiHost api, string json, string? token = null)
    {
        using var client = api.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (token is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.SendAsync(request, Ct);
        return await GraphQLResponse.ReadAsync(response);
    }

    private static string Body(string query, object? variables = null) => JsonSerializer.Serialize(new { query, variables });

    private static async Task<(ApiHost Api, Story Story)> SearchableHostAsync(IDictionary<string, string?>? settings = null)
    {
        var api = new ApiHost(settings: settings);
        var samples = new Samples();
        var org = await api.InsertAsync(samples.Organization("中共娄底市公安局委员会"));
        var story = await api.InsertAsync(samples.Story(org.Id, "网格员的一天", tags: ["网格员"]));
        await api.WaitForIndexAsync();
        return (api, story);
    }

    [Fact]
    public async Task Highlight_tags_longer_than_the_limit_are_refused_before_anything_is_searched()
    {
        var (api, _) = await SearchableHostAsync();
        await using var _ = api;
        const string query = "query($pre: String, $post: String) { search(query: \"网格员\") { edges { highlights(preTag: $pre, postTag: $post) { fragments } } } }";

        var normal = await PostAsync(api, Body(query, new { pre = "<mark class=\"hit\">", post = "</mark>" }));
        var huge = await PostAsync(api, Body(query, new { pre = new string('<', 10_000), post = "</mark>" }));
        var hugeInline = await PostAsync(api, Body("{ search(query: \"网格员\") { edges { highlights(postTag: \"" + new string('x', 5_000) + "\") { fragments } } } }"));

        var fragments = normal.Ok().At("search.edges.0.highlights").EnumerateArray().SelectMany(h => h.GetProperty("fragments").EnumerateArray()).Select(f => f.GetString());
        Assert.Contains(fragments, f => f!.Contains("<mark class=\"hit\">", StringComparison.Ordinal) && f.Contains("</mark>", StringComparison.Ordinal));
        Assert.Equal(["ARGUMENT_TOO_LONG"], huge.ErrorCodes);
        Assert.False(huge.Json.TryGetProperty("data", out var data) && data.ValueKind != JsonValueKind.Null, "Nothing runs when an argument is too long");
        Assert.True(huge.Body.Length < 2_000, $"The refusal repeats the caller's string: {huge.Body.Length} characters");
        Assert.Equal(["ARGUMENT_TOO_LONG"], hugeInline.ErrorCodes);
    }

    [Fact]
    public async Task A_response_larger_than_the_limit_is_replaced_by_a_coded_error()
    {
        await using var api = new ApiHost(settings: new Dictionary<string, string?> { ["Dangjian:GraphQL:MaxResponseBytes"] = "4096" });
        var samples = new Samples();
        var org = await api.InsertAsync(samples.Organization("中共娄底市公安局委员会"));
        await api.InsertAsync(samples.Story(org.Id, "网格员的一天") with { Body = string.Concat(Enumerable.Repeat("发热门诊的党员医护人员坚守岗位。", 100)) });
        var aliases = "a: stories { nodes { title body } } b: stories { nodes { body } }";

        var small = await PostAsync(api, Body("{ stories { totalCount } }"));
        var large = await PostAsync(api, Body("{ " + aliases + " }"));
        var batch = await PostAsync(api, "[" + Body("{ stories { totalCount } }") + "," + Body("{ " + aliases + " }") + "]");

        Assert.Equal(1, small.Ok().At("stories.totalCount").GetInt32());
        Assert.Equal(["RESPONSE_TOO_LARGE"], large.ErrorCodes);
        Assert.True(large.Body.Length < 4096);
        Assert.Equal(2, batch.Json.GetArrayLength());
        Assert.All(batch.Json.EnumerateArray(), r => Assert.Equal("RESPONSE_TOO_LARGE", r.At("errors.0.extensions.code").GetString()));
    }

    [Fact]
    public async Task Each_operation_of_a_batch_counts_against_the_rate_limit()
    {
        await using var api = new ApiHost(settings: new Dictionary<string, string?> { ["Dangjian:RateLimit:PermitsPerWindow"] = "10" });
        var token = api.Token(Role.Reader, subject: "batcher");
        var batch = "[" + string.Join(',', Enumerable.Repeat(Body("{ stories { totalCount } }"), 4)) + "]";

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
            statuses.Add((await PostAsync(api, batch, token)).Status);
        var refused = await PostAsync(api, batch, token);

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(["RATE_LIMITED"], refused.ErrorCodes);
    }

    public static TheoryData<string, string> DeepDocuments => new()
    {
        { "selection sets", "{ " + string.Concat(Enumerable.Repeat("organizations { nodes { ", 35)) + "id" + new string('}', 70) + " }" },
        { "list literals", "{ stories(where: { tags: { some: { in: " + new string('[', 130) + "\"x\"" + new string(']', 130) + " } } }) { totalCount } }" },
        { "and-filters", "{ stories(where: " + string.Concat(Enumerable.Repeat("{ and: [", 40)) + "{ title: { eq: \"x\" } }" + string.Concat(Enumerable.Repeat("] }", 40)) + ") { totalCount } }" },
    };

    [Theory]
    [MemberData(nameof(DeepDocuments))]
    public async Task Nesting_sixty_levels_deep_is_refused_with_max_depth_and_logged_as_no_error(string shape, string query)
    {
        await using var api = new ApiHost();

        var response = await PostAsync(api, Body(query));

        Assert.True(response.ErrorCodes.SequenceEqual(["MAX_DEPTH"]), $"{shape}: {response.Body}");
        Assert.Empty(api.Logs.Errors);
        Assert.Equal(0, (await api.QueryAsync("{ stories { totalCount } }")).Ok().At("stories.totalCount").GetInt32());
    }

    [Fact]
    public async Task A_fragment_bomb_is_refused_before_validation_walks_it()
    {
        await using var api = new ApiHost();
        // Thirty fragments, each spreading the next twice: 1 KB of text, 2^30 fields once expanded.
        var fragments = string.Join(' ', Enumerable.Range(0, 30).Select(i => $"fragment F{i} on Query {{ ...F{i + 1} ...F{i + 1} }}"));
        var query = "{ ...F0 } " + fragments + " fragment F30 on Query { organizations { totalCount } }";

        var response = await PostAsync(api, Body(query)).WaitAsync(TimeSpan.FromSeconds(30), Ct);

        Assert.Equal(["COMPLEXITY"], response.ErrorCodes);
        Assert.Contains("fragments", response.Errors[0].GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Related_with_too_large_a_page_answers_its_page_size_error_alone_before_anything_runs()
    {
        var (api, _) = await SearchableHostAsync();
        await using var _ = api;

        var response = await PostAsync(api, Body("{ stories { totalCount nodes { title related(first: 50) { __typename } } } }"));
        var allowed = await PostAsync(api, Body("{ stories { totalCount nodes { title related(first: 20) { __typename } } } }"));

        Assert.Equal(["INVALID_PAGE_SIZE"], response.ErrorCodes);
        Assert.False(response.Json.TryGetProperty("data", out var data) && data.ValueKind != JsonValueKind.Null);
        Assert.Empty(api.Logs.Errors);
        Assert.Equal("网格员的一天", allowed.Ok().At("stories.nodes.0.title").GetString());
    }

    [Fact]
    public async Task A_depth_refusal_says_max_depth_as_the_readme_promises()
    {
        await using var api = new ApiHost();
        var query = "{ organizations { nodes { " + string.Concat(Enumerable.Repeat("children { nodes { ", 6)) + "name" + new string('}', 12) + " } } }";

        var response = await PostAsync(api, Body(query));

        Assert.Equal(["MAX_DEPTH"], response.ErrorCodes);
    }

    [Fact]
    public async Task Over_long_urls_and_headers_get_a_coded_json_body()
    {
        await using var api = new ApiHost(kestrel: true);
        using var client = api.CreateClient();

        using var longUrl = await client.GetAsync("/graphql?query=" + new string('x', 20_000), Ct);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        request.Headers.Add("X-Padding", new string('x', 40_000));
        using var longHeader = await client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.RequestUriTooLong, longUrl.StatusCode);
        Assert.Equal(["URI_TOO_LONG"], (await GraphQLResponse.ReadAsync(longUrl)).ErrorCodes);
        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, longHeader.StatusCode);
        Assert.Equal(["HEADERS_TOO_LARGE"], (await GraphQLResponse.ReadAsync(longHeader)).ErrorCodes);
        using var live = await client.GetAsync("/health/live", Ct);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }

    [Theory]
    [InlineData("/graphql")]
    [InlineData("/d/U3Rvcnk6eA")]
    [InlineData("/export/search?query=%E7%BD%91%E6%A0%BC&format=jsonl")]
    public async Task A_bad_token_is_401_with_www_authenticate_on_every_endpoint(string path)
    {
        await using var api = new ApiHost();
        using var client = api.CreateClient();
        using var request = new HttpRequestMessage(path == "/graphql" ? HttpMethod.Post : HttpMethod.Get, path);
        if (path == "/graphql")
            request.Content = new StringContent(Body("{ stories { totalCount } }"), Encoding.UTF8, "application/json");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "not-a-token");

        using var response = await client.SendAsync(request, Ct);
        var body = await GraphQLResponse.ReadAsync(response);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(["UNAUTHENTICATED"], body.ErrorCodes);
        var challenge = Assert.Single(response.Headers.WwwAuthenticate);
        Assert.Equal("Bearer", challenge.Scheme);
        Assert.Contains("error=\"invalid_token\"", challenge.Parameter, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("PUT", "/graphql", HttpStatusCode.MethodNotAllowed, "METHOD_NOT_ALLOWED")]
    [InlineData("DELETE", "/d/U3Rvcnk6eA", HttpStatusCode.MethodNotAllowed, "METHOD_NOT_ALLOWED")]
    [InlineData("GET", "/no/such/path", HttpStatusCode.NotFound, "NOT_FOUND")]
    public async Task Refusals_outside_the_endpoints_are_coded_too(string method, string path, HttpStatusCode status, string code)
    {
        await using var api = new ApiHost();
        using var client = api.CreateClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), path);

        using var response = await client.SendAsync(request, Ct);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal([code], (await GraphQLResponse.ReadAsync(response)).ErrorCodes);
    }
}
