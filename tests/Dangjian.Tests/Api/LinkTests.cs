using Dangjian.Api.GraphQL.Relay;
using Dangjian.Core.Access;
using Dangjian.Core.Documents;
using Dangjian.Tests.Support;

namespace Dangjian.Tests.Api;

/// <summary>Links resolved as objects, loaded in batches, and filtered by what the caller may see.</summary>
public sealed class LinkTests : IAsyncLifetime
{
    private readonly ApiHost _api = new();
    private readonly Samples _samples = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await _api.DisposeAsync();

    private const string StoriesWithLinks = """
        query($first: Int) {
          stories(first: $first) {
            nodes {
              title
              submittingOrganization { name parent { name } }
              organizations { name }
              sections { number heading directive { title issuer { name } } }
              activityLogs { title organization { name } }
            }
          }
        }
        """;

    [Fact]
    public async Task A_page_of_stories_with_their_links_costs_the_same_store_calls_at_5_and_at_50()
    {
        var root = await _api.InsertAsync(_samples.Organization("机关工委", kind: OrganizationKind.WorkingCommittee));
        var branches = new List<Organization>();
        for (var i = 0; i < 10; i++)
            branches.Add(await _api.InsertAsync(_samples.Organization($"支部{i}", parent: root.Id, kind: OrganizationKind.Branch)));
        var directives = new List<Directive>();
        for (var i = 0; i < 3; i++)
            directives.Add(await _api.InsertAsync(_samples.Directive(root.Id, $"通知{i}", sections: 5)));
        for (var i = 0; i < 50; i++)
        {
            var branch = branches[i % branches.Count];
            var log = await _api.InsertAsync(_samples.ActivityLog(branch.Id, $"活动{i}"));
            var directive = directives[i % directives.Count];
            await _api.InsertAsync(_samples.Story(branch.Id, $"故事{i}", sections: [directive.Sections[i % 5].Id, directive.Sections[(i + 1) % 5].Id]) with
            {
                OrganizationIds = [branch.Id, root.Id],
                ActivityLogIds = [log.Id],
            });
        }

        // The search indexer reads what was just written through the same store; let it finish first.
        await _api.WaitForIndexAsync();

        async Task<int> CallsForAsync(int first)
        {
            _api.Store.Reset();
            var data = (await _api.QueryAsync(StoriesWithLinks, new { first })).Ok();
            var nodes = data.At("stories.nodes");
            Assert.Equal(first, nodes.GetArrayLength());
            Assert.All(nodes.EnumerateArray(), n =>
            {
                Assert.Equal("机关工委", n.At("submittingOrganization.parent.name").GetString());
                Assert.Equal(2, n.GetProperty("sections").GetArrayLength());
                Assert.StartsWith("活动", n.At("activityLogs.0.title").GetString());
            });
            return _api.Store.Reads;
        }

        var small = await CallsForAsync(5);
        var large = await CallsForAsync(50);

        Assert.Equal(small, large);
        // stories; organisations; their parents; directives; their issuers (cached orgs); activity logs; their orgs (cached).
        Assert.True(large <= 6, $"{large} store calls for a page of 50 stories with links");
    }

    [Fact]
    public async Task An_organization_knows_its_parent_ancestors_children_activities_and_stories()
    {
        var root = await _api.InsertAsync(_samples.Organization("中共娄底市直属机关工作委员会", kind: OrganizationKind.WorkingCommittee));
        var unit = await _api.InsertAsync(_samples.Organization("中共娄底市中心医院委员会", parent: root.Id));
        var branch = await _api.InsertAsync(_samples.Organization("发热门诊火线党支部", parent: unit.Id, ancestors: [root.Id, unit.Id], kind: OrganizationKind.FrontLineBranch));
        await _api.InsertAsync(_samples.ActivityLog(branch.Id, "建立火线党支部"));
        await _api.InsertAsync(_samples.Story(branch.Id, "火线上的党旗"));

        var data = (await _api.QueryAsync("""
            query($id: ID!) {
              node(id: $id) {
                ... on Organization {
                  name kind temporary
                  parent { name }
                  ancestors { name }
                  activityLogs { totalCount nodes { title } }
                  stories { nodes { title } }
                }
              }
              organizations(where: { kind: { eq: WORKING_COMMITTEE } }) { nodes { children { nodes { name } } } }
            }
            """, new { id = GlobalId.Encode("Organization", branch.Id) })).Ok();

        var node = data.GetProperty("node");
        Assert.Equal("FRONT_LINE_BRANCH", node.GetProperty("kind").GetString());
        Assert.True(node.GetProperty("temporary").GetBoolean());
        Assert.Equal("中共娄底市中心医院委员会", node.At("parent.name").GetString());
        Assert.Equal(["中共娄底市直属机关工作委员会", "中共娄底市中心医院委员会"], node.GetProperty("ancestors").Strings("name"));
        Assert.Equal(1, node.At("activityLogs.totalCount").GetInt32());
        Assert.Equal("火线上的党旗", node.At("stories.nodes.0.title").GetString());
        Assert.Equal(["中共娄底市中心医院委员会"], data.At("organizations.nodes.0.children.nodes").Strings("name"));
    }

