using System.Net;
using System.Text;
using System.Text.Json;
using Dangjian.Api.GraphQL.Operations;
using Dangjian.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Dangjian.Tests.Hardening;

/// <summary>Switches and policies of the endpoint: persisted operations, introspection, suggestions, rate limits, CORS, request ids.</summary>
public sealed class EndpointPolicyTests
{
    private static async Task<GraphQLResponse> PostAsync(ApiHost api, string json, Action<HttpRequestMessage>? configure = null)
    {
        using var client = api.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        configure?.Invoke(request);
        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        return await GraphQLResponse.ReadAsync(response);
    }

    [Fact]
    public async Task Persisted_operations_run_by_their_sha256_and_only_they_when_so_configured()
    {
        await using var api = new ApiHost(settings: new Dictionary<string, string?> { ["Dangjian:GraphQL:PersistedOperationsOnly"] = "true" });
        var catalog = api.Services.GetRequiredService<OperationCatalog>();
        var tree = catalog.Operations.Single(o => o.Name == "OrganizationTree");
        Assert.Equal(OperationCatalog.HashOf(await File.ReadAllTextAsync(RepositoryFiles.Path("schema", "operations", "OrganizationTree.graphql"), TestContext.Current.CancellationToken)), tree.Hash);

        var byId = await PostAsync(api, JsonSerializer.Serialize(new { documentId = tree.DocumentId }));
        var again = await PostAsync(api, JsonSerializer.Serialize(new { documentId = tree.DocumentId }));
        var byText = await PostAsync(api, JsonSerializer.Serialize(new { query = "{ stories { totalCount } }" }));

        Assert.Equal(JsonValueKind.Object, byId.Ok().GetProperty("organizations").ValueKind);
        Assert.Equal(byId.Ok().ToString(), again.Ok().ToString()); // the second time from the validated documents
        Assert.Contains("DOCUMENT_ID_MISSING", byText.ErrorCodes);
    }

    [Fact]
    public async Task Introspection_and_suggestions_are_off_outside_development_unless_configured()
    {
        await using var production = new ApiHost();
        await using var configured = new ApiHost(settings: new Dictionary<string, string?>
        {
            ["Dangjian:GraphQL:Introspection"] = "true",
            ["Dangjian:GraphQL:FieldSuggestions"] = "true",
        });
        const string introspection = "{ __schema { queryType { name } } }";
        const string typo = "{ storys { totalCount } }";

        var refused = await production.QueryAsync(introspection);
        var allowed = await configured.QueryAsync(introspection);
        var bare = await production.QueryAsync(typo);
        var suggested = await configured.QueryAsync(typo);

        Assert.NotEmpty(refused.Errors);
        Assert.Equal("Query", allowed.Ok().At("__schema.queryType.name").GetString());
        Assert.DoesNotContain("Did you mean", bare.Body);
        Assert.Contains("storys", bare.Errors[0].GetProperty("message").GetString());
        Assert.Contains("Did you mean", suggested.Body);
    }

    [Fact]
    public async Task A_client_over_its_rate_is_told_to_retry_later_and_others_are_not()
    {
        await using var api = new ApiHost(settings: new Dictionary<string, string?> { ["Dangjian:RateLimit:PermitsPerWindow"] = "3" });
        var editor = api.Token(Dangjian.Core.Access.Role.Editor, subject: "busy-editor");
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
            statuses.Add((await api.QueryAsync("{ stories { totalCount } }", token: editor)).Status);

        using var client = api.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = new StringContent("{\"query\":\"{ stories { totalCount } }\"}", Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new("Bearer", editor);
        using var limited = await client.SendAsync(request, TestContext.Current.CancellationToken);
        var body = await GraphQLResponse.ReadAsync(limited);
        var other = await api.QueryAsync("{ stories { totalCount } }", token: api.Token(Dangjian.Core.Access.Role.Editor, subject: "calm-editor"));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After is missing");
        Assert.Equal(["RATE_LIMITED"], body.ErrorCodes);
        Assert.Equal(HttpStatusCode.OK, other.Status);
    }

    [Fact]
    public async Task Every_response_carries_a_request_id_and_errors_repeat_it()
    {
        await using var api = new ApiHost();
        using var client = api.CreateClient();
        using var response = await client.PostAsync("/graphql", new StringContent("{\"query\":\"{ nosuch }\"}", Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        var body = await GraphQLResponse.ReadAsync(response);

        var header = Assert.Single(response.Headers.GetValues("X-Request-Id"));
        Assert.Equal(header, body.Json.At("extensions.requestId").GetString());
    }

    [Fact]
    public async Task Cors_admits_configured_origins_only()
    {
        await using var api = new ApiHost(settings: new Dictionary<string, string?> { ["Dangjian:Cors:AllowedOrigins:0"] = "https://portal.example.org" });
        using var client = api.CreateClient();

        async Task<HttpResponseMessage> PreflightAsync(string origin)
        {
            using var request = new HttpRequestMessage(HttpMethod.Options, "/graphql");
            request.Headers.Add("Origin", origin);
            request.Headers.Add("Access-Control-Request-Method", "POST");
            request.Headers.Add("Access-Control-Request-Headers", "content-type,authorization");
            return await client.SendAsync(request, TestContext.Current.CancellationToken);
        }

        using var allowed = await PreflightAsync("https://portal.example.org");
        using var refused = await PreflightAsync("https://evil.example.com");
        using var post = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = new StringContent("{\"query\":\"{ stories { totalCount } }\"}", Encoding.UTF8, "application/json") };
        post.Headers.Add("Origin", "https://portal.example.org");
        using var crossSite = await client.SendAsync(post, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NoContent, allowed.StatusCode);
        Assert.Equal("https://portal.example.org", Assert.Single(allowed.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.Contains("POST", allowed.Headers.GetValues("Access-Control-Allow-Methods").Single(), StringComparison.Ordinal);
        Assert.Contains("authorization", allowed.Headers.GetValues("Access-Control-Allow-Headers").Single(), StringComparison.OrdinalIgnoreCase);
        Assert.False(refused.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.False(refused.Headers.Contains("Access-Control-Allow-Methods"));
        Assert.Equal("https://portal.example.org", Assert.Single(crossSite.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.Contains("X-Request-Id", crossSite.Headers.GetValues("Access-Control-Expose-Headers").Single(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Without_configured_origins_no_preflight_is_allowed()
    {
        await using var api = new ApiHost();
        using var client = api.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Options, "/graphql");
        request.Headers.Add("Origin", "https://portal.example.org");
        request.Headers.Add("Access-Control-Request-Method", "POST");

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }
}
