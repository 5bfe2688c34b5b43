using System.Diagnostics;
using System.Text.Json;
using Dangjian.Api.Cli;
using Dangjian.Api.GraphQL.Relay;
using Dangjian.Core.Access;
using Dangjian.Core.Documents;
using Dangjian.Core.Storage;
using Dangjian.Core.Storage.Sqlite;
using Dangjian.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Dangjian.Tests.Search;

/// <summary>Search end to end: GraphQL over HTTP on the real host, its store and index in a temporary folder.</summary>
public sealed class SearchApiTests : IAsyncLifetime
{
    private const string SearchQuery = """
        query ($q: String!, $where: SearchFilterInput, $first: Int, $after: String) {
          search(query: $q, where: $where, first: $first, after: $after) {
            totalCount
            pageInfo { hasNextPage endCursor }
            edges {
              cursor score
              node {
                __typename
                ... on Directive { id title related(first: 10) { __typename ... on Story { title } } }
                ... on Story { id title status related(first: 10) { __typename ... on Story { title } } }
                ... on ActivityLog { id title }
                ... on StudyMaterial { id title }
              }
              highlights { field fragments }
            }
            facets {
              kinds { value count }
              years { value count }
              organizations { organization { name } count }
              tags { value count }
            }
          }
        }
        """;

    private readonly ApiHost _api = new();
    private readonly Samples _samples = new();
    private Organization _root = null!;
    private Organization _branch = null!;
    private Directive _notice = null!;

    public async ValueTask InitializeAsync()
    {
        _root = await _api.InsertAsync(_samples.Organization("中共娄底市直属机关工作委员会", kind: OrganizationKind.WorkingCommittee));
        _branch = await _api.InsertAsync(_samples.Organization("中共娄底市中心医院委员会", parent: _root.Id));
        _notice = await _api.InsertAsync(FoundingNotice.Create(_samples.NewId("dir"), _root.Id));
        await _api.InsertAsync(_samples.Story(_branch.Id, "火线党支部里的不眠夜", StoryStatus.Published, tags: ["火线党支部"]));
        await _api.InsertAsync(_samples.Story(_branch.Id, "火线党支部的待审稿件", StoryStatus.Submitted, tags: ["待审"]));
        await _api.WaitForIndexAsync();
    }

    public async ValueTask DisposeAsync() => await _api.DisposeAsync();

    private async Task<JsonElement> SearchAsync(string query, object? where = null, string? token = null, int? first = null, string? after = null) =>
        (await _api.QueryAsync(SearchQuery, new { q = query, where, first, after }, token)).Ok().GetProperty("search");

    [Fact]
    public async Task The_founding_notice_is_found_highlighted_with_facets_and_related_stories()
    {
        var search = await SearchAsync("\"疫情防控阻击战\" 火线党支部");

        Assert.Equal(1, search.GetProperty("totalCount").GetInt32());
        var edge = search.At("edges.0");
        Assert.Equal("Directive", edge.At("node.__typename").GetString());
        Assert.Equal(GlobalId.Encode("Directive", _notice.Id), edge.At("node.id").GetString());
        Assert.True(edge.GetProperty("score").GetDouble() > 0);
        var text = edge.GetProperty("highlights").EnumerateArray().Single(h => h.GetProperty("field").GetString() == "TEXT");
        Assert.Contains(text.GetProperty("fragments").EnumerateArray(), f => f.GetString()!.Contains("<em>火线党支部</em>", StringComparison.Ordinal));
        var title = edge.GetProperty("highlights").EnumerateArray().Single(h => h.GetProperty("field").GetString() == "TITLE");
        Assert.Contains("<em>疫情防控阻击战</em>", title.At("fragments.0").GetString(), StringComparison.Ordinal);
        Assert.Equal("DIRECTIVE", search.At("facets.kinds.0.value").GetString());
        Assert.Equal(2020, search.At("facets.years.0.value").GetInt32());
        Assert.Equal("中共娄底市直属机关工作委员会", search.At("facets.organizations.0.organization.name").GetString());
        // Related: the published story about front-line branches, never the unpublished one, never the notice itself.
        var related = edge.At("node.related").EnumerateArray().ToList();
        Assert.Contains(related, r => r.TryGetProperty("title", out var t) && t.GetString() == "火线党支部里的不眠夜");
        Assert.DoesNotContain(related, r => r.TryGetProperty("title", out var t) && t.GetString() == "火线党支部的待审稿件");
        Assert.DoesNotContain(related, r => r.GetProperty("__typename").GetString() == "Directive");
    }

