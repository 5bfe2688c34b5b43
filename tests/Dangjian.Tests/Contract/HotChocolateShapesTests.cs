using Dangjian.Api.GraphQL.Relay;
using Dangjian.Core.Access;
using Dangjian.Core.Documents;
using Dangjian.Core.Storage;
using Dangjian.Tests.Support;

namespace Dangjian.Tests.Contract;

/// <summary>
/// Over HTTP, the shapes issue 14 added for clients written against a HotChocolate server: the scalar fields that
/// could be neither filtered nor sorted (summary, body, preamble, closing, temporary, version) in the lists' where and
/// order, with visibility still applied, and connection types named after their field (Organization.children →
/// ChildrenConnection).
/// </summary>
public sealed class HotChocolateShapesTests : IAsyncLifetime
{
    private readonly ApiHost _api = new();
    private readonly Samples _samples = new();
    private string _editor = "";
    private Organization _committee = null!;
    private Organization _front = null!;
    private Story _edited = null!;

    public async ValueTask InitializeAsync()
    {
        _editor = _api.Token(Role.Editor);
        _committee = await _api.InsertAsync(_samples.Organization("机关工委", kind: OrganizationKind.WorkingCommittee));
        _front = await _api.InsertAsync(_samples.Organization("方舱医院火线党支部", _committee.Id, kind: OrganizationKind.FrontLineBranch));
        await _api.InsertAsync(_samples.Organization("第一党支部", _committee.Id, kind: OrganizationKind.Branch));
        _edited = await _api.InsertAsync(_samples.Story(_front.Id, "改过的故事") with { Body = "党员医护人员坚守**发热门诊**。", Summary = "坚守一线" });
        await _api.InsertAsync(_samples.Story(_front.Id, "没改的故事") with { Body = "社区网格员挨家挨户排查。", Summary = "" });
        // A draft whose body matches too: a reader never finds it through the filter.
        await _api.InsertAsync(_samples.Story(_front.Id, "待审的故事", StoryStatus.Submitted) with { Body = "发热门诊的夜班。" });
        var update = await _api.Store.CommitAsync(new Commit(new DocumentWrite(_edited with { Title = "改过的故事（二稿）" }, 1, "update"), new ChangeAuthor("test", "ADMIN")), Ct);
        _edited = (Story)Assert.IsType<CommitResult.Committed>(update).Documents[0];
        await _api.InsertAsync(_samples.Directive(_committee.Id, "关于坚决打赢疫情防控阻击战的通知") with { Preamble = "为贯彻落实上级部署，现通知如下。", Closing = "特此通知。" });
        await _api.InsertAsync(_samples.Directive(_committee.Id, "关于开展学习的意见") with { Closing = null });
    }

    public async ValueTask DisposeAsync() => await _api.DisposeAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<List<string>> TitlesAsync(string list, string arguments, string? token = null, string title = "title") =>
        (await _api.QueryAsync($"{{ {list}({arguments}) {{ nodes {{ {title} }} }} }}", token: token)).Ok().At($"{list}.nodes").Strings(title);

    [Fact]
    public async Task Long_text_filters_as_stored_and_visibility_still_applies()
    {
        Assert.Equal(["改过的故事（二稿）"], await TitlesAsync("stories", "where: { body: { contains: \"发热门诊\" } }"));
        Assert.Equal(["改过的故事（二稿）", "待审的故事"], await TitlesAsync("stories", "where: { body: { contains: \"发热门诊\" } }", _editor));
        // The stored text, Markdown marks included: a filter is not a search.
        Assert.Equal(["改过的故事（二稿）"], await TitlesAsync("stories", "where: { body: { contains: \"**发热门诊**\" } }"));
        Assert.Equal(["没改的故事"], await TitlesAsync("stories", "where: { summary: { eq: \"\" } }"));
        Assert.Equal(["改过的故事（二稿）"], await TitlesAsync("stories", "where: { summary: { startsWith: \"坚守\" }, or: [{ body: { endsWith: \"。\" } }] }"));
        Assert.Equal(["关于坚决打赢疫情防控阻击战的通知"], await TitlesAsync("directives", "where: { preamble: { contains: \"贯彻落实\" } }"));
        Assert.Equal(["关于开展学习的意见"], await TitlesAsync("directives", "where: { closing: { eq: null } }"));
        Assert.Equal(["关于开展学习的意见"], await TitlesAsync("directives", "where: { closing: { ncontains: \"通知\" } }"));
        var total = (await _api.QueryAsync("{ directives(where: { closing: { endsWith: \"通知。\" } }) { totalCount } }")).Ok();
        Assert.Equal(1, total.At("directives.totalCount").GetInt32());
        // Below a document too: the same where on a related list.
        var related = (await _api.QueryAsync($$"""{ node(id: "{{GlobalId.Encode("Organization", _front.Id)}}") { ... on Organization { stories(where: { body: { contains: "网格员" } }) { nodes { title } } } } }""")).Ok();
        Assert.Equal(["没改的故事"], related.At("node.stories.nodes").Strings("title"));
    }

