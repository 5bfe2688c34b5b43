using System.Text.Json;
using System.Text.Json.Nodes;
using Dangjian.Api.GraphQL.Relay;
using Dangjian.Core.Access;
using Dangjian.Core.Documents;
using Dangjian.Core.Storage;
using Dangjian.Tests.Support;

namespace Dangjian.Tests.Search;

/// <summary>
/// The people named in activity logs (issue 18: "not everything is searchable … the people named in activity logs"),
/// over HTTP: a log's participants are given through logActivity and correctActivityLog, found by full-text search
/// and highlighted, filtered like any list of strings, and shown on the log; names that are not names are refused
/// with a coded error and nothing is written.
/// </summary>
public sealed class ActivityParticipantsApiTests : IAsyncLifetime
{
    private const string Selection = "activityLog { id version participantCount participants } errors { __typename ... on Error { code message path } }";

    private const string SearchQuery = """
        query ($q: String!) {
          search(query: $q) {
            totalCount
            edges { node { __typename ... on ActivityLog { id title participants } } highlights { field fragments } }
          }
        }
        """;

    private readonly ApiHost _api = new();
    private readonly Samples _samples = new();
    private Organization _branch = null!;
    private string _editor = "";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _branch = await _api.InsertAsync(_samples.Organization("发热门诊火线党支部", kind: OrganizationKind.Branch));
        _editor = _api.Token(Role.Editor, subject: "editor-zhao");
    }

    public async ValueTask DisposeAsync() => await _api.DisposeAsync();

    private Task<JsonElement> LogAsync(object participants, int participantCount = 0, string title = "支部党员大会") =>
        _api.MutateAsync("logActivity", Selection, new
        {
            organizationId = GlobalId.Encode("Organization", _branch.Id),
            kind = "ORGANIZATIONAL_LIFE",
            title,
            occurredAt = "2020-02-06T21:30:00+08:00",
            participantCount,
            // Nobody is named in the text: what finds the log is its list of participants.
            summary = "利用交接班间隙召开党员大会，交流分诊中发现的问题。",
            participants,
        }, _editor);

    private Task<JsonElement> CorrectAsync(string id, long version, object participants) =>
        _api.MutateAsync("correctActivityLog", Selection, new { id, expectedVersion = version, participants }, _editor);

    private async Task<JsonElement> SearchAsync(string query) =>
        (await _api.QueryAsync(SearchQuery, new { q = query })).Ok().GetProperty("search");

    private async Task<List<string>> TitlesWhereAsync(string where) =>
        (await _api.QueryAsync($"{{ activityLogs(first: 50, where: {where}, order: [{{ title: ASC }}]) {{ nodes {{ title }} }} }}")).Ok()
            .At("activityLogs.nodes").Strings("title");

    [Fact]
    public async Task A_participants_name_finds_the_log_and_is_highlighted()
    {
        var log = await LogAsync(new[] { "  王建国 ", "李红梅", "王建国", "阿卜杜热合曼·买买提" }, participantCount: 9);
        log.AssertNoErrors();
        await LogAsync(Array.Empty<string>(), title: "无人具名的活动");
        await _api.WaitForIndexAsync();

        // Trimmed, and a name given twice kept once, in the order given.
        Assert.Equal(["王建国", "李红梅", "阿卜杜热合曼·买买提"], log.At("activityLog.participants").EnumerateArray().Select(e => e.GetString()));
        foreach (var name in new[] { "李红梅", "王建国", "买买提" })
        {
            var search = await SearchAsync(name);
            Assert.True(search.GetProperty("totalCount").GetInt32() == 1, $"{name}: {search}");
            Assert.Equal(log.At("activityLog.id").GetString(), search.At("edges.0.node.id").GetString());
        }
        var highlight = (await SearchAsync("李红梅")).At("edges.0.highlights").EnumerateArray().Single(h => h.GetProperty("field").GetString() == "TEXT");
        // The whole list is one value, so the fragment shows who else took part, and the name is marked in it.
        Assert.Contains("王建国、<em>李红梅</em>、阿卜杜热合曼·买买提", highlight.GetProperty("fragments")[0].GetString(), StringComparison.Ordinal);
        // The permalink's JSON shows them too.
        using var client = _api.CreateClient();
        using var permalink = await client.GetAsync($"/d/{Uri.EscapeDataString(log.At("activityLog.id").GetString()!)}", Ct);
        var document = JsonDocument.Parse(await permalink.Content.ReadAsStringAsync(Ct)).RootElement;
        Assert.Equal(["王建国", "李红梅", "阿卜杜热合曼·买买提"], document.At("document.participants").EnumerateArray().Select(e => e.GetString()));
        // Two names side by side are not one name: the bigrams stop at the 、 between them.
        Assert.Equal(0, (await SearchAsync("\"王建国李红梅\"")).GetProperty("totalCount").GetInt32());
    }

    [Fact]
    public async Task Participants_filter_like_any_list_of_strings_and_a_correction_replaces_them()
    {
        var meeting = await LogAsync(new[] { "王建国", "李红梅" }, title: "A 支部党员大会");
        await LogAsync(new[] { "李红梅" }, title: "B 网格值守");
        await LogAsync(Array.Empty<string>(), title: "C 无人具名");

        Assert.Equal(["A 支部党员大会"], await TitlesWhereAsync("""{ participants: { some: { eq: "王建国" } } }"""));
        Assert.Equal(["A 支部党员大会", "B 网格值守"], await TitlesWhereAsync("""{ participants: { some: { in: ["王建国", "李红梅"] } } }"""));
        Assert.Equal(["B 网格值守", "C 无人具名"], await TitlesWhereAsync("""{ participants: { none: { eq: "王建国" } } }"""));
        Assert.Equal(["C 无人具名"], await TitlesWhereAsync("{ participants: { any: false } }"));
        Assert.Equal(["B 网格值守"], await TitlesWhereAsync("""{ participants: { all: { startsWith: "李" }, any: true } }"""));

        var id = meeting.At("activityLog.id").GetString()!;
        var corrected = await CorrectAsync(id, 1, new[] { "赵强" });
        corrected.AssertNoErrors();
        await _api.WaitForIndexAsync();

        Assert.Equal(["赵强"], corrected.At("activityLog.participants").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["A 支部党员大会"], await TitlesWhereAsync("""{ participants: { some: { eq: "赵强" } } }"""));
        Assert.Equal(["B 网格值守"], (await SearchAsync("李红梅")).GetProperty("edges").EnumerateArray().Select(e => e.At("node.title").GetString()));
        Assert.Equal(id, (await SearchAsync("赵强")).At("edges.0.node.id").GetString());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_log_whose_json_has_no_participants_or_null_names_nobody_and_is_indexed(bool explicitNull)
    {
        // As a log stored before the field existed reads (no property), or a hand-written seed or restore file (null).
        var json = JsonNode.Parse(DocumentJson.Serialize(_samples.ActivityLog(_branch.Id, "旧的活动记录")))!.AsObject();
        json.Remove("participants");
        if (explicitNull)
            json["participants"] = null;
        var log = await _api.InsertAsync(DocumentJson.Deserialize<ActivityLog>(json.ToJsonString()));
        await _api.WaitForIndexAsync();

        Assert.Empty(log.Participants);
        var found = (await SearchAsync("旧的活动记录")).At("edges.0.node");
        Assert.Equal(0, found.GetProperty("participants").GetArrayLength());
        Assert.Equal(["旧的活动记录"], await TitlesWhereAsync("{ participants: { any: false } }"));
    }

    [Fact]
    public async Task Names_that_are_not_names_are_refused_with_a_coded_error_and_nothing_is_written()
    {
        var kept = await LogAsync(new[] { "王建国" });
        kept.AssertNoErrors();
        var id = kept.At("activityLog.id").GetString()!;
        var before = await _api.Store.GetLastSequenceAsync(Ct);

        var hostile = new (string Case, string[] Names, int Count, string Path)[]
        {
            ("too many", Enumerable.Range(0, 501).Select(i => $"党员{i}").ToArray(), 0, "input.participants"),
            ("too long", [new string('长', 51)], 0, "input.participants.0"),
            ("empty", ["王建国", ""], 0, "input.participants.1"),
            ("blank", ["\u3000 "], 0, "input.participants.0"),
            ("NUL", ["王\u0000五"], 0, "input.participants.0"),
            ("line break inside", ["王建国\n李红梅"], 0, "input.participants.0"),
            ("escape sequence", ["\u001b[31m王五"], 0, "input.participants.0"),
            ("right-to-left override", ["\u202e五王"], 0, "input.participants.0"),
            ("zero-width space", ["王\u200b五"], 0, "input.participants.0"),
            ("several names in one", ["张三、李四"], 0, "input.participants.0"),
            ("more names than the count", ["张三", "李四", "王五"], 2, "input.participants"),
        };
        foreach (var (name, names, count, path) in hostile)
        {
            var created = await LogAsync(names, count);
            var corrected = await _api.MutateAsync("correctActivityLog", Selection, new { id, expectedVersion = 1, participants = names, participantCount = count }, _editor);
            foreach (var payload in new[] { created, corrected })
            {
                Assert.True(payload.GetProperty("activityLog").ValueKind == JsonValueKind.Null, $"{name}: {payload}");
                var error = payload.At("errors.0");
                Assert.Equal("ValidationError", error.GetProperty("__typename").GetString());
                Assert.Equal("VALIDATION_ERROR", error.GetProperty("code").GetString());
                Assert.Equal(path, string.Join('.', error.GetProperty("path").EnumerateArray().Select(p => p.GetString())));
            }
        }

        Assert.Equal(before, await _api.Store.GetLastSequenceAsync(Ct));
        Assert.Equal(1, await _api.Store.CountAsync(Kinds.ActivityLog, Filter.All, Ct));
        var stored = await _api.Store.GetAsync(Kinds.ActivityLog, GlobalId.Decode(id, "ActivityLog").Value.LocalId, Ct);
        Assert.Equal(1, stored!.Version);
        Assert.Equal(["王建国"], stored.Participants);
    }
}