    [Fact]
    public async Task A_directive_section_lists_the_activities_and_stories_linked_to_it()
    {
        var org = await _api.InsertAsync(_samples.Organization());
        var directive = await _api.InsertAsync(_samples.Directive(org.Id, sections: 3));
        var s2 = directive.Sections[1].Id;
        await _api.InsertAsync(_samples.ActivityLog(org.Id, "网格值守", sections: [s2]));
        await _api.InsertAsync(_samples.ActivityLog(org.Id, "别的活动", sections: [directive.Sections[0].Id]));
        await _api.InsertAsync(_samples.Story(org.Id, "网格员的故事", sections: [s2]));
        await _api.InsertAsync(_samples.Story(org.Id, "未发布的故事", StoryStatus.InReview, sections: [s2]));

        var data = (await _api.QueryAsync("""
            { directives { nodes { title issuedOn addressees issuer { name }
                sections { id number heading activityLogs { nodes { title } } stories { totalCount nodes { title } } } } } }
            """)).Ok();

        var sections = data.At("directives.nodes.0.sections");
        Assert.Equal(3, sections.GetArrayLength());
        Assert.Equal("2020-01-29", data.At("directives.nodes.0.issuedOn").GetString());
        Assert.Equal(["网格值守"], sections[1].At("activityLogs.nodes").Strings("title"));
        // The unpublished story is not counted for an anonymous reader.
        Assert.Equal(1, sections[1].At("stories.totalCount").GetInt32());
        Assert.Equal(["网格员的故事"], sections[1].At("stories.nodes").Strings("title"));
        Assert.Equal(2, (await _api.QueryAsync("{ directives { nodes { sections { stories { totalCount } } } } }", token: _api.Token(Role.Editor))).Ok()
            .At("directives.nodes.0.sections.1.stories.totalCount").GetInt32());
    }

    [Fact]
    public async Task Links_to_documents_a_reader_may_not_see_drop_out()
    {
        var org = await _api.InsertAsync(_samples.Organization());
        var draft = await _api.InsertAsync(_samples.Directive(org.Id, "草拟中的通知", DirectiveStatus.Draft));
        await _api.InsertAsync(_samples.Story(org.Id, "引用草稿的故事", sections: [draft.Sections[0].Id]));
        var archived = await _api.InsertAsync(_samples.StudyMaterial("已归档资料", StudyMaterialStatus.Archived));
        await _api.InsertAsync(_samples.ActivityLog(org.Id, "学习") with { StudyMaterialIds = [archived.Id] });

        var reader = (await _api.QueryAsync("{ stories { nodes { sections { heading } } } activityLogs { nodes { studyMaterials { title } } } }")).Ok();
        var editor = (await _api.QueryAsync("{ stories { nodes { sections { heading } } } activityLogs { nodes { studyMaterials { title } } } }", token: _api.Token(Role.Editor))).Ok();

        Assert.Equal(0, reader.At("stories.nodes.0.sections").GetArrayLength());
        Assert.Equal(0, reader.At("activityLogs.nodes.0.studyMaterials").GetArrayLength());
        Assert.Equal(1, editor.At("stories.nodes.0.sections").GetArrayLength());
        Assert.Equal(1, editor.At("activityLogs.nodes.0.studyMaterials").GetArrayLength());
    }
}
