using Dangjian.Core.Access;
using Dangjian.Core.Documents;
using Dangjian.Tests.Support;

namespace Dangjian.Tests.Search;

/// <summary>
/// "Did you mean" for near misses (issue 18), over HTTP: the likely word from the archive's own vocabulary, offered on
/// zero or few results, and never taken from documents the caller may not see.
/// </summary>
public sealed class SuggestionApiTests : IAsyncLifetime
{
    private const string SearchQuery = """
        query ($q: String!) {
          search(query: $q) { totalCount suggestion { query totalCount corrections { from to } } }
        }
        """;

    private readonly ApiHost _api = new();
    private readonly Samples _samples = new();
    private Organization _branch = null!;

    public async ValueTask InitializeAsync()
    {
        _branch = await _api.InsertAsync(_samples.Organization("第一党支部", kind: OrganizationKind.Branch));
        await _api.InsertAsync(_samples.StudyMaterial("学习重要指示精神") with { Body = "深入学习习近平总书记关于疫情防控的重要指示精神。" });
        await _api.InsertAsync(_samples.StudyMaterial("联防联控工作要点") with { Body = "坚持联防联控、群防群治，社区网格员入户排查。" });
        await _api.InsertAsync(_samples.StudyMaterial("网格化管理") with { Body = "每个楼栋配备一名网格员，网格员每天走访。" });
        await _api.InsertAsync(_samples.StudyMaterial("近平路社区简介") with { Body = "近平路社区位于城区东部。" });
        // Only in a story still in review: an anonymous reader must not be led to it.
        await _api.InsertAsync(_samples.Story(_branch.Id, "待审的故事", StoryStatus.InReview) with { Body = "支部书记赵德胜带队排查。" });
        await _api.WaitForIndexAsync();
    }

    public async ValueTask DisposeAsync() => await _api.DisposeAsync();

    private async Task<System.Text.Json.JsonElement> SearchAsync(string query, string? token = null) =>
        (await _api.QueryAsync(SearchQuery, new { q = query }, token)).Ok().GetProperty("search");

    [Theory]
    [InlineData("习进平", "习近平")]
    [InlineData("联防连控", "联防联控")]
    [InlineData("网格圆", "网格员")]
    public async Task A_near_miss_that_finds_nothing_suggests_the_word_the_archive_holds(string typed, string meant)
    {
        var search = await SearchAsync(typed);

        Assert.Equal(0, search.GetProperty("totalCount").GetInt32());
        Assert.Equal(meant, search.At("suggestion.query").GetString());
        Assert.Equal(typed, search.At("suggestion.corrections.0.from").GetString());
        Assert.Equal(meant, search.At("suggestion.corrections.0.to").GetString());
        Assert.Equal((await SearchAsync(meant)).GetProperty("totalCount").GetInt32(), search.At("suggestion.totalCount").GetInt32());
    }

    [Fact]
    public async Task Only_the_misspelt_word_of_a_longer_query_is_corrected()
    {
        var search = await SearchAsync("网格圆 走访");

        Assert.Equal("网格员 走访", search.At("suggestion.query").GetString());
        Assert.Equal(1, search.At("suggestion.totalCount").GetInt32());
        Assert.Equal(1, search.At("suggestion.corrections").GetArrayLength());
    }

    [Fact]
    public async Task A_query_with_enough_results_gets_no_suggestion()
    {
        var search = await SearchAsync("网格员");

        Assert.Equal(2, search.GetProperty("totalCount").GetInt32());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, search.GetProperty("suggestion").ValueKind);
    }

    [Fact]
    public async Task A_word_only_hidden_documents_hold_is_suggested_to_an_editor_but_never_to_an_anonymous_reader()
    {
        var anonymous = await SearchAsync("赵德盛");
        Assert.Equal(0, anonymous.GetProperty("totalCount").GetInt32());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, anonymous.GetProperty("suggestion").ValueKind);

        var editor = await SearchAsync("赵德盛", _api.Token(Role.Editor));
        Assert.Equal("赵德胜", editor.At("suggestion.query").GetString());
        Assert.Equal(1, editor.At("suggestion.totalCount").GetInt32());
    }

    [Theory]
    [InlineData("\"\"\"")]
    [InlineData("习")]
    [InlineData("COVID-19")]
    [InlineData("-习进平 OR")]
    public async Task Hostile_or_unfit_queries_get_no_suggestion_and_no_error(string query)
    {
        var response = await _api.QueryAsync(SearchQuery, new { q = query });
        if (response.Errors.Count > 0)
            Assert.Equal(["INVALID_QUERY"], response.ErrorCodes);
        else
            Assert.Equal(System.Text.Json.JsonValueKind.Null, response.Ok().At("search.suggestion").ValueKind);
    }
}
