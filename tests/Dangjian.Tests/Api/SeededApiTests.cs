using System.Text.Json;
using Dangjian.Api.GraphQL.Operations;
using Dangjian.Core.Access;
using Dangjian.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Dangjian.Tests.Api;

/// <summary>A fresh server on the repository's seed data: what the README promises a new user sees.</summary>
public sealed class SeededApiTests
{
    [Fact]
    public async Task The_readme_operations_return_the_seed_data()
    {
        await using var api = new ApiHost(seed: true);
        var operations = api.Services.GetRequiredService<OperationCatalog>().Operations.ToDictionary(o => o.Name);

        async Task<JsonElement> RunAsync(string name, object? variables = null) =>
            (await api.QueryAsync(operations[name].Text, variables)).Ok();

        var directives = await RunAsync("DirectivesWithSections");
        var notice = directives.At("directives.nodes").EnumerateArray().Single(d => d.GetProperty("title").GetString()!.Contains("作表率", StringComparison.Ordinal));
        Assert.Equal("2020-01-29", notice.GetProperty("issuedOn").GetString());
        Assert.Equal("中共娄底市直属机关工作委员会", notice.At("issuer.name").GetString());
        Assert.Equal(["在政治坚定狠抓落实上作表率", "在敢战敢胜能战能胜上作表率", "在联防联控群防群治上作表率", "在以身作则率先垂范上作表率", "在监督约束激励保障上作表率"],
            notice.GetProperty("sections").Strings("heading"));
        Assert.All(notice.GetProperty("sections").EnumerateArray(), s => Assert.True(s.At("activityLogs.totalCount").GetInt32() >= 1));

        var stories = await RunAsync("FrontLineStories");
        Assert.True(stories.At("stories.totalCount").GetInt32() >= 1);
        Assert.All(stories.At("stories.nodes").EnumerateArray(), s => Assert.Equal("PUBLISHED", s.GetProperty("status").GetString()));

        var tree = await RunAsync("OrganizationTree");
        var units = tree.At("organizations.nodes.0.children.nodes");
        Assert.True(units.GetArrayLength() >= 6);
        Assert.Contains(units.EnumerateArray().SelectMany(u => u.At("children.nodes").EnumerateArray()), b => b.GetProperty("temporary").GetBoolean());

        var storyId = stories.At("stories.nodes.0.id").GetString();
        var story = await RunAsync("StoryById", new { id = storyId });
        Assert.False(string.IsNullOrEmpty(story.At("node.bodyHtml").GetString()));
    }

    [Fact]
    public async Task The_seed_has_every_story_status_and_readers_see_only_the_published()
    {
        await using var api = new ApiHost(seed: true);
        var editor = (await api.QueryAsync("{ stories(first: 100) { totalCount nodes { status } } }", token: api.Token(Role.Editor))).Ok();
        var reader = (await api.QueryAsync("{ stories(first: 100) { totalCount nodes { status } } }")).Ok();

        var statuses = editor.At("stories.nodes").Strings("status").Distinct().Order().ToList();
        Assert.Equal(["APPROVED", "ARCHIVED", "CHANGES_REQUESTED", "IN_REVIEW", "PUBLISHED", "REJECTED", "SUBMITTED"], statuses);
        Assert.True(editor.At("stories.totalCount").GetInt32() >= 20);
        Assert.Equal(["PUBLISHED"], reader.At("stories.nodes").Strings("status").Distinct());
        Assert.True(reader.At("stories.totalCount").GetInt32() < editor.At("stories.totalCount").GetInt32());
    }

    [Fact]
    public async Task The_server_seeds_an_empty_store_once()
    {
        using var data = new TempDirectory();
        long firstSequence;
        int firstCount;
        await using (var first = new ApiHost(seed: true, dataDirectory: data.Path))
        {
            firstSequence = await first.Store.GetLastSequenceAsync(TestContext.Current.CancellationToken);
            firstCount = (await first.QueryAsync("{ organizations { totalCount } }")).Ok().At("organizations.totalCount").GetInt32();
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        await using var second = new ApiHost(seed: true, dataDirectory: data.Path);
        Assert.True(firstSequence > 0);
        Assert.Equal(firstSequence, await second.Store.GetLastSequenceAsync(TestContext.Current.CancellationToken));
        Assert.Equal(firstCount, (await second.QueryAsync("{ organizations { totalCount } }")).Ok().At("organizations.totalCount").GetInt32());
    }
}
