using System.Text.Json;
using Dangjian.Api.GraphQL.Relay;
using Dangjian.Core.Access;
using Dangjian.Core.Documents;
using Dangjian.Tests.Support;

namespace Dangjian.Tests.Api;

public sealed class NodeTests : IAsyncLifetime
{
    private readonly ApiHost _api = new();
    private readonly Samples _samples = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task Every_kind_is_fetched_by_its_global_id()
    {
        var org = await _api.InsertAsync(_samples.Organization("市卫健委党组"));
        var directive = await _api.InsertAsync(_samples.Directive(org.Id, "关于动员的通知"));
        var material = await _api.InsertAsync(_samples.StudyMaterial("防范知识"));
        var log = await _api.InsertAsync(_samples.ActivityLog(org.Id, "组织生活"));
        var story = await _api.InsertAsync(_samples.Story(org.Id, "感人事迹"));
        var ids = new[]
        {
            GlobalId.Encode("Organization", org.Id), GlobalId.Encode("Directive", directive.Id), GlobalId.Encode("StudyMaterial", material.Id),
            GlobalId.Encode("ActivityLog", log.Id), GlobalId.Encode("Story", story.Id), GlobalId.Encode("DirectiveSection", directive.Sections[1].Id),
        };

        var data = (await _api.QueryAsync("""
            query($ids: [ID!]!) {
              nodes(ids: $ids) {
                __typename id
                ... on Organization { name }
                ... on Directive { title }
                ... on StudyMaterial { title }
                ... on ActivityLog { title }
                ... on Story { title }
                ... on DirectiveSection { heading number directive { title } }
              }
            }
            """, new { ids })).Ok();

        var nodes = data.GetProperty("nodes").EnumerateArray().ToList();
        Assert.Equal(["Organization", "Directive", "StudyMaterial", "ActivityLog", "Story", "DirectiveSection"], nodes.Select(n => n.GetProperty("__typename").GetString()));
        Assert.Equal(ids, nodes.Select(n => n.GetProperty("id").GetString()));
        Assert.Equal("市卫健委党组", nodes[0].GetProperty("name").GetString());
        Assert.Equal("感人事迹", nodes[4].GetProperty("title").GetString());
        Assert.Equal(2, nodes[5].GetProperty("number").GetInt32());
        Assert.Equal("关于动员的通知", nodes[5].At("directive.title").GetString());
    }

    [Fact]
    public async Task Missing_and_hidden_nodes_are_null_and_bad_ids_are_errors()
    {
        var org = await _api.InsertAsync(_samples.Organization());
        var hidden = await _api.InsertAsync(_samples.Story(org.Id, status: StoryStatus.Rejected));
        var hiddenId = GlobalId.Encode("Story", hidden.Id);

        var missing = await _api.QueryAsync("query($id: ID!) { node(id: $id) { id } }", new { id = GlobalId.Encode("Story", "nope") });
        var asReader = await _api.QueryAsync("query($id: ID!) { node(id: $id) { id } }", new { id = hiddenId });
        var asEditor = await _api.QueryAsync("query($id: ID!) { node(id: $id) { id } }", new { id = hiddenId }, _api.Token(Role.Editor));

        Assert.Equal(JsonValueKind.Null, missing.Ok().GetProperty("node").ValueKind);
        Assert.Equal(JsonValueKind.Null, asReader.Ok().GetProperty("node").ValueKind);
        Assert.Equal(hiddenId, asEditor.Ok().At("node.id").GetString());

        foreach (var bad in new[] { "", "abc", "%%%", GlobalId.Encode("Nonsense", "x"), GlobalId.Encode("Story", "../../etc"), Convert.ToBase64String(new byte[] { 0xff, 0xfe }), new string('A', 5000) })
        {
            var response = await _api.QueryAsync("query($id: ID!) { node(id: $id) { id } }", new { id = bad });
            Assert.Equal(["INVALID_ID"], response.ErrorCodes);
            Assert.Equal(JsonValueKind.Null, response.Data.GetProperty("node").ValueKind);
        }
    }

    [Fact]
    public async Task Nodes_refuses_more_than_a_hundred_ids()
    {
        var ids = Enumerable.Range(0, 101).Select(i => GlobalId.Encode("Story", $"s{i}")).ToArray();

        var response = await _api.QueryAsync("query($ids: [ID!]!) { nodes(ids: $ids) { id } }", new { ids });

        Assert.Equal(["INVALID_ID"], response.ErrorCodes);
    }
}
