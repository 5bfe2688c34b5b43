using Dangjian.Core.Documents;
using Dangjian.Tests.Support;

namespace Dangjian.Tests.Search;

/// <summary>Highlighted fragments as a reader sees them (issue 18), over HTTP: cut edges marked, nothing split.</summary>
public sealed class FragmentApiTests : IAsyncLifetime
{
    private const string SearchQuery = """
        query ($q: String!) { search(query: $q) { edges { highlights { field fragments } } } }
        """;

    private readonly ApiHost _api = new();
    private readonly Samples _samples = new();

    public async ValueTask InitializeAsync() => await Task.CompletedTask;

    public async ValueTask DisposeAsync() => await _api.DisposeAsync();

    private async Task<List<string>> FragmentsAsync(string query) =>
        (await _api.QueryAsync(SearchQuery, new { q = query })).Ok().At("search.edges").EnumerateArray()
            .SelectMany(e => e.GetProperty("highlights").EnumerateArray())
            .Where(h => h.GetProperty("field").GetString() == "TEXT")
            .SelectMany(h => h.GetProperty("fragments").EnumerateArray()).Select(f => f.GetString()!).ToList();

    [Fact]
    public async Task A_fragment_cut_out_of_a_longer_text_is_marked_with_an_ellipsis_at_each_cut_edge()
    {
        var before = string.Concat(Enumerable.Repeat("党员干部坚守岗位服务群众", 20));
        await _api.InsertAsync(_samples.StudyMaterial("长文") with { Body = before + "网格员" + before });
        await _api.InsertAsync(_samples.StudyMaterial("短文") with { Body = "社区网格员" });
        await _api.WaitForIndexAsync();

        var fragments = await FragmentsAsync("网格员");

        var cut = Assert.Single(fragments, f => f.Length > 20);
        Assert.StartsWith("…", cut, StringComparison.Ordinal);
        Assert.EndsWith("…", cut, StringComparison.Ordinal);
        Assert.Contains("<em>网格员</em>", cut, StringComparison.Ordinal);
        Assert.Contains("社区<em>网格员</em>", fragments); // the whole text: nothing cut, no ellipsis
    }

    [Fact]
    public async Task A_cut_never_splits_a_character_outside_the_basic_plane()
    {
        // U+20000 is two UTF-16 units: an odd number of units before the match puts a naive cut inside one.
        var rare = string.Concat(Enumerable.Repeat("\U00020000", 201));
        await _api.InsertAsync(_samples.StudyMaterial("生僻字") with { Body = rare + "甲网格员" + rare });
        await _api.WaitForIndexAsync();

        var fragment = Assert.Single(await FragmentsAsync("网格员"));

        Assert.DoesNotContain('\uFFFD', fragment);
        for (var i = 0; i < fragment.Length; i++)
        {
            if (char.IsHighSurrogate(fragment[i]))
                Assert.True(i + 1 < fragment.Length && char.IsLowSurrogate(fragment[++i]), $"a split character at {i}");
            else
                Assert.False(char.IsLowSurrogate(fragment[i]), $"a split character at {i}");
        }
        Assert.Contains("<em>网格员</em>", fragment, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_directive_hit_says_which_section_matched_with_its_number_heading_and_anchor()
    {
        var issuer = await _api.InsertAsync(_samples.Organization("中共娄底市直属机关工作委员会", kind: OrganizationKind.WorkingCommittee));
        var directive = _samples.Directive(issuer.Id, title: "关于加强基层组织建设的通知", sections: 3);
        directive = directive with
        {
            Sections = directive.Sections.Select(s => s.Number == 2 ? s with { Heading = "在联防联控中作表率", Body = "党员要参与社区网格员值守。" } : s).ToList(),
        };
        await _api.InsertAsync(directive);
        await _api.InsertAsync(_samples.StudyMaterial("社区工作") with { Body = "网格员每天走访。" });
        await _api.WaitForIndexAsync();

        const string query = """
            query ($q: String!) { search(query: $q) { edges { node { __typename } section { number heading anchor } } } }
            """;
        var edges = (await _api.QueryAsync(query, new { q = "网格员" })).Ok().At("search.edges").EnumerateArray().ToList();

        var hit = Assert.Single(edges, e => e.At("node.__typename").GetString() == "Directive");
        Assert.Equal(2, hit.At("section.number").GetInt32());
        Assert.Equal("在联防联控中作表率", hit.At("section.heading").GetString());
        Assert.Equal("section-2", hit.At("section.anchor").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, Assert.Single(edges, e => e.At("node.__typename").GetString() == "StudyMaterial").GetProperty("section").ValueKind);
    }

    [Fact]
    public async Task A_study_material_hit_says_which_part_matched_with_its_number_heading_and_anchor()
    {
        await _api.InsertAsync(_samples.StudyMaterial("联防联控学习要点") with
        {
            Summary = "机关党员学习用。",
            Body = "各支部结合实际组织学习。\n\n一、提高政治站位。党员要带头遵守防控规定。\n\n二、下沉社区报到：机关党员到居住地社区担任网格员，入户排查。\n\n## 做好个人防护\n\n外出佩戴口罩。",
        });
        await _api.InsertAsync(_samples.StudyMaterial("没有分部分的材料") with { Body = "网格员每天走访。" });
        await _api.WaitForIndexAsync();

        const string query = """
            query ($q: String!) { search(query: $q) { edges { node { ... on StudyMaterial { title } } part { number heading anchor } } } }
            """;
        async Task<List<System.Text.Json.JsonElement>> EdgesAsync(string q) =>
            (await _api.QueryAsync(query, new { q })).Ok().At("search.edges").EnumerateArray().ToList();

        var edges = await EdgesAsync("网格员");
        var parted = Assert.Single(edges, e => e.At("node.title").GetString() == "联防联控学习要点");
        Assert.Equal(2, parted.At("part.number").GetInt32());
        Assert.Equal("下沉社区报到", parted.At("part.heading").GetString());
        Assert.Equal("part-2", parted.At("part.anchor").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, Assert.Single(edges, e => e.At("node.title").GetString() == "没有分部分的材料").GetProperty("part").ValueKind);

        var markdownPart = Assert.Single(await EdgesAsync("口罩"));
        Assert.Equal(3, markdownPart.At("part.number").GetInt32());
        Assert.Equal("做好个人防护", markdownPart.At("part.heading").GetString());
        // In the lead before the first part, or the summary: no part.
        Assert.Equal(System.Text.Json.JsonValueKind.Null, Assert.Single(await EdgesAsync("结合实际")).GetProperty("part").ValueKind);
    }
}
