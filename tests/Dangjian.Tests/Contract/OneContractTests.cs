using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Dangjian.Api.GraphQL.Relay;
using Dangjian.Core.Access;
using Dangjian.Core.Documents;
using Dangjian.Core.Knowledge;
using Dangjian.Core.Storage;
using Dangjian.Tests.Support;

namespace Dangjian.Tests.Contract;

/// <summary>
/// One rule for each thing a front end formats, on every path: instants in China time (+08:00), days as dates, ids as
/// the global ids GraphQL takes — in GraphQL, permalink JSON, exports and the restore that reads them back.
/// </summary>
public sealed partial class OneContractTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [GeneratedRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?\+08:00$")]
    private static partial Regex ChinaInstant();

    [GeneratedRegex(@"^\d{4}-\d\d-\d\d$")]
    private static partial Regex Day();

    [Fact]
    public async Task A_story_submitted_through_the_api_on_a_utc_clock_reads_in_china_time_like_a_seeded_one()
    {
        // The clock gives UTC, as a server's does; tokens are checked against it, so it reads about now.
        var now = DateTimeOffset.UtcNow;
        now = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, now.Second, TimeSpan.Zero);
        var expected = now.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture);
        await using var api = new ApiHost(seed: true, time: new FixedTime(now));
        var branch = (await api.QueryAsync("{ organizations(first: 1, where: { kind: { eq: FRONT_LINE_BRANCH } }) { nodes { id } } }"))
            .Ok().At("organizations.nodes.0.id").GetString()!;
        var submitted = await api.MutateAsync("submitStory", "story { id submittedAt createdAt updatedAt transitions { at } }",
            new { submittingOrganizationId = branch, title = "方舱里的一堂党课", body = "正文。" }, api.Token(Role.Editor));
        var story = submitted.GetProperty("story");
        Assert.Equal(expected, story.GetProperty("submittedAt").GetString());
        Assert.Matches(ChinaInstant(), story.GetProperty("createdAt").GetString()!);

        var seeded = (await api.QueryAsync("{ stories(first: 5) { nodes { submittedAt publishedAt createdAt } } }")).Ok().At("stories.nodes");
        Assert.NotEmpty(seeded.EnumerateArray());
        foreach (var node in seeded.EnumerateArray())
            foreach (var value in node.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.String))
                Assert.Matches(ChinaInstant(), value.Value.GetString()!);

        // The permalink of the API's story: global ids that GraphQL takes back, the instant as GraphQL gave it.
        using var client = api.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/d/{Uri.EscapeDataString(story.GetProperty("id").GetString()!)}");
        request.Headers.Authorization = new("Bearer", api.Token(Role.Editor));
        using var permalink = await client.SendAsync(request, Ct);
        var document = JsonDocument.Parse(await permalink.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("document");
        Assert.Equal(expected, document.GetProperty("submittedAt").GetString());
        Assert.Equal(story.GetProperty("id").GetString(), document.GetProperty("id").GetString());
        Assert.Equal(branch, document.GetProperty("submittingOrganizationId").GetString());
    }

    [Fact]
    public async Task The_founding_notice_s_permalink_json_holds_ids_graphql_accepts()
    {
        await using var api = new ApiHost(seed: true);
        using var client = api.CreateClient();
        var id = GlobalId.Encode("Directive", "notice-2020-01-29");

        using var response = await client.GetAsync($"/d/{Uri.EscapeDataString(id)}", Ct);
        var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("document");
        var issuer = document.GetProperty("issuerId").GetString()!;
        var section = document.At("sections.2.id").GetString()!;
        Assert.Equal(id, document.GetProperty("id").GetString());
        Assert.Equal("2020-01-29", document.GetProperty("issuedOn").GetString());
        Assert.Matches(ChinaInstant(), document.GetProperty("createdAt").GetString()!);

        var nodes = (await api.QueryAsync("query($ids: [ID!]!) { nodes(ids: $ids) { id ... on Organization { name } ... on DirectiveSection { number } } }",
            new { ids = new[] { issuer, section } })).Ok().GetProperty("nodes");
        Assert.Equal("中共娄底市直属机关工作委员会", nodes.At("0.name").GetString());
        Assert.Equal(3, nodes.At("1.number").GetInt32());

        using var sectionResponse = await client.GetAsync($"/d/{Uri.EscapeDataString(section)}", Ct);
        var sectionJson = JsonDocument.Parse(await sectionResponse.Content.ReadAsStringAsync(Ct)).RootElement;
        Assert.Equal(section, sectionJson.At("section.id").GetString());
        Assert.Equal(id, sectionJson.At("section.directive.id").GetString());
    }

    [Fact]
    public async Task The_search_export_s_date_column_is_a_day_for_every_kind()
    {
        await using var api = new ApiHost(seed: true);
        await api.WaitForIndexAsync();
        using var client = api.CreateClient();

        var csv = await client.GetStringAsync("/export/search?query=" + Uri.EscapeDataString("党员") + "&format=csv", Ct);
        var rows = csv.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
        Assert.Contains(rows, r => r.StartsWith("Story,", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.StartsWith("Directive,", StringComparison.Ordinal));
        // The title may hold commas (then quoted); the date is the last cell and never is.
        Assert.All(rows, r => Assert.Matches(Day(), r[(r.LastIndexOf(',') + 1)..]));
    }

    [Fact]
    public async Task Exports_carry_global_ids_and_china_time_and_restore_reads_them_back()
    {
        using var folder = new TempDirectory();
        var samples = new Samples();
        await using var source = await TempStoreAsync(folder, "source");
        var org = samples.Organization();
        var directive = samples.Directive(org.Id);
        var story = samples.Story(org.Id, submittedAt: new DateTimeOffset(2020, 2, 1, 1, 30, 0, TimeSpan.Zero)) with { SectionIds = [directive.Sections[0].Id] };
        await source.CommitAsync(new Commit([DocumentWrite.Insert(org), DocumentWrite.Insert(directive), DocumentWrite.Insert(story)], ChangeAuthor.System), Ct);

        var stories = await ExportAsync(source, Kinds.Story, ExportFormat.JsonLines);
        var line = JsonDocument.Parse(stories.Trim()).RootElement;
        Assert.Equal(GlobalId.Encode("Story", story.Id), line.GetProperty("id").GetString());
        Assert.Equal(GlobalId.Encode("Organization", org.Id), line.GetProperty("submittingOrganizationId").GetString());
        Assert.Equal(GlobalId.Encode("DirectiveSection", directive.Sections[0].Id), line.At("sectionIds.0").GetString());
        Assert.Equal("2020-02-01T09:30:00+08:00", line.GetProperty("submittedAt").GetString());
        var directives = JsonDocument.Parse((await ExportAsync(source, Kinds.Directive, ExportFormat.JsonLines)).Trim()).RootElement;
        Assert.Equal(GlobalId.Encode("DirectiveSection", directive.Sections[1].Id), directives.At("sections.1.id").GetString());
        Assert.Equal(GlobalId.Encode("Organization", org.Id), directives.GetProperty("issuerId").GetString());

        var csv = await ExportAsync(source, Kinds.Story, ExportFormat.Csv);
        Assert.Contains(GlobalId.Encode("Organization", org.Id), csv);
        Assert.Contains("2020-02-01T09:30:00+08:00", csv);
        Assert.DoesNotContain("," + org.Id + ",", csv);

        await using var target = await TempStoreAsync(folder, "target");
        foreach (var (kind, text) in new (DocumentKind, string)[] { (Kinds.Organization, await ExportAsync(source, Kinds.Organization, ExportFormat.JsonLines)),
                     (Kinds.Directive, await ExportAsync(source, Kinds.Directive, ExportFormat.JsonLines)), (Kinds.Story, stories) })
        {
            var outcome = await new DocumentRestore(target).ReadAsync(kind, new MemoryStream(Encoding.UTF8.GetBytes(text)), null, Ct);
            Assert.Empty(outcome.Problems);
        }
        var restored = await target.GetAsync(Kinds.Story, story.Id, Ct);
        Assert.NotNull(restored);
        Assert.Equal(org.Id, restored.SubmittingOrganizationId);
        Assert.Equal([directive.Sections[0].Id], restored.SectionIds);
        Assert.Equal(story.SubmittedAt, restored.SubmittedAt);
        Assert.Equal(directive.Sections.Select(s => s.Id), (await target.GetAsync(Kinds.Directive, directive.Id, Ct))!.Sections.Select(s => s.Id));
    }

    [Fact]
    public async Task Restore_refuses_an_id_of_the_wrong_type_and_still_reads_old_exports_with_local_ids()
    {
        using var folder = new TempDirectory();
        var samples = new Samples();
        await using var store = await TempStoreAsync(folder, "restore");
        var good = samples.Organization("旧导出的组织");
        var wrong = samples.Organization("父级写错的组织") with { ParentId = GlobalId.Encode("Story", "s-1") };
        var lines = string.Join('\n', DocumentJson.Serialize(good), DocumentJson.Serialize(wrong));

        var outcome = await new DocumentRestore(store).ReadAsync(Kinds.Organization, new MemoryStream(Encoding.UTF8.GetBytes(lines)), null, Ct);

        Assert.Equal(1, outcome.Inserted);
        Assert.StartsWith("line 2:", Assert.Single(outcome.Problems));
        Assert.Contains("Story id", outcome.Problems[0]);
        Assert.Null(await store.GetAsync(Kinds.Organization, wrong.Id, Ct));
    }

    [Fact]
    public async Task Actions_are_one_enum_everywhere_and_changed_fields_use_graphql_names()
    {
        await using var api = new ApiHost(seed: true);
        var editor = api.Token(Role.Editor);
        var ids = (await api.QueryAsync("""
            { organizations(first: 1, where: { kind: { eq: FRONT_LINE_BRANCH } }) { nodes { id } }
              directives(first: 1) { nodes { sections { id } } } }
            """)).Ok();
        var submitted = await api.MutateAsync("submitStory", "story { id }",
            new { submittingOrganizationId = ids.At("organizations.nodes.0.id").GetString(), title = "一堂党课", body = "正文。" }, editor);
        var id = submitted.At("story.id").GetString()!;
        await api.MutateAsync("updateStory", "story { id }", new { id, expectedVersion = 1, sectionIds = new[] { ids.At("directives.nodes.0.sections.0.id").GetString() } }, editor);
        await api.MutateAsync("startStoryReview", "story { id }", new { id, expectedVersion = 2 }, editor);
        var refused = await api.MutateAsync("startStoryReview", "story { id } errors { ... on ForbiddenTransitionError { from action } }", new { id, expectedVersion = 3 }, editor);
        Assert.Equal("START_REVIEW", refused.At("errors.0.action").GetString());

        var story = (await api.QueryAsync("query($id: ID!) { node(id: $id) { ... on Story { transitions { action } revisions { action changedFields } } } }", new { id }, editor))
            .Ok().GetProperty("node");
        Assert.Equal(["START_REVIEW"], story.GetProperty("transitions").Strings("action"));
        Assert.Equal(["START_REVIEW", "UPDATE", "SUBMIT"], story.GetProperty("revisions").Strings("action"));
        Assert.Equal(["sections"], story.At("revisions.1.changedFields").EnumerateArray().Select(f => f.GetString()));
        Assert.Contains("submittingOrganization", story.At("revisions.2.changedFields").EnumerateArray().Select(f => f.GetString()));
        Assert.DoesNotContain(story.At("revisions.2.changedFields").EnumerateArray(), f => f.GetString()!.EndsWith("Id", StringComparison.Ordinal) || f.GetString()!.EndsWith("Ids", StringComparison.Ordinal));

        const string audit = "query($where: AuditEntryFilterInput) { auditLog(where: $where, first: 10) { nodes { action documentId } } }";
        var admin = api.Token(Role.Admin);
        var reviews = (await api.QueryAsync(audit, new { where = new { action = new { eq = "START_REVIEW" } } }, admin)).Ok().At("auditLog.nodes");
        Assert.Equal(["START_REVIEW"], reviews.Strings("action"));
        Assert.Equal(id, reviews.At("0.documentId").GetString());

        // The stored spelling is not the API's: refused by validation, with a code, before anything runs.
        var before = await api.Store.GetLastSequenceAsync(Ct);
        var stored = await api.QueryAsync(audit, new { where = new { action = new { eq = "start_review" } } }, admin);
        Assert.NotEmpty(stored.ErrorCodes);
        Assert.Equal(before, await api.Store.GetLastSequenceAsync(Ct));
    }

    [Fact]
    public void A_write_with_an_action_outside_the_enum_is_a_programming_error() =>
        Assert.Throws<ArgumentException>(() => DocumentWrite.Insert(new Samples().Organization(), "frobnicate"));

    [Fact]
    public async Task Search_takes_the_sort_input_list_and_refuses_what_it_cannot_order_by()
    {
        await using var api = new ApiHost(seed: true);
        await api.WaitForIndexAsync();
        const string Search = """
            query($order: [SearchSortInput!]) { search(query: "党员", order: $order, first: 100) { edges { node { ... on Node { id } } } } }
            """;
        async Task<List<string>> IdsAsync(object? order) =>
            (await api.QueryAsync(Search, new { order })).Ok().At("search.edges").EnumerateArray().Select(e => e.At("node.id").GetString()!).ToList();

        var relevance = await IdsAsync(null);
        Assert.Equal(relevance, await IdsAsync(new[] { new { relevance = "DESC" } }));
        var newest = await IdsAsync(new[] { new { date = "DESC" } });
        var oldest = await IdsAsync(new[] { new { date = "ASC" } });
        Assert.Equal(newest.Order(StringComparer.Ordinal), relevance.Order(StringComparer.Ordinal));
        Assert.NotEqual(newest[0], oldest[0]);

        var before = await api.Store.GetLastSequenceAsync(Ct);
        Assert.Equal(["INVALID_SORT"], (await api.QueryAsync(Search, new { order = new[] { new { relevance = "ASC" } } })).ErrorCodes);
        Assert.Equal(["INVALID_SORT"], (await api.QueryAsync(Search, new { order = new object[] { new { date = "DESC" }, new { score = "DESC" } } })).ErrorCodes);
        Assert.Equal(["INVALID_SORT"], (await api.QueryAsync(Search, new { order = new[] { new { date = "DESC", score = "DESC" } } })).ErrorCodes);
        Assert.Single((await api.QueryAsync(Search, new { order = new[] { new { date = "SIDEWAYS" } } })).ErrorCodes);
        Assert.Single((await api.QueryAsync(Search, new { order = "NEWEST" })).ErrorCodes);
        Assert.Equal(before, await api.Store.GetLastSequenceAsync(Ct));
    }

    [Fact]
    public async Task Timeline_and_statistics_take_days_like_search()
    {
        await using var api = new ApiHost(seed: true);
        var editor = api.Token(Role.Editor);
        var february = (await api.QueryAsync("""
            { timeline(first: 100, order: [{ at: ASC }], where: { from: "2020-02-01", to: "2020-02-29" }) { edges { at } }
              statistics(where: { date: { gte: "2020-02-01", lte: "2020-02-29" } }) { activityLogs { byMonth { month count } } } }
            """, token: editor)).Ok();
        var days = february.At("timeline.edges").EnumerateArray().Select(e => DateOnly.FromDateTime(e.GetProperty("at").GetDateTimeOffset().ToOffset(TimeSpan.FromHours(8)).DateTime)).ToList();
        Assert.NotEmpty(days);
        Assert.All(days, d => Assert.Equal(2, d.Month));
        Assert.All(february.At("statistics.activityLogs.byMonth").EnumerateArray(), m => Assert.Equal("2020-02", m.GetProperty("month").GetString()));

        Assert.Single((await api.QueryAsync("{ timeline(where: { from: \"2020-02-01T00:00:00+08:00\" }) { totalCount } }")).ErrorCodes);
        Assert.Equal(["INVALID_FILTER"], (await api.QueryAsync("{ statistics(where: { date: { neq: \"2020-02-01\" } }) { stories { total } } }")).ErrorCodes);
    }

    private static async Task<string> ExportAsync(IDocumentStore store, DocumentKind kind, ExportFormat format)
    {
        using var output = new MemoryStream();
        await new DocumentExport(store).WriteAsync(kind, Filter.All, format, output, null, Ct);
        return Encoding.UTF8.GetString(output.ToArray()).TrimStart('\uFEFF');
    }

    private static async Task<Dangjian.Core.Storage.Sqlite.SqliteDocumentStore> TempStoreAsync(TempDirectory folder, string name)
    {
        var store = new Dangjian.Core.Storage.Sqlite.SqliteDocumentStore(
            new Dangjian.Core.Storage.Sqlite.SqliteStoreOptions { DatabasePath = Path.Combine(folder.Path, name + ".db") }, TimeProvider.System);
        await store.InitializeAsync(Ct);
        return store;
    }
}
