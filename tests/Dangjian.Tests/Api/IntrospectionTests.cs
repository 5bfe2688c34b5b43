using System.Net;
using System.Text.Json;
using Dangjian.Tests.Support;

namespace Dangjian.Tests.Api;

/// <summary>
/// Introspection as client tools send it. The fixture is the exact text of graphql-js 17.1.0's
/// <c>getIntrospectionQuery({ descriptions, specifiedByUrl, directiveIsRepeatable, schemaDescription,
/// inputValueDeprecation, oneOf: true })</c>, the superset of what GraphiQL, GraphQL Code Generator, Apollo and
/// Postman send.
/// </summary>
public sealed class IntrospectionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly string StandardQuery = File.ReadAllText(
        RepositoryFiles.Path("tests", "Dangjian.Tests", "Api", "Fixtures", "graphql-js-17.1.0-introspection-query.graphql"));

    private static async Task<GraphQLResponse> PostAsync(ApiHost api, string query, string? operationName = null)
    {
        using var client = api.CreateClient();
        using var content = new StringContent(JsonSerializer.Serialize(new { query, operationName }), System.Text.Encoding.UTF8, "application/json");
        using var response = await client.PostAsync("/graphql", content, Ct);
        return await GraphQLResponse.ReadAsync(response);
    }

    private static async Task<HttpResponseMessage> GetIdeAsync(ApiHost api)
    {
        using var client = api.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/graphql");
        request.Headers.Accept.ParseAdd("text/html");
        return await client.SendAsync(request, Ct);
    }

    [Fact]
    public async Task The_standard_introspection_query_works_in_development()
    {
        await using var api = new ApiHost(settings: new Dictionary<string, string?> { ["environment"] = "Development" });

        var schema = (await PostAsync(api, StandardQuery, "IntrospectionQuery")).Ok().GetProperty("__schema");

        Assert.Equal("Query", schema.At("queryType.name").GetString());
        Assert.Equal("Mutation", schema.At("mutationType.name").GetString());
        Assert.StartsWith("Dangjian", schema.GetProperty("description").GetString(), StringComparison.Ordinal);
        var types = schema.GetProperty("types").EnumerateArray().ToDictionary(t => t.GetProperty("name").GetString()!);
        Assert.Contains("Story", types.Keys);
        Assert.False(string.IsNullOrEmpty(types["Query"].GetProperty("description").GetString()));
        Assert.Contains(types["Query"].GetProperty("fields").EnumerateArray(), f => f.GetProperty("name").GetString() == "stories");
        Assert.Equal(JsonValueKind.Null, types["String"].GetProperty("specifiedByURL").ValueKind);
        Assert.False(types["StoryFilterInput"].GetProperty("isOneOf").GetBoolean());
        var deprecated = schema.GetProperty("directives").EnumerateArray().Single(d => d.GetProperty("name").GetString() == "deprecated");
        Assert.False(deprecated.GetProperty("isRepeatable").GetBoolean());
        Assert.Equal("reason", deprecated.At("args.0.name").GetString());
    }

    [Fact]
    public async Task Introspection_is_bounded_by_its_own_rule_not_by_the_depth_limit()
    {
        await using var api = new ApiHost(settings: new Dictionary<string, string?> { ["Dangjian:GraphQL:Introspection"] = "true" });
        const string nested = "{ __schema { types { fields { type { fields { type { fields { name } } } } } } } }";

        var standard = await PostAsync(api, StandardQuery);
        var cyclic = await PostAsync(api, nested);
        var viaFragments = await PostAsync(api, "fragment F on __Type { fields { type { ...G } } } fragment G on __Type { fields { type { fields { name } } } } { __type(name: \"Story\") { ...F } }");

        Assert.Equal("Query", standard.Ok().At("__schema.queryType.name").GetString());
        Assert.Equal(["MAX_INTROSPECTION_DEPTH"], cyclic.ErrorCodes);
        Assert.Equal(["MAX_INTROSPECTION_DEPTH"], viaFragments.ErrorCodes);
    }

    [Fact]
    public async Task Without_introspection_there_is_no_ide_and_the_standard_query_is_refused_with_a_code()
    {
        await using var production = new ApiHost(settings: new Dictionary<string, string?> { ["environment"] = "Production" });
        await using var development = new ApiHost(settings: new Dictionary<string, string?> { ["environment"] = "Development" });

        using var noIde = await GetIdeAsync(production);
        using var ide = await GetIdeAsync(development);
        var refused = await PostAsync(production, StandardQuery);
        using var client = production.CreateClient();
        using var script = await client.GetAsync("/graphiql/graphiql.min.js", Ct);

        Assert.Equal(HttpStatusCode.NotFound, noIde.StatusCode);
        Assert.Equal(["NOT_FOUND"], (await GraphQLResponse.ReadAsync(noIde)).ErrorCodes);
        Assert.Equal(HttpStatusCode.NotFound, script.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ide.StatusCode);
        Assert.Equal("text/html", ide.Content.Headers.ContentType?.MediaType);
        Assert.Contains("NO_INTROSPECTION", refused.ErrorCodes);
    }
}
