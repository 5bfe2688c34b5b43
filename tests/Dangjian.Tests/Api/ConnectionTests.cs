using System.Net;
using System.Text.Json;
using Dangjian.Api.GraphQL.Relay;
using Dangjian.Core.Access;
using Dangjian.Core.Documents;
using Dangjian.Tests.Support;

namespace Dangjian.Tests.Api;

/// <summary>Filtering, sorting and cursor paging through POST /graphql, in the shapes a HotChocolate server answers.</summary>
public sealed class ConnectionTests : IAsyncLifetime
{
    private readonly ApiHost _api = new();
    private readonly Samples _samples = new();
    private string _editor = "";
    private Organization _hospital = null!;
    private Organization _police = null!;
    private List<Story> _stories = [];

    public async ValueTask InitializeAsync()
    {
        _editor = _api.Token(Role.Editor);
        _hospital = await _api.InsertAsync(_samples.Organization("中共娄底市中心医院委员会"));
        _police = await _api.InsertAsync(_samples.Organization("中共娄底市公安局委员会", sector: "公安"));
        var day = new DateTimeOffset(2020, 2, 1, 9, 0, 0, TimeSpan.FromHours(8));
        // Seven stories: titles 故事1…故事7, one a day; odd ones from the hospital; 3 and 6 still submitted.
        for (var i = 1; i <= 7; i++)
        {
            var status = i % 3 == 0 ? StoryStatus.Submitted : StoryStatus.Published;
            _stories.Add(await _api.InsertAsync(_samples.Story(i % 2 == 1 ? _hospital.Id : _police.Id, $"故事{i}", status,
                submittedAt: day.AddDays(i), publishedAt: status == StoryStatus.Published ? day.AddDays(i + 1) : null,
                tags: i <= 2 ? ["网格员", "防控"] : ["防控"])));
        }
    }

    public async ValueTask DisposeAsync() => await _api.DisposeAsync();

    private async Task<List<string>> TitlesAsync(string arguments, string? token = null)
    {
        var data = (await _api.QueryAsync($"{{ stories({arguments}) {{ nodes {{ title }} }} }}", token: token ?? _editor)).Ok();
        return data.At("stories.nodes").Strings("title");
    }

    [Fact]
    public async Task Eq_in_contains_and_gte_filter_like_hotchocolate()
    {
        Assert.Equal(["故事3", "故事6"], await TitlesAsync("where: { status: { eq: SUBMITTED } }"));
        Assert.Equal(["故事1", "故事3", "故事6"], await TitlesAsync("where: { title: { in: [\"故事1\", \"故事3\", \"故事6\"] } }"));
        Assert.Equal(["故事5"], await TitlesAsync("where: { title: { contains: \"5\" } }"));
        Assert.Equal(["故事5", "故事6", "故事7"], await TitlesAsync("where: { submittedAt: { gte: \"2020-02-06T09:00:00+08:00\" } }"));
        Assert.Equal(["故事1", "故事2"], await TitlesAsync("where: { tags: { some: { eq: \"网格员\" } } }"));
        Assert.Equal(["故事3", "故事6"], await TitlesAsync("where: { publishedAt: { eq: null } }"));
        Assert.Equal(["故事1", "故事2", "故事4", "故事5", "故事7"], await TitlesAsync("where: { status: { neq: SUBMITTED } }"));
    }

    [Fact]
    public async Task And_and_or_combine_filters()
    {
        var hospital = GlobalId.Encode("Organization", _hospital.Id);
        Assert.Equal(["故事3"], await TitlesAsync($"where: {{ and: [{{ submittingOrganizationId: {{ eq: \"{hospital}\" }} }}, {{ status: {{ eq: SUBMITTED }} }}] }}"));
        Assert.Equal(["故事1", "故事6", "故事7"], await TitlesAsync("where: { or: [{ title: { eq: \"故事1\" } }, { submittedAt: { gt: \"2020-02-07T00:00:00Z\" } }] }"));
        Assert.Equal(["故事6"], await TitlesAsync("where: { or: [{ title: { eq: \"故事1\" } }, { title: { eq: \"故事6\" } }], status: { eq: SUBMITTED } }"));
    }