    [Fact]
    public async Task Unpublished_stories_reach_editors_and_their_branch_only()
    {
        var anonymous = await SearchAsync("火线党支部");
        var branch = await SearchAsync("火线党支部", token: _api.Token(Role.Branch, _branch.Id));
        var editor = await SearchAsync("火线党支部", token: _api.Token(Role.Editor));

        Assert.Equal(2, anonymous.GetProperty("totalCount").GetInt32());
        Assert.DoesNotContain(anonymous.At("facets.tags").EnumerateArray(), t => t.GetProperty("value").GetString() == "待审");
        Assert.DoesNotContain(anonymous.GetProperty("edges").EnumerateArray(), e => e.At("node.title").GetString()!.Contains("待审", StringComparison.Ordinal));
        Assert.Equal(3, branch.GetProperty("totalCount").GetInt32());
        Assert.Equal(3, editor.GetProperty("totalCount").GetInt32());
        Assert.Contains(editor.At("facets.tags").EnumerateArray(), t => t.GetProperty("value").GetString() == "待审");

        var byStatus = (await _api.QueryAsync("{ search(query: \"火线党支部\", where: { storyStatus: [SUBMITTED], kinds: [STORY] }) { totalCount } }", token: _api.Token(Role.Editor))).Ok();
        Assert.Equal(1, byStatus.At("search.totalCount").GetInt32());
    }

    [Fact]
    public async Task Bad_queries_get_clear_errors_never_a_500()
    {
        foreach (var (query, code) in new[] { ("", "INVALID_QUERY"), (new string('党', 10_000), "INVALID_QUERY"), ("-火线", "INVALID_QUERY"), ("~~~", "INVALID_QUERY") })
        {
            var response = await _api.QueryAsync("query ($q: String!) { search(query: $q) { totalCount } }", new { q = query });
            Assert.Equal(System.Net.HttpStatusCode.OK, response.Status);
            Assert.Equal([code], response.ErrorCodes);
            Assert.Equal("query", response.Errors[0].At("extensions.data.argument").GetString());
        }
        foreach (var query in new[] { "\"火线党支部", "title:*", "a~", "火线 OR", "(党支部) AND [x TO y]" })
        {
            var response = await _api.QueryAsync("query ($q: String!) { search(query: $q) { totalCount } }", new { q = query });
            Assert.Empty(response.Errors);
        }
        var forbidden = await _api.QueryAsync("{ search(query: \"火线\", where: { storyStatus: [SUBMITTED] }) { totalCount } }");
        Assert.Equal(["FORBIDDEN"], forbidden.ErrorCodes);
        var cursor = await _api.QueryAsync("{ search(query: \"火线\", after: \"bm9wZQ\") { totalCount } }");
        Assert.Equal(["INVALID_CURSOR"], cursor.ErrorCodes);
        var organization = await _api.QueryAsync("query ($id: ID) { search(query: \"火线\", where: { organizationId: $id }) { totalCount } }",
            new { id = GlobalId.Encode("Story", "x") });
        Assert.Equal(["INVALID_ID"], organization.ErrorCodes);
    }

    [Fact]
    public async Task Paging_by_cursor_and_filters_by_organization_and_date()
    {
        var first = await SearchAsync("火线党支部", first: 1);
        var second = await SearchAsync("火线党支部", first: 1, after: first.At("pageInfo.endCursor").GetString());

        Assert.True(first.At("pageInfo.hasNextPage").GetBoolean());
        Assert.False(second.At("pageInfo.hasNextPage").GetBoolean());
        Assert.NotEqual(first.At("edges.0.node.id").GetString(), second.At("edges.0.node.id").GetString());

        var hospital = await SearchAsync("火线党支部", new { organizationId = GlobalId.Encode("Organization", _branch.Id) });
        Assert.Equal("Story", hospital.At("edges.0.node.__typename").GetString());
        Assert.Equal(1, hospital.GetProperty("totalCount").GetInt32());
        var january = await SearchAsync("火线党支部", new { date = new { from = "2020-01-01", to = "2020-01-31" } });
        Assert.Equal("Directive", Assert.Single(january.GetProperty("edges").EnumerateArray()).At("node.__typename").GetString());
    }