    [Fact]
    public async Task Version_and_temporary_filter_sort_and_page_with_cursors()
    {
        Assert.Equal(["改过的故事（二稿）"], await TitlesAsync("stories", "where: { version: { gt: 1 } }"));
        Assert.Equal(["改过的故事（二稿）", "没改的故事"], await TitlesAsync("stories", "order: [{ version: DESC }, { title: ASC }]"));
        Assert.Equal(["方舱医院火线党支部"], await TitlesAsync("organizations", "where: { temporary: { eq: true } }", title: "name"));
        Assert.Equal(["方舱医院火线党支部", "机关工委", "第一党支部"], await TitlesAsync("organizations", "order: [{ temporary: DESC }, { createdAt: ASC }]", title: "name"));

        // Keyset paging on the version, forwards and back.
        const string Page = "query($after: String, $before: String, $first: Int, $last: Int) { stories(first: $first, after: $after, last: $last, before: $before, order: [{ version: DESC }]) { nodes { title version } pageInfo { endCursor startCursor hasNextPage } } }";
        var first = (await _api.QueryAsync(Page, new { first = 1 })).Ok().GetProperty("stories");
        Assert.Equal(2, first.At("nodes.0.version").GetInt32());
        Assert.True(first.At("pageInfo.hasNextPage").GetBoolean());
        var second = (await _api.QueryAsync(Page, new { first = 1, after = first.At("pageInfo.endCursor").GetString() })).Ok().GetProperty("stories");
        Assert.Equal(["没改的故事"], second.GetProperty("nodes").Strings("title"));
        var back = (await _api.QueryAsync(Page, new { last = 1, before = second.At("pageInfo.startCursor").GetString() })).Ok().GetProperty("stories");
        Assert.Equal(["改过的故事（二稿）"], back.GetProperty("nodes").Strings("title"));
    }

    [Fact]
    public async Task What_long_text_cannot_do_is_refused()
    {
        // Not sortable: the sort input has no such field (GraphQL validation), nor does the list take a range on text.
        Assert.NotEmpty((await _api.QueryAsync("{ stories(order: [{ body: ASC }]) { totalCount } }")).ErrorCodes);
        Assert.NotEmpty((await _api.QueryAsync("{ directives(order: [{ preamble: DESC }]) { totalCount } }")).ErrorCodes);
        Assert.NotEmpty((await _api.QueryAsync("{ stories(where: { body: { gt: \"a\" } }) { totalCount } }")).ErrorCodes);
        // A value longer than any filter takes, and one of the wrong type.
        var longText = new string('疫', 1_001);
        Assert.Equal(["INVALID_FILTER"], (await _api.QueryAsync("query($t: String) { stories(where: { body: { contains: $t } }) { totalCount } }", new { t = longText })).ErrorCodes);
        Assert.NotEmpty((await _api.QueryAsync("{ stories(where: { version: { eq: \"2\" } }) { totalCount } }")).ErrorCodes);
        Assert.NotEmpty((await _api.QueryAsync("{ organizations(where: { temporary: { eq: \"yes\" } }) { totalCount } }")).ErrorCodes);
        // Text that looks like a pattern is text.
        Assert.Empty(await TitlesAsync("stories", "where: { body: { contains: \".*\" } }", _editor));
        Assert.Empty(await TitlesAsync("stories", "where: { body: { contains: \"%\" } }", _editor));
    }

    [Fact]
    public async Task Organization_children_is_a_children_connection_named_after_its_field()
    {
        var data = (await _api.QueryAsync("""
            {
              organizations(where: { parentId: { eq: null } }) {
                __typename
                edges { __typename }
                nodes { children(first: 5, order: [{ name: ASC }]) { __typename totalCount edges { __typename node { name } } } stories { __typename } }
              }
            }
            """)).Ok();

        Assert.Equal("OrganizationsConnection", data.At("organizations.__typename").GetString());
        Assert.Equal("OrganizationsEdge", data.At("organizations.edges.0.__typename").GetString());
        var children = data.At("organizations.nodes.0.children");
        Assert.Equal("ChildrenConnection", children.GetProperty("__typename").GetString());
        Assert.Equal("ChildrenEdge", children.At("edges.0.__typename").GetString());
        Assert.Equal(2, children.GetProperty("totalCount").GetInt32());
        Assert.Equal("StoriesConnection", data.At("organizations.nodes.0.stories.__typename").GetString());
    }

    [Fact]
    public void A_connection_field_not_named_as_its_kind_must_say_its_name()
    {
        var type = new GraphQL.Types.ObjectGraphType<object?> { Name = "Query" };

        // HotChocolate would call it FeaturedStoriesConnection; sharing StoriesConnection would differ from it silently.
        var refused = Assert.Throws<InvalidOperationException>(() =>
            type.Connection<object?, Dangjian.Api.Features.Stories.StoryGraphType, Story>("featuredStories", "Featured stories."));
        Assert.Contains("FeaturedStoriesConnection", refused.Message, StringComparison.Ordinal);
        type.Connection<object?, Dangjian.Api.Features.Stories.StoryGraphType, Story>("stories", "Stories.");
        Assert.NotNull(type.GetField("stories"));
    }
}
