using System.Net;
using Dangjian.Api.GraphQL.Http;
using Dangjian.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Dangjian.Tests.Hardening;

/// <summary>
/// A document that passed validation once skips the document-only rules the next time; what depends on the request
/// (complexity from variable page sizes, variable values, queries only over GET) is still checked every time.
/// </summary>
public sealed class ValidatedDocumentTests
{
    private const string Nested = """
        query ($n: Int) { directives(first: $n) { nodes { title sections { heading activityLogs(first: $n) { nodes { title } } } } } }
        """;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_repeated_operation_is_validated_once_and_answers_the_same()
    {
        await using var api = new ApiHost(seed: true);
        var documents = api.Services.GetRequiredService<ValidatedDocuments>();

        var first = await api.QueryAsync(Nested, new { n = 1 });
        var second = await api.QueryAsync(Nested, new { n = 1 });
        var invalid = await api.QueryAsync("{ directives(first: 1) { nosuch } }");
        await api.QueryAsync("{ directives(first: 1) { nosuch } }");

        Assert.Equal(first.Ok().ToString(), second.Ok().ToString());
        Assert.Equal(["FIELDS_ON_CORRECT_TYPE"], invalid.ErrorCodes);
        Assert.Equal(1, documents.Count);
    }

    [Fact]
    public async Task A_validated_document_is_still_refused_when_its_variables_make_it_too_complex_or_are_wrong()
    {
        await using var api = new ApiHost(seed: true);
        (await api.QueryAsync(Nested, new { n = 1 })).Ok();

        var bomb = await api.QueryAsync(Nested, new { n = 100 });
        var wrongType = await api.QueryAsync(Nested, new { n = "ten" });

        Assert.Equal(["COMPLEXITY"], bomb.ErrorCodes);
        Assert.False(bomb.Json.TryGetProperty("data", out var data) && data.ValueKind != System.Text.Json.JsonValueKind.Null);
        Assert.Equal(["INVALID_VALUE"], wrongType.ErrorCodes);
    }

    [Fact]
    public async Task A_mutation_validated_over_post_is_still_refused_over_get()
    {
        await using var api = new ApiHost(seed: true);
        const string mutation = "mutation { submitStory(input: { submittingOrganizationId: \"x\", title: \"t\", body: \"b\" }) { errors { __typename } } }";
        var posted = await api.QueryAsync(mutation);
        using var client = api.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/graphql?query=" + Uri.EscapeDataString(mutation));
        request.Headers.Add("GraphQL-Require-Preflight", "1");

        using var raw = await client.SendAsync(request, Ct);
        var response = await GraphQLResponse.ReadAsync(raw);

        Assert.True(posted.Json.TryGetProperty("data", out _), "the POST reached execution, so its document was remembered");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.Status);
        Assert.Equal(["METHOD_NOT_ALLOWED"], response.ErrorCodes);
    }

    [Fact]
    public async Task Once_full_it_keeps_what_it_has_and_validates_the_rest_every_time()
    {
        await using var api = new ApiHost(settings: new Dictionary<string, string?> { ["Dangjian:GraphQL:ValidatedDocumentCacheSize"] = "2" });
        var documents = api.Services.GetRequiredService<ValidatedDocuments>();

        foreach (var size in new[] { 1, 2, 3, 3 })
            (await api.QueryAsync($"{{ organizations(first: {size}) {{ totalCount }} }}")).Ok();
        var third = await api.QueryAsync("{ organizations(first: 3) { nosuch } }");

        Assert.Equal(2, documents.Count);
        Assert.Equal(["FIELDS_ON_CORRECT_TYPE"], third.ErrorCodes);
    }
}
