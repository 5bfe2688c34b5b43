using System.Text.Json;
using Dangjian.Core.Access;
using Dangjian.Tests.Auth;
using Dangjian.Tests.Support;

namespace Dangjian.Tests.Editorial;

/// <summary>
/// The auditLog field as the admins' audit viewer uses it over HTTP: each filter (actor, action, document type, one
/// document, a time range) alone and together, paging newest first without repeats and back with last/before,
/// totalCount, admins only, hostile arguments.
/// </summary>
public sealed class AuditLogApiTests : IAsyncLifetime
{
    private const string Query = """
        query($where: AuditEntryFilterInput, $first: Int, $after: String) {
          auditLog(where: $where, first: $first, after: $after) {
            nodes { at actor action kind documentId version }
            pageInfo { hasNextPage endCursor }
          }
        }
        """;

    // Three days ago on the hour: tokens are issued on the host's clock and checked on the real one, so the host's
    // moved clock stays in the past and the tokens live long enough to span it.
    private static readonly DateTimeOffset Start = new DateTimeOffset(DateTimeOffset.UtcNow.AddDays(-3).Date, TimeSpan.Zero).AddHours(1);
    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(30);
    private readonly MovableTime _time = new(Start);
    private readonly ApiHost _api;
    private string _admin = "";
    private string _materialId = "";

    public AuditLogApiTests() => _api = new ApiHost(time: _time);

    public async ValueTask InitializeAsync()
    {
        _admin = _api.Token(Role.Admin, lifetime: Lifetime, subject: "admin-qian");
        var zhao = _api.Token(Role.Editor, lifetime: Lifetime, subject: "editor-zhao");
        var sun = _api.Token(Role.Editor, lifetime: Lifetime, subject: "editor-sun");
        // Day 1: zhao creates and updates a material; day 2: sun creates another; day 3: zhao archives the first.
        var created = await _api.MutateAsync("createStudyMaterial", "studyMaterial { id }", new { title = "防范知识", kind = "PREVENTION_KNOWLEDGE", publishedOn = "2020-01-30", body = "勤洗手。" }, zhao);
        _materialId = created.GetProperty("studyMaterial").GetProperty("id").GetString()!;
        await _api.MutateAsync("updateStudyMaterial", "studyMaterial { id }", new { id = _materialId, expectedVersion = 1, title = "防范知识（修订）" }, zhao);
        _time.Advance(TimeSpan.FromDays(1));
        await _api.MutateAsync("createStudyMaterial", "studyMaterial { id }", new { title = "政策解读", kind = "POLICY", publishedOn = "2020-02-01", body = "解读。" }, sun);
        _time.Advance(TimeSpan.FromDays(1));
        await _api.MutateAsync("archiveStudyMaterial", "studyMaterial { id }", new { id = _materialId, expectedVersion = 2 }, zhao);
    }

    public async ValueTask DisposeAsync() => await _api.DisposeAsync();

    private async Task<JsonElement> LogAsync(object? where, int? first = null, string? after = null, string? token = null) =>
        (await _api.QueryAsync(Query, new { where, first, after }, token ?? _admin)).Ok().GetProperty("auditLog");

