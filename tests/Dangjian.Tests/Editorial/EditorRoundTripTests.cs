using System.Text;
using System.Text.Json;
using Dangjian.Api.GraphQL.Operations;
using Dangjian.Api.GraphQL.Relay;
using Dangjian.Core.Access;
using Dangjian.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Dangjian.Tests.Editorial;

/// <summary>The README's editor round trip, with the persisted operations the README uses, sent by their SHA-256.</summary>
public sealed class EditorRoundTripTests
{
    [Fact]
    public async Task An_editor_submits_reviews_approves_and_publishes_a_story_that_search_then_finds()
    {
        await using var api = new ApiHost(seed: true);
        var operations = api.Services.GetRequiredService<OperationCatalog>().Operations.ToDictionary(o => o.Name);
        var token = api.Token(Role.Editor, subject: "editor-zhao");
        using var client = api.CreateClient();

        async Task<JsonElement> RunAsync(string name, object variables)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
            {
                Content = new StringContent(JsonSerializer.Serialize(new { documentId = operations[name].DocumentId, variables }), Encoding.UTF8, "application/json"),
            };
            request.Headers.Authorization = new("Bearer", token);
            using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
            return (await GraphQLResponse.ReadAsync(response)).Ok();
        }

        var submitted = (await RunAsync("SubmitStory", new
        {
            input = new
            {
                submittingOrganizationId = GlobalId.Encode("Organization", "ld-zxyy-frmz"),
                title = "方舱里的一堂党课",
                body = "发热门诊火线党支部在方舱医院里讲了一堂特别的党课。",
                sectionIds = new[] { GlobalId.Encode("DirectiveSection", "notice-2020-01-29.s2") },
            },
        })).At("submitStory.story");
        var id = submitted.GetProperty("id").GetString();
        var version = submitted.GetProperty("version").GetInt32();
        foreach (var step in new[] { "StartStoryReview", "ApproveStory", "PublishStory" })
        {
            var story = (await RunAsync(step, new { id, expectedVersion = version })).EnumerateObject().Single().Value;
            Assert.Equal(JsonValueKind.Null, story.GetProperty("errors").ValueKind);
            version = story.At("story.version").GetInt32();
        }
        await api.WaitForIndexAsync();

        var found = await RunAsync("SearchArchive", new { query = "方舱 党课" });
        Assert.Equal(4, version);
        Assert.Equal(id, found.At("search.edges.0.node.id").GetString());
        Assert.Contains("<em>", found.At("search.edges.0.highlights").ToString());
    }
}
