using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Dangjian.Api.Auth;
using Dangjian.Core.Access;
using Dangjian.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Dangjian.Tests.Api;

/// <summary>GraphQL over HTTP: bad input gets a clear error with a code and the right status, never a 500.</summary>
public sealed class HttpTransportTests : IAsyncLifetime
{
    private readonly ApiHost _api = new();
    private readonly Samples _samples = new();

    public async ValueTask InitializeAsync() => await _api.InsertAsync(_samples.Organization("中共娄底市公安局委员会"));

    public async ValueTask DisposeAsync() => await _api.DisposeAsync();

    private async Task<GraphQLResponse> PostAsync(string body, string contentType = "application/json", string? accept = null, string? token = null,
        bool preflight = false)
    {
        using var client = _api.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (preflight)
            request.Headers.Add("GraphQL-Require-Preflight", "1");
        if (accept is not null)
            request.Headers.Accept.ParseAdd(accept);
        if (token is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        return await GraphQLResponse.ReadAsync(response);
    }

    private async Task<GraphQLResponse> GetAsync(string query, string? variables = null, bool preflight = true)
    {
        using var client = _api.CreateClient();
        var url = "/graphql?query=" + Uri.EscapeDataString(query) + (variables is null ? "" : "&variables=" + Uri.EscapeDataString(variables));
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (preflight)
            request.Headers.Add("GraphQL-Require-Preflight", "1");
        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        return await GraphQLResponse.ReadAsync(response);
    }

    private async Task AssertStillServesAsync()
    {
        var data = (await _api.QueryAsync("{ organizations { totalCount } }")).Ok();
        Assert.Equal(1, data.At("organizations.totalCount").GetInt32());
    }

    [Theory]
    [InlineData("{bad json")]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("\"just a string\"")]
    [InlineData("{\"query\": 42}")]
    [InlineData("{\"query\": \"{ organizations { totalCount } }\", \"variables\": [1, 2]}")]
    public async Task Malformed_bodies_are_400_with_a_code(string body)
    {
        var response = await PostAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Contains(response.ErrorCodes.Single(), new[] { "INVALID_JSON", "INVALID_REQUEST" });
        await AssertStillServesAsync();
    }

