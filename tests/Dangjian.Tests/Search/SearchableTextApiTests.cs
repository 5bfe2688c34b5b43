using Dangjian.Core.Documents;
using Dangjian.Tests.Support;

namespace Dangjian.Tests.Search;

/// <summary>
/// What is searched is the text a reader sees (issue 18), over HTTP: story Markdown is neither matched nor shown in
/// fragments, and a directive's contact line and attachment titles are found.
/// </summary>
public sealed class SearchableTextApiTests : IAsyncLifetime
{
    private const string SearchQuery = """
        query ($q: String!) {
          search(query: $q) {
            totalCount
            edges { node { __typename ... on Story { title } ... on Directive { title } } highlights { field fragments } }
          }
        }
        """;

    private readonly ApiHost _api = new();
    private readonly Samples _samples = new();
    private Organization _branch = null!;

    public async ValueTask InitializeAsync()
    {
        _branch = await _api.InsertAsync(_samples.Organization("第一党支部", kind: OrganizationKind.Branch));
    }

    public async ValueTask DisposeAsync() => await _api.DisposeAsync();

    private async Task<System.Text.Json.JsonElement> SearchAsync(string query) =>
        (await _api.QueryAsync(SearchQuery, new { q = query })).Ok().GetProperty("search");

    private static List<string> Fragments(System.Text.Json.JsonElement search) =>
        search.GetProperty("edges").EnumerateArray().SelectMany(e => e.GetProperty("highlights").EnumerateArray())
            .SelectMany(h => h.GetProperty("fragments").EnumerateArray()).Select(f => f.GetString()!).ToList();

    [Fact]
    public async Task Story_fragments_show_the_text_as_read_without_markdown_marks()
    {
        await _api.InsertAsync(_samples.Story(_branch.Id, "社区里的守门人") with
        {
            Body = "## 坚守\n\n护士**王丽**连续值守十天，详见[防控通报](https://example.org/tongbao)。\n\n- 测温登记\n- 入户排查",
        });
        await _api.WaitForIndexAsync();

        var fragments = Fragments(await SearchAsync("王丽"));

        var fragment = Assert.Single(fragments);
        Assert.Contains("护士<em>王丽</em>连续值守十天，详见防控通报。", fragment, StringComparison.Ordinal);
        Assert.DoesNotContain("**", fragment, StringComparison.Ordinal);
        Assert.DoesNotContain("](", fragment, StringComparison.Ordinal);
        Assert.DoesNotContain("example.org", string.Concat(Fragments(await SearchAsync("防控通报"))), StringComparison.Ordinal);
        // The link's address is not text a reader sees, so it is not searched either.
        Assert.Equal(0, (await SearchAsync("tongbao")).GetProperty("totalCount").GetInt32());
    }

    [Fact]
    public async Task A_directives_contact_line_and_attachment_titles_are_searched()
    {
        var issuer = await _api.InsertAsync(_samples.Organization("中共娄底市直属机关工作委员会", kind: OrganizationKind.WorkingCommittee));
        await _api.InsertAsync(_samples.Directive(issuer.Id, "关于开展党员志愿服务的通知") with
        {
            Contact = new ContactDetails { Text = "联系人：李建国，电话：0738-8312345", Phones = ["0738-8312345"], Emails = ["ldjgdj1616@163.com"] },
            Attachments = ["党员志愿服务登记表", "社区报到回执单"],
        });
        await _api.InsertAsync(_samples.Directive(issuer.Id, "关于另一项工作的通知"));
        await _api.WaitForIndexAsync();

        foreach (var query in new[] { "李建国", "0738-8312345", "8312345", "ldjgdj1616@163.com", "报到回执单", "登记表" })
        {
            var search = await SearchAsync(query);
            Assert.True(search.GetProperty("totalCount").GetInt32() == 1, $"{query}: {search}");
            Assert.Equal("关于开展党员志愿服务的通知", search.At("edges.0.node.title").GetString());
        }
        Assert.Contains(Fragments(await SearchAsync("李建国")), f => f.Contains("联系人：<em>李建国</em>", StringComparison.Ordinal));
    }
}