    [Fact]
    public async Task Descending_sort_with_ties_broken_by_id()
    {
        Assert.Equal(["故事7", "故事6", "故事5"], await TitlesAsync("first: 3, order: [{ submittedAt: DESC }]"));
        var byStatus = await TitlesAsync("order: [{ status: ASC }, { title: DESC }]");
        Assert.Equal(["故事7", "故事5", "故事4", "故事2", "故事1", "故事6", "故事3"], byStatus);
    }

    [Fact]
    public async Task Paging_forward_reaches_the_end_and_backward_returns_to_the_start()
    {
        var seen = new List<string>();
        string? after = null;
        var pages = 0;
        JsonElement page;
        do
        {
            var args = after is null ? "first: 3, order: [{ submittedAt: ASC }]" : $"first: 3, after: \"{after}\", order: [{{ submittedAt: ASC }}]";
            page = (await _api.QueryAsync($"{{ stories({args}) {{ totalCount edges {{ cursor node {{ title }} }} pageInfo {{ hasNextPage hasPreviousPage startCursor endCursor }} }} }}", token: _editor)).Ok().At("stories");
            seen.AddRange(page.GetProperty("edges").EnumerateArray().Select(e => e.At("node.title").GetString()!));
            Assert.Equal(7, page.GetProperty("totalCount").GetInt32());
            Assert.Equal(after is not null, page.At("pageInfo.hasPreviousPage").GetBoolean());
            after = page.At("pageInfo.endCursor").GetString();
            pages++;
        }
        while (page.At("pageInfo.hasNextPage").GetBoolean());
        Assert.Equal(3, pages);
        Assert.Equal(_stories.Select(s => s.Title), seen);

        var back = new List<string>();
        string? before = null;
        do
        {
            var args = before is null ? "last: 3, order: [{ submittedAt: ASC }]" : $"last: 3, before: \"{before}\", order: [{{ submittedAt: ASC }}]";
            page = (await _api.QueryAsync($"{{ stories({args}) {{ nodes {{ title }} pageInfo {{ hasNextPage hasPreviousPage startCursor }} }} }}", token: _editor)).Ok().At("stories");
            back.InsertRange(0, page.GetProperty("nodes").Strings("title"));
            Assert.Equal(before is not null, page.At("pageInfo.hasNextPage").GetBoolean());
            before = page.At("pageInfo.startCursor").GetString();
        }
        while (page.At("pageInfo.hasPreviousPage").GetBoolean());
        Assert.Equal(seen, back);
    }

    [Fact]
    public async Task Paging_over_a_nullable_sort_key_visits_every_item_once()
    {
        var seen = new List<string>();
        string? after = null;
        JsonElement page;
        do
        {
            var args = (after is null ? "" : $"after: \"{after}\", ") + "first: 2, order: [{ publishedAt: DESC }]";
            page = (await _api.QueryAsync($"{{ stories({args}) {{ nodes {{ title }} pageInfo {{ hasNextPage endCursor }} }} }}", token: _editor)).Ok().At("stories");
            seen.AddRange(page.GetProperty("nodes").Strings("title"));
            after = page.At("pageInfo.endCursor").GetString();
        }
        while (page.At("pageInfo.hasNextPage").GetBoolean());
        Assert.Equal(["故事7", "故事5", "故事4", "故事2", "故事1", "故事3", "故事6"], seen);
    }

