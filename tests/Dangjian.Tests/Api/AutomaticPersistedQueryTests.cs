using System.Text;
using System.Text.Json;
using Dangjian.Api.GraphQL.Operations;
using Dangjian.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Dangjian.Tests.Api;

/// <summary>
/// Automatic persisted queries as Apollo Client's persisted-queries link sends them: the hash alone first, then, on
/// PERSISTED_QUERY_NOT_FOUND, the query with its hash, which registers it; after that the hash alone runs it.
/// </summary>
public sealed class AutomaticPersistedQueryTests
{
    private const string Query = "query Count { organizations { totalCount } }";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static object Extensions(string hash) => new { persistedQuery = new { version = 1, sha256Hash = hash } };

    private static async Task<GraphQLResponse> PostAsync(ApiHost api, object body)
    {
        using var client = api.CreateClient();
        using var content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
        using var response = await client.PostAsync("/graphql", content, Ct);
        return await GraphQLResponse.ReadAsync(response);
    }

    [Fact]
    public async Task An_unknown_hash_is_not_found_then_registered_with_its_query_then_runs_by_hash()
    {
        await using var api = new ApiHost();
        var hash = OperationCatalog.HashOf(Query);

        var first = await PostAsync(api, new { extensions = Extensions(hash) });
        var register = await PostAsync(api, new { query = Query, extensions = Extensions(hash) });
        var byHash = await PostAsync(api, new { extensions = Extensions(hash) });
        using var client = api.CreateClient();
        using var get = new HttpRequestMessage(HttpMethod.Get,
            "/graphql?extensions=" + Uri.EscapeDataString(JsonSerializer.Serialize(Extensions(hash))) + "&operationName=Count");
        get.Headers.Add("GraphQL-Require-Preflight", "1");
        var byGet = await GraphQLResponse.ReadAsync(await client.SendAsync(get, Ct));

        Assert.Equal(["PERSISTED_QUERY_NOT_FOUND"], first.ErrorCodes);
        Assert.Equal(0, register.Ok().At("organizations.totalCount").GetInt32());
        Assert.Equal(0, byHash.Ok().At("organizations.totalCount").GetInt32());
        Assert.Equal(0, byGet.Ok().At("organizations.totalCount").GetInt32());
    }

    [Fact]
    public async Task A_query_that_does_not_match_its_hash_is_refused_and_not_registered()
    {
        await using var api = new ApiHost();
        var otherHash = OperationCatalog.HashOf("{ stories { totalCount } }");

        var mismatch = await PostAsync(api, new { query = Query, extensions = Extensions(otherHash) });
        var after = await PostAsync(api, new { extensions = Extensions(otherHash) });
        var malformed = await PostAsync(api, new { extensions = Extensions("../../etc/passwd") });

        Assert.Equal(["PERSISTED_QUERY_HASH_MISMATCH"], mismatch.ErrorCodes);
        Assert.Equal(["PERSISTED_QUERY_NOT_FOUND"], after.ErrorCodes);
        Assert.Equal(["INVALID_REQUEST"], malformed.ErrorCodes);
    }

    [Fact]
    public async Task The_registry_is_bounded()
    {
        await using var api = new ApiHost(settings: new Dictionary<string, string?> { ["Dangjian:GraphQL:AutomaticPersistedQueryCacheSize"] = "3" });

        for (var i = 0; i < 10; i++)
        {
            var query = $"query Q{i} {{ organizations {{ totalCount }} }}";
            Assert.Empty((await PostAsync(api, new { query, extensions = Extensions(OperationCatalog.HashOf(query)) })).Errors);
        }

        Assert.InRange(api.Services.GetRequiredService<AutomaticPersistedQueries>().Count, 1, 3);
    }

    [Fact]
    public async Task In_allow_list_mode_a_hash_runs_only_a_checked_in_operation_and_nothing_registers()
    {
        await using var api = new ApiHost(settings: new Dictionary<string, string?> { ["Dangjian:GraphQL:PersistedOperationsOnly"] = "true" });
        var tree = api.Services.GetRequiredService<OperationCatalog>().Operations.Single(o => o.Name == "OrganizationTree");
        var hash = OperationCatalog.HashOf(Query);

        var known = await PostAsync(api, new { extensions = Extensions(tree.Hash) });
        var unknown = await PostAsync(api, new { extensions = Extensions(hash) });
        var register = await PostAsync(api, new { query = Query, extensions = Extensions(hash) });
        var after = await PostAsync(api, new { extensions = Extensions(hash) });

        Assert.Equal(JsonValueKind.Object, known.Ok().GetProperty("organizations").ValueKind);
        Assert.Equal(["PERSISTED_QUERY_NOT_FOUND"], unknown.ErrorCodes);
        Assert.Equal(["DOCUMENT_ID_MISSING"], register.ErrorCodes);
        Assert.Equal(["PERSISTED_QUERY_NOT_FOUND"], after.ErrorCodes);
    }
}