    private static List<string> Actions(JsonElement log) => log.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("action").GetString()!).ToList();

    [Fact]
    public async Task Each_filter_narrows_the_log_and_together_they_all_hold()
    {
        Assert.Equal(["ARCHIVE", "CREATE", "UPDATE", "CREATE"], Actions(await LogAsync(null)));
        Assert.Equal(["ARCHIVE", "UPDATE", "CREATE"], Actions(await LogAsync(new { actor = new { eq = "editor-zhao" } })));
        Assert.Equal(["CREATE", "CREATE"], Actions(await LogAsync(new { action = new { eq = "CREATE" } })));
        Assert.Equal(4, (await LogAsync(new { documentType = new { eq = "StudyMaterial" } })).GetProperty("nodes").GetArrayLength());
        Assert.Empty(Actions(await LogAsync(new { documentType = new { eq = "Story" } })));
        Assert.Equal(["ARCHIVE", "UPDATE", "CREATE"], Actions(await LogAsync(new { documentId = new { eq = _materialId } })));
        // Day 2 only, from its start to its end (both ends included).
        var day2 = await LogAsync(new { at = new { gte = Start.AddDays(1).ToString("O"), lte = Start.AddDays(1).AddHours(1).ToString("O") } });
        Assert.Equal(["CREATE"], Actions(day2));
        Assert.Equal(["ARCHIVE"], Actions(await LogAsync(new { actor = new { eq = "editor-zhao" }, documentId = new { eq = _materialId }, action = new { eq = "ARCHIVE" }, at = new { gte = Start.AddDays(2).ToString("O") } })));
        Assert.Empty(Actions(await LogAsync(new { actor = new { eq = "editor-sun" }, documentId = new { eq = _materialId } })));
    }

    [Fact]
    public async Task Pages_go_from_newest_to_oldest_without_repeats()
    {
        var first = await LogAsync(null, first: 3);
        Assert.True(first.GetProperty("pageInfo").GetProperty("hasNextPage").GetBoolean());
        var second = await LogAsync(null, first: 3, after: first.GetProperty("pageInfo").GetProperty("endCursor").GetString());

        Assert.Equal(["ARCHIVE", "CREATE", "UPDATE"], Actions(first));
        Assert.Equal(["CREATE"], Actions(second));
        Assert.False(second.GetProperty("pageInfo").GetProperty("hasNextPage").GetBoolean());
        var times = first.GetProperty("nodes").EnumerateArray().Concat(second.GetProperty("nodes").EnumerateArray()).Select(n => n.GetProperty("at").GetDateTimeOffset()).ToList();
        Assert.Equal(times.OrderDescending(), times);
    }

    private const string BothWays = """
        query($where: AuditEntryFilterInput, $first: Int, $after: String, $last: Int, $before: String) {
          auditLog(where: $where, first: $first, after: $after, last: $last, before: $before) {
            totalCount
            edges { cursor node { action } }
            pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
          }
        }
        """;

    private async Task<JsonElement> PageAsync(object variables) =>
        (await _api.QueryAsync(BothWays, variables, _admin)).Ok().GetProperty("auditLog");

    private static List<string> EdgeActions(JsonElement log) =>
        log.GetProperty("edges").EnumerateArray().Select(e => e.GetProperty("node").GetProperty("action").GetString()!).ToList();

    private static bool Info(JsonElement log, string name) => log.GetProperty("pageInfo").GetProperty(name).GetBoolean();

    [Fact]
    public async Task Last_and_before_page_back_from_the_oldest_to_the_newest_as_the_lists_do()
    {
        // The log newest first: ARCHIVE, CREATE (sun), UPDATE, CREATE (zhao). last: 2 is its end, the two oldest.
        var end = await PageAsync(new { last = 2 });
        Assert.Equal(["UPDATE", "CREATE"], EdgeActions(end));
        Assert.True(Info(end, "hasPreviousPage"));
        Assert.False(Info(end, "hasNextPage"));

        var before = await PageAsync(new { last = 2, before = end.GetProperty("pageInfo").GetProperty("startCursor").GetString() });
        Assert.Equal(["ARCHIVE", "CREATE"], EdgeActions(before));
        Assert.False(Info(before, "hasPreviousPage"));
        Assert.True(Info(before, "hasNextPage"));

        // A cursor from either direction works in the other: forwards from the newer page's end is the older page again.
        var forwards = await PageAsync(new { first = 5, after = before.GetProperty("pageInfo").GetProperty("endCursor").GetString() });
        Assert.Equal(["UPDATE", "CREATE"], EdgeActions(forwards));
        // Between two cursors: after the newest entry and before the oldest.
        var edges = (await PageAsync(new { first = 4 })).GetProperty("edges").EnumerateArray().Select(e => e.GetProperty("cursor").GetString()).ToList();
        Assert.Equal(["CREATE", "UPDATE"], EdgeActions(await PageAsync(new { first = 10, after = edges[0], before = edges[3] })));
        Assert.Equal(["CREATE", "UPDATE"], EdgeActions(await PageAsync(new { last = 10, after = edges[0], before = edges[3] })));
    }

    [Fact]
    public async Task Total_count_counts_what_the_where_matches_whatever_the_page()
    {
        Assert.Equal(4, (await PageAsync(new { first = 1 })).GetProperty("totalCount").GetInt32());
        Assert.Equal(3, (await PageAsync(new { first = 1, where = new { actor = new { eq = "editor-zhao" } } })).GetProperty("totalCount").GetInt32());
        var page = await PageAsync(new { last = 1, where = new { action = new { eq = "CREATE" } } });
        Assert.Equal(2, page.GetProperty("totalCount").GetInt32());
        // The cursor narrows the page, not the count.
        var after = await PageAsync(new { first = 1, after = page.GetProperty("pageInfo").GetProperty("endCursor").GetString(), where = new { action = new { eq = "CREATE" } } });
        Assert.Equal(2, after.GetProperty("totalCount").GetInt32());
        Assert.Equal(0, (await PageAsync(new { where = new { documentType = new { eq = "Story" } } })).GetProperty("totalCount").GetInt32());
    }

    [Fact]
    public async Task Backward_paging_refuses_what_the_lists_refuse()
    {
        Assert.Equal(["INVALID_PAGING"], (await _api.QueryAsync(BothWays, new { first = 1, last = 1 }, _admin)).ErrorCodes);
        Assert.Equal(["PAGE_SIZE_EXCEEDED"], (await _api.QueryAsync(BothWays, new { last = 101 }, _admin)).ErrorCodes);
        Assert.Equal(["INVALID_PAGE_SIZE"], (await _api.QueryAsync(BothWays, new { last = -1 }, _admin)).ErrorCodes);
        Assert.Equal(["INVALID_CURSOR"], (await _api.QueryAsync(BothWays, new { last = 1, before = "bm90LWEtY3Vyc29y" }, _admin)).ErrorCodes);
        // A cursor of another list (the stories) is not the log's.
        var stories = (await _api.QueryAsync("{ stories(first: 1) { pageInfo { endCursor } } }", null, _admin)).Ok();
        var storyCursor = stories.GetProperty("stories").GetProperty("pageInfo").GetProperty("endCursor").GetString();
        if (storyCursor is not null)
            Assert.Equal(["INVALID_CURSOR"], (await _api.QueryAsync(BothWays, new { last = 1, before = storyCursor }, _admin)).ErrorCodes);
        // Not an admin: refused before the arguments are read, totalCount included.
        Assert.Equal(["FORBIDDEN"], (await _api.QueryAsync(BothWays, new { last = 1 }, _api.Token(Role.Editor, lifetime: Lifetime))).ErrorCodes);
    }

    [Fact]
    public async Task Only_admins_read_it_and_hostile_arguments_are_refused()
    {
        Assert.Equal(["FORBIDDEN"], (await _api.QueryAsync(Query, new { }, _api.Token(Role.Editor, lifetime: Lifetime))).ErrorCodes);
        Assert.Contains((await _api.QueryAsync(Query, new { })).ErrorCodes.Single(), new[] { "FORBIDDEN", "UNAUTHENTICATED" });
        Assert.Equal(["INVALID_ID"], (await _api.QueryAsync(Query, new { where = new { documentId = new { eq = "not-an-id" } } }, _admin)).ErrorCodes);
        Assert.Equal(["INVALID_CURSOR"], (await _api.QueryAsync(Query, new { after = "bm90LWEtY3Vyc29y" }, _admin)).ErrorCodes);
        Assert.Equal(["PAGE_SIZE_EXCEEDED"], (await _api.QueryAsync(Query, new { first = 1000 }, _admin)).ErrorCodes);
        // The where shape of the lists, with the operations a log read can honour; the others are named, not ignored.
        Assert.Equal(["INVALID_FILTER"], (await _api.QueryAsync(Query, new { where = new { actor = new { contains = "zhao" } } }, _admin)).ErrorCodes);
        Assert.Equal(["INVALID_FILTER"], (await _api.QueryAsync(Query, new { where = new { action = new { nin = new[] { "CREATE" } } } }, _admin)).ErrorCodes);
        Assert.Single((await _api.QueryAsync(Query, new { where = new { action = new { eq = "create" } } }, _admin)).ErrorCodes);
        Assert.Single((await _api.QueryAsync(Query, new { where = new { at = new { gte = "yesterday" } } }, _admin)).ErrorCodes);
    }
}