    [Fact]
    public async Task Default_page_size_is_twenty_and_more_than_a_hundred_is_an_error()
    {
        for (var i = 0; i < 25; i++)
            await _api.InsertAsync(_samples.Organization($"支部{i:00}", parent: _hospital.Id, kind: OrganizationKind.Branch));

        var page = (await _api.QueryAsync("{ organizations { totalCount nodes { name } pageInfo { hasNextPage } } }")).Ok().At("organizations");
        Assert.Equal(20, page.GetProperty("nodes").GetArrayLength());
        Assert.Equal(27, page.GetProperty("totalCount").GetInt32());
        Assert.True(page.At("pageInfo.hasNextPage").GetBoolean());

        var tooMany = await _api.QueryAsync("{ organizations(first: 101) { nodes { name } } }");
        Assert.Equal(["PAGE_SIZE_EXCEEDED"], tooMany.ErrorCodes);
        Assert.Equal(JsonValueKind.Null, tooMany.Data.GetProperty("organizations").ValueKind);
        Assert.Contains("100", tooMany.Errors[0].GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("first: -1", "INVALID_PAGE_SIZE")]
    [InlineData("last: -5", "INVALID_PAGE_SIZE")]
    [InlineData("first: 2, last: 2", "INVALID_PAGING")]
    [InlineData("after: \"not-a-cursor\"", "INVALID_CURSOR")]
    [InlineData("before: \"WyJ4Il0\"", "INVALID_CURSOR")]
    [InlineData("after: \"\"", "INVALID_CURSOR")]
    public async Task Bad_paging_arguments_are_errors_with_codes(string arguments, string code)
    {
        var response = await _api.QueryAsync($"{{ stories({arguments}) {{ nodes {{ title }} }} }}", token: _editor);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal([code], response.ErrorCodes);
        Assert.Equal(JsonValueKind.Null, response.Data.GetProperty("stories").ValueKind);
    }

    [Fact]
    public async Task A_cursor_from_one_order_is_refused_for_another()
    {
        var cursor = (await _api.QueryAsync("{ stories(first: 1, order: [{ title: ASC }]) { pageInfo { endCursor } } }", token: _editor)).Ok().At("stories.pageInfo.endCursor").GetString();

        var response = await _api.QueryAsync($"{{ stories(after: \"{cursor}\", order: [{{ submittedAt: DESC }}]) {{ nodes {{ title }} }} }}", token: _editor);

        Assert.Equal(["INVALID_CURSOR"], response.ErrorCodes);
        Assert.Contains("different order", response.Errors[0].GetProperty("message").GetString());
    }

    [Fact]
    public async Task An_id_filter_needs_an_id_of_the_right_type()
    {
        var story = GlobalId.Encode("Story", _stories[0].Id);
        var wrongType = await _api.QueryAsync($"{{ stories(where: {{ submittingOrganizationId: {{ eq: \"{story}\" }} }}) {{ nodes {{ title }} }} }}", token: _editor);
        var garbage = await _api.QueryAsync("{ stories(where: { id: { in: [\"%%%\"] } }) { nodes { title } } }", token: _editor);

        Assert.Equal(["INVALID_ID"], wrongType.ErrorCodes);
        Assert.Contains("Organization", wrongType.Errors[0].GetProperty("message").GetString());
        Assert.Equal(["INVALID_ID"], garbage.ErrorCodes);
    }

    [Fact]
    public async Task A_filter_nested_too_deeply_is_refused()
    {
        var where = "{ title: { eq: \"故事1\" } }";
        for (var i = 0; i < 20; i++)
            where = $"{{ and: [{where}] }}";

        var response = await _api.QueryAsync($"{{ stories(where: {where}) {{ nodes {{ title }} }} }}", token: _editor);

        Assert.Equal(["INVALID_FILTER"], response.ErrorCodes);
    }

    [Fact]
    public async Task A_list_condition_with_too_many_alternatives_is_refused()
    {
        var alternatives = string.Join(", ", Enumerable.Range(0, 8).Select(i => $"{{ eq: \"标签{i}\" }}"));
        var response = await _api.QueryAsync($"{{ stories(where: {{ tags: {{ some: {{ or: [{alternatives}] }} }} }}) {{ totalCount }} }}", token: _editor);

        Assert.Equal(["INVALID_FILTER"], response.ErrorCodes);
        Assert.Equal(2, (await _api.QueryAsync("{ stories(where: { tags: { some: { or: [{ eq: \"网格员\" }, { eq: \"不存在\" }] } } }) { totalCount } }", token: _editor)).Ok().At("stories.totalCount").GetInt32());
    }

    [Fact]
    public async Task Readers_see_only_published_stories_and_counts_agree()
    {
        var page = (await _api.QueryAsync("{ stories { totalCount nodes { title status } } }")).Ok().At("stories");

        Assert.Equal(5, page.GetProperty("totalCount").GetInt32());
        Assert.All(page.GetProperty("nodes").EnumerateArray(), n => Assert.Equal("PUBLISHED", n.GetProperty("status").GetString()));
        Assert.Empty(await TitlesAsync("where: { status: { eq: SUBMITTED } }", token: _api.Token(Role.Reader)));
    }
}