    [Fact]
    public async Task A_form_post_is_refused_as_possible_csrf_and_is_not_json_anyway()
    {
        var form = await PostAsync("query=%7B%7D", "application/x-www-form-urlencoded");
        var formWithHeader = await PostAsync("query=%7B%7D", "application/x-www-form-urlencoded", preflight: true);
        var xml = await PostAsync("<query/>", "application/xml");

        Assert.Equal(HttpStatusCode.BadRequest, form.Status);
        Assert.Equal(["PREFLIGHT_REQUIRED"], form.ErrorCodes);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, formWithHeader.Status);
        Assert.Equal(["UNSUPPORTED_MEDIA_TYPE"], formWithHeader.ErrorCodes);
        Assert.Equal(["UNSUPPORTED_MEDIA_TYPE"], xml.ErrorCodes);
    }

    [Fact]
    public async Task A_get_without_a_preflight_forcing_header_is_refused()
    {
        var response = await GetAsync("{ organizations { totalCount } }", preflight: false);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal(["PREFLIGHT_REQUIRED"], response.ErrorCodes);
    }

    [Theory]
    [InlineData("{ organizations { nosuchfield } }")]
    [InlineData("{ nosuchroot }")]
    [InlineData("{ organizations(first: \"ten\") { totalCount } }")]
    [InlineData("{ organizations { ")]
    [InlineData("query($n: Int) { organizations(first: $n) { totalCount } }")]
    public async Task Invalid_documents_are_graphql_errors_not_500s(string query)
    {
        var response = await PostAsync(System.Text.Json.JsonSerializer.Serialize(new { query, variables = new { n = "not a number" } }));

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.NotEmpty(response.Errors);
        Assert.All(response.ErrorCodes, code => Assert.False(string.IsNullOrEmpty(code)));
        Assert.DoesNotContain("   at ", response.Body);
        await AssertStillServesAsync();
    }

    [Fact]
    public async Task The_graphql_response_media_type_answers_400_for_a_request_that_never_executed()
    {
        var response = await PostAsync("{\"query\": \"{ nosuchroot }\"}", accept: "application/graphql-response+json");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("application/graphql-response+json", response.MediaType);
    }

    [Fact]
    public async Task A_query_can_be_sent_with_get()
    {
        var response = await GetAsync("query($n: Int) { organizations(first: $n) { totalCount } }", "{\"n\": 5}");

        Assert.Equal(1, response.Ok().At("organizations.totalCount").GetInt32());
    }

    [Fact]
    public async Task A_mutation_over_get_is_405()
    {
        var response = await GetAsync("mutation { x }");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.Status);
        Assert.Contains("METHOD_NOT_ALLOWED", response.ErrorCodes);
    }

    [Fact]
    public async Task Get_with_malformed_variables_is_400()
    {
        var response = await GetAsync("{ organizations { totalCount } }", "{not json");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal(["INVALID_JSON"], response.ErrorCodes);
    }

    [Fact]
    public async Task A_batch_is_answered_with_an_array_in_order()
    {
        var response = await PostAsync("""[{"query": "{ organizations { totalCount } }"}, {"query": "{ stories { totalCount } }"}]""");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal(1, response.Json[0].At("data.organizations.totalCount").GetInt32());
        Assert.Equal(0, response.Json[1].At("data.stories.totalCount").GetInt32());
    }

    [Fact]
    public async Task A_browser_gets_the_ide_served_locally_where_introspection_is_on()
    {
        await using var development = new ApiHost(settings: new Dictionary<string, string?> { ["environment"] = "Development" });
        using var client = development.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/graphql");
        request.Headers.Accept.ParseAdd("text/html");
        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("graphiql", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("https://", html);
        // Its script is built from the graphiql package with the web app and served by the API under /assets/.
        var src = Regex.Match(html, "<script type=\"module\"[^>]* src=\"(/assets/[^\"]+\\.js)\"").Groups[1].Value;
        using var script = await client.GetAsync(src, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
        Assert.Contains("immutable", script.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task Expired_tampered_and_malformed_tokens_are_401_with_a_reason()
    {
        var issuedYesterday = new TokenIssuer(_api.Services.GetRequiredService<SigningKeyProvider>(),
            _api.Services.GetRequiredService<IOptions<AuthOptions>>(), new ShiftedTime(TimeSpan.FromDays(-1)));
        var expired = issuedYesterday.Issue("tester", Role.Editor, null, TimeSpan.FromHours(1));
        var valid = _api.Token(Role.Editor);
        var tampered = valid[..^4] + (valid[^4..] == "AAAA" ? "BBBB" : "AAAA");
        var parts = valid.Split('.');
        var forgedRole = parts[0] + "." + Convert.ToBase64String(Encoding.UTF8.GetBytes("{\"sub\":\"x\",\"role\":\"ADMIN\"}")).TrimEnd('=') + "." + parts[2];

        foreach (var (token, reason) in new[] { (expired, "expired"), (tampered, "not valid"), (forgedRole, "not valid"), ("garbage", "not valid") })
        {
            var response = await PostAsync("{\"query\": \"{ stories { totalCount } }\"}", token: token);
            Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
            Assert.Equal(["UNAUTHENTICATED"], response.ErrorCodes);
            Assert.Contains(reason, response.Errors[0].GetProperty("message").GetString());
        }
        Assert.Empty((await PostAsync("{\"query\": \"{ stories { totalCount } }\"}", token: valid)).Errors);
    }

    [Fact]
    public async Task Health_endpoints_answer()
    {
        using var client = _api.CreateClient();
        using var ready = await client.GetAsync("/health/ready", TestContext.Current.CancellationToken);
        using var live = await client.GetAsync("/health/live", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Contains("\"store\"", await ready.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }
}

/// <summary>The system clock moved by a fixed amount, to make tokens that are already expired.</summary>
internal sealed class ShiftedTime(TimeSpan shift) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + shift;
}