    [Fact]
    public async Task A_committed_change_becomes_searchable_without_a_restart()
    {
        var clock = Stopwatch.StartNew();
        await _api.InsertAsync(_samples.ActivityLog(_branch.Id, "深夜转运病人"));
        int found;
        do
        {
            found = (await SearchAsync("转运病人")).GetProperty("totalCount").GetInt32();
            if (found == 0)
                await Task.Delay(20, TestContext.Current.CancellationToken);
        }
        while (found == 0 && clock.Elapsed < TimeSpan.FromSeconds(10));

        Assert.Equal(1, found);
        TestContext.Current.SendDiagnosticMessage($"Searchable {clock.ElapsedMilliseconds} ms after the commit.");
    }

    [Fact]
    public async Task Readiness_reports_how_far_the_index_is_behind()
    {
        using var client = _api.CreateClient();
        using var response = await client.GetAsync("/health/ready", TestContext.Current.CancellationToken);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        var index = body.At("checks.search-index");
        Assert.Equal("Healthy", index.GetProperty("status").GetString());
        var last = await _api.Store.GetLastSequenceAsync(TestContext.Current.CancellationToken);
        Assert.Equal(last, index.At("data.lastChange").GetInt64());
        Assert.Equal(last - index.At("data.indexed").GetInt64(), index.At("data.lag").GetInt64());
    }

    [Fact]
    public async Task Check_compares_store_and_index_and_reindex_refuses_an_index_in_use()
    {
        var (code, output, _) = await RunAsync("check");
        Assert.Equal(0, code);
        Assert.Contains("The index matches the store.", output, StringComparison.Ordinal);

        (code, _, var errors) = await RunAsync("reindex");
        Assert.Equal(1, code);
        Assert.Contains("running API instance", errors, StringComparison.Ordinal);
    }

    private async Task<(int Code, string Out, string Error)> RunAsync(string name)
    {
        var command = _api.Services.GetServices<ICliCommand>().Single(c => c.Name == name);
        using var output = new StringWriter();
        using var errors = new StringWriter();
        var code = await command.RunAsync(new CliArguments([]), new CliConsole(output, errors), TestContext.Current.CancellationToken);
        return (code, output.ToString(), errors.ToString());
    }
}

/// <summary>A restart after the store committed changes the index never saw (a crash between the two).</summary>
public sealed class SearchCatchUpTests
{
    [Fact]
    public async Task Changes_committed_while_no_indexer_ran_are_searchable_after_the_next_start()
    {
        var ct = TestContext.Current.CancellationToken;
        using var data = new TempDirectory();
        var settings = new Dictionary<string, string?> { ["Dangjian:DataDirectory"] = data.Path };
        var samples = new Samples();
        Organization root;
        await using (var first = new ApiHost(settings: settings))
        {
            root = await first.InsertAsync(samples.Organization("机关工委", kind: OrganizationKind.WorkingCommittee));
            await first.InsertAsync(FoundingNotice.Create(samples.NewId("dir"), root.Id));
            await first.WaitForIndexAsync();
        }

        // The API is down; the store takes a commit (as if the process died right after committing it).
        await using (var store = new SqliteDocumentStore(new SqliteStoreOptions { DatabasePath = Path.Combine(data.Path, "dangjian.db") }, TimeProvider.System))
        {
            await store.InitializeAsync(ct);
            await store.CommitAsync(new Commit(DocumentWrite.Insert(samples.Story(root.Id, "重启之后才被索引的故事")), ChangeAuthor.System), ct);
        }
        SqliteConnection.ClearAllPools();

        await using var second = new ApiHost(settings: settings);
        await second.WaitForIndexAsync();
        var found = (await second.QueryAsync("{ search(query: \"重启之后\") { totalCount } a: search(query: \"火线党支部\") { totalCount } }")).Ok();
        Assert.Equal(1, found.At("search.totalCount").GetInt32());
        Assert.Equal(1, found.At("a.totalCount").GetInt32());
    }
}
