using Dangjian.Core.Search;
using Dangjian.Tests.Support;

namespace Dangjian.Tests.Search;

/// <summary>
/// Synonyms and abbreviations (issue 18) over HTTP: the curated list a new installation starts with, an editor's
/// change to the file taking effect on the next search without a restart, and the expansions shown in the response.
/// </summary>
public sealed class SynonymApiTests : IAsyncLifetime
{
    private const string SearchQuery = """
        query ($q: String!) {
          search(query: $q) {
            totalCount
            expansions { term synonyms }
            edges { node { ... on StudyMaterial { title } } highlights { field fragments } }
          }
        }
        """;

    private readonly ApiHost _api = new();
    private readonly Samples _samples = new();

    public async ValueTask InitializeAsync()
    {
        await _api.InsertAsync(_samples.StudyMaterial("防控知识") with { Body = "预防新型冠状病毒感染的肺炎，要戴口罩。" });
        await _api.InsertAsync(_samples.StudyMaterial("社区工作") with { Body = "网格管理员每天走访住户。" });
        await _api.WaitForIndexAsync();
    }

    public async ValueTask DisposeAsync() => await _api.DisposeAsync();

    private async Task<System.Text.Json.JsonElement> SearchAsync(string query) =>
        (await _api.QueryAsync(SearchQuery, new { q = query })).Ok().GetProperty("search");

    [Fact]
    public async Task An_abbreviation_finds_its_full_form_and_says_so()
    {
        var search = await SearchAsync("新冠");

        Assert.Equal(1, search.GetProperty("totalCount").GetInt32());
        Assert.Equal("防控知识", search.At("edges.0.node.title").GetString());
        Assert.Equal("新冠", search.At("expansions.0.term").GetString());
        var synonyms = search.At("expansions.0.synonyms").EnumerateArray().Select(s => s.GetString()).ToList();
        Assert.Contains("新型冠状病毒感染的肺炎", synonyms);
        Assert.Contains("COVID-19", synonyms);
        Assert.Contains(search.At("edges.0.highlights").EnumerateArray().SelectMany(h => h.GetProperty("fragments").EnumerateArray()),
            f => f.GetString()!.Contains("<em>新型冠状病毒感染的肺炎</em>", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Latin_forms_compare_in_any_case_and_a_quoted_phrase_is_never_expanded()
    {
        Assert.Equal(1, (await SearchAsync("covid-19")).GetProperty("totalCount").GetInt32());

        var quoted = await SearchAsync("\"新冠\"");
        Assert.Equal(0, quoted.GetProperty("totalCount").GetInt32());
        Assert.Equal(0, quoted.GetProperty("expansions").GetArrayLength());
    }

    [Fact]
    public async Task An_editors_change_to_the_list_applies_to_the_next_search_without_a_restart()
    {
        var path = Path.Combine(_api.DataDirectory, "synonyms.txt");
        Assert.Equal(0, (await SearchAsync("网格员")).GetProperty("totalCount").GetInt32());
        Assert.True(File.Exists(path)); // created with the curated list when search first runs

        await File.AppendAllTextAsync(path, "\n网格员，网格管理员  # added by an editor\n", TestContext.Current.CancellationToken);
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddSeconds(5));

        var search = await SearchAsync("网格员");
        Assert.Equal(1, search.GetProperty("totalCount").GetInt32());
        Assert.Equal(["网格管理员"], search.At("expansions.0.synonyms").EnumerateArray().Select(s => s.GetString()));
    }

    [Fact]
    public void Odd_lines_in_the_list_are_ignored_and_a_form_in_two_groups_stands_for_both()
    {
        var list = SynonymList.Parse("# comment\n\n单独\n,,，\n甲, 乙\r\n乙，丙 # note\n" + new string('长', 10_000) + ", 短");

        Assert.Empty(list.AlternativesOf("单独"));
        Assert.Equal(["乙"], list.AlternativesOf("甲"));
        Assert.Equal(["甲", "丙"], list.AlternativesOf("乙"));
        Assert.Equal(["短"], list.AlternativesOf(new string('长', 10_000)));
    }
}
