using System.Globalization;
using System.Text.Json;
using Dangjian.Api.GraphQL.Relay;
using Dangjian.Core.Access;
using Dangjian.Core.Documents;
using Dangjian.Tests.Support;

namespace Dangjian.Tests.Knowledge;

/// <summary>Statistics through GraphQL against counts computed here, independently, from the documents the test wrote.</summary>
public sealed class StatisticsTests : IAsyncLifetime
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);
    private readonly ApiHost _api = new();
    private readonly Samples _samples = new();
    private readonly List<Organization> _orgs = [];
    private readonly List<ActivityLog> _logs = [];
    private readonly List<Story> _stories = [];
    private Directive _directive = null!;

    public async ValueTask InitializeAsync()
    {
        var random = new Random(20200129);
        var root = await _api.InsertAsync(_samples.Organization("机关工委", kind: OrganizationKind.WorkingCommittee));
        _orgs.Add(root);
        for (var u = 0; u < 3; u++)
        {
            var unit = await _api.InsertAsync(_samples.Organization($"单位{u}", parent: root.Id));
            _orgs.Add(unit);
            for (var b = 0; b < 2; b++)
                _orgs.Add(await _api.InsertAsync(_samples.Organization($"单位{u}支部{b}", parent: unit.Id, ancestors: [root.Id, unit.Id], kind: OrganizationKind.Branch)));
        }
        _directive = await _api.InsertAsync(_samples.Directive(root.Id, sections: 3));
        var kinds = Enum.GetValues<ActivityKind>();
        var statuses = Enum.GetValues<StoryStatus>();
        // Tags are text as written, hostile ones included; some documents have none, some several.
        string[] pool = ["防控", "火线党支部", "网格员", "<script>alert(1)</script>", "'; DROP TABLE stories; --", "{\"$gt\": \"\"}"];
        string[] Tags() => Enumerable.Range(0, random.Next(3)).Select(_ => pool[random.Next(pool.Length)]).Distinct().ToArray();
        for (var i = 0; i < 120; i++)
        {
            var org = _orgs[random.Next(_orgs.Count)];
            // Spread over Jan–Apr 2020 in UTC hours, so some fall on the other side of a month boundary in Beijing.
            var at = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero).AddHours(random.Next(0, 24 * 120));
            var sections = random.Next(3) == 0 ? new[] { _directive.Sections[random.Next(3)].Id } : [];
            _logs.Add(await _api.InsertAsync(_samples.ActivityLog(org.Id, $"活动{i}", occurredAt: at, sections: sections) with { Kind = kinds[random.Next(kinds.Length)], Tags = Tags() }));
            var status = statuses[random.Next(statuses.Length)];
            _stories.Add(await _api.InsertAsync(_samples.Story(org.Id, $"故事{i}", status, submittedAt: at, sections: sections, tags: Tags())));
        }
    }

    public async ValueTask DisposeAsync() => await _api.DisposeAsync();

    private const string Query = """
        query($where: StatisticsFilterInput) {
          statistics(where: $where) {
            activityLogs { total byKind { kind count } byMonth { month count } byOrganization { organization { id } count subtreeCount } byTag(first: 100) { tag count } }
            stories { total byStatus { status count } byMonth { month count } byOrganization { organization { id } count subtreeCount } byTag(first: 100) { tag count } }
          }
        }
        """;

    private static string Month(DateTimeOffset at) => at.ToOffset(China).ToString("yyyy-MM", CultureInfo.InvariantCulture);

    private void AssertMatches(JsonElement kind, IReadOnlyList<(string Org, DateTimeOffset At, string Category, IReadOnlyList<string> Tags)> expected, string categoryField)
    {
        Assert.Equal(expected.SelectMany(e => e.Tags).GroupBy(t => t).Select(g => (g.Key, g.Count())).OrderByDescending(g => g.Item2).ThenBy(g => g.Key, StringComparer.Ordinal),
            kind.GetProperty("byTag").EnumerateArray().Select(e => (e.GetProperty("tag").GetString()!, e.GetProperty("count").GetInt32())));
        Assert.Equal(expected.Count, kind.GetProperty("total").GetInt32());
        Assert.Equal(expected.GroupBy(e => e.Category).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => (g.Key, g.Count())),
            kind.GetProperty(categoryField == "kind" ? "byKind" : "byStatus").EnumerateArray().Select(e => (e.GetProperty(categoryField).GetString()!, e.GetProperty("count").GetInt32())));
        Assert.Equal(expected.GroupBy(e => Month(e.At)).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => (g.Key, g.Count())),
            kind.GetProperty("byMonth").EnumerateArray().Select(e => (e.GetProperty("month").GetString()!, e.GetProperty("count").GetInt32())));
        foreach (var row in kind.GetProperty("byOrganization").EnumerateArray())
        {
            var id = GlobalId.Decode(row.At("organization.id").GetString()).Value.LocalId;
            var org = _orgs.Single(o => o.Id == id);
            Assert.Equal(expected.Count(e => e.Org == id), row.GetProperty("count").GetInt32());
            Assert.Equal(expected.Count(e => e.Org == id || _orgs.Single(o => o.Id == e.Org).AncestorIds.Contains(id)), row.GetProperty("subtreeCount").GetInt32());
        }
        Assert.Equal(expected.Count, kind.At("byOrganization.0.subtreeCount").GetInt32());
    }

    [Fact]
    public async Task Statistics_match_counts_computed_independently()
    {
        var editor = (await _api.QueryAsync(Query, token: _api.Token(Role.Editor))).Ok().GetProperty("statistics");
        var reader = (await _api.QueryAsync(Query)).Ok().GetProperty("statistics");

        AssertMatches(editor.GetProperty("activityLogs"), _logs.Select(l => (l.OrganizationId, l.OccurredAt, EnumNames.ToConstant(l.Kind), l.Tags)).ToList(), "kind");
        AssertMatches(editor.GetProperty("stories"), _stories.Select(s => (s.SubmittingOrganizationId, s.SubmittedAt, EnumNames.ToConstant(s.Status), s.Tags)).ToList(), "status");
        // An anonymous reader's tag counts are those of the published stories only: a draft's tags are not counted.
        AssertMatches(reader.GetProperty("stories"), _stories.Where(s => s.Status == StoryStatus.Published)
            .Select(s => (s.SubmittingOrganizationId, s.SubmittedAt, EnumNames.ToConstant(s.Status), s.Tags)).ToList(), "status");
    }

    [Fact]
    public async Task Statistics_filter_by_period_directive_and_organization_subtree()
    {
        var unit = _orgs[1];
        // Whole days in China, 1 February to 14 March, in the lists' where shape.
        var from = new DateTimeOffset(2020, 2, 1, 0, 0, 0, China);
        var to = new DateTimeOffset(2020, 3, 15, 0, 0, 0, China).AddMilliseconds(-1);
        var where = new
        {
            date = new { gte = "2020-02-01", lt = "2020-03-15" },
            directiveId = new { eq = GlobalId.Encode("Directive", _directive.Id) },
            organizationId = new { eq = GlobalId.Encode("Organization", unit.Id) },
        };
        var data = (await _api.QueryAsync(Query, new { where }, _api.Token(Role.Editor))).Ok().GetProperty("statistics");

        bool Selected(string org, DateTimeOffset at, IReadOnlyList<string> sections) =>
            at >= from && at <= to && sections.Count > 0 && (org == unit.Id || _orgs.Single(o => o.Id == org).AncestorIds.Contains(unit.Id));
        AssertMatches(data.GetProperty("activityLogs"), _logs.Where(l => Selected(l.OrganizationId, l.OccurredAt, l.SectionIds))
            .Select(l => (l.OrganizationId, l.OccurredAt, EnumNames.ToConstant(l.Kind), l.Tags)).ToList(), "kind");
        AssertMatches(data.GetProperty("stories"), _stories.Where(s => Selected(s.SubmittingOrganizationId, s.SubmittedAt, s.SectionIds))
            .Select(s => (s.SubmittingOrganizationId, s.SubmittedAt, EnumNames.ToConstant(s.Status), s.Tags)).ToList(), "status");
    }

    [Fact]
    public async Task Bad_statistics_filters_are_clear_errors()
    {
        var backwards = await _api.QueryAsync(Query, new { where = new { date = new { gte = "2020-03-01", lte = "2020-02-01" } } });
        var wrongId = await _api.QueryAsync(Query, new { where = new { directiveId = new { eq = GlobalId.Encode("Story", "x") } } });
        var missing = await _api.QueryAsync(Query, new { where = new { organizationId = new { eq = GlobalId.Encode("Organization", "nope") } } });
        var unsupported = await _api.QueryAsync(Query, new { where = new { organizationId = new { @in = new[] { GlobalId.Encode("Organization", "a") } } } });
        var notADay = await _api.QueryAsync(Query, new { where = new { date = new { gte = "2020-03-01T00:00:00Z" } } });

        Assert.Equal(["VALIDATION_ERROR"], backwards.ErrorCodes);
        Assert.Equal(["INVALID_ID"], wrongId.ErrorCodes);
        Assert.Equal(["NOT_FOUND"], missing.ErrorCodes);
        Assert.Equal(["INVALID_FILTER"], unsupported.ErrorCodes);
        Assert.Single(notADay.ErrorCodes);
    }

    [Fact]
    public async Task By_tag_gives_the_most_frequent_first_and_refuses_bad_sizes()
    {
        const string Tags = "query($first: Int) { statistics { stories { byTag(first: $first) { tag count } } } }";
        var all = (await _api.QueryAsync(Tags, new { first = 100 }, _api.Token(Role.Editor))).Ok().At("statistics.stories.byTag").EnumerateArray()
            .Select(e => e.GetProperty("tag").GetString()!).ToList();
        var two = (await _api.QueryAsync(Tags, new { first = 2 }, _api.Token(Role.Editor))).Ok().At("statistics.stories.byTag").EnumerateArray()
            .Select(e => e.GetProperty("tag").GetString()!).ToList();
        var none = (await _api.QueryAsync(Tags, new { first = 0 })).Ok().At("statistics.stories.byTag").GetArrayLength();
        var negative = await _api.QueryAsync(Tags, new { first = -1 });
        var tooMany = await _api.QueryAsync(Tags, new { first = 101 });
        var huge = await _api.QueryAsync("{ statistics { stories { byTag(first: 99999999999) { tag } } } }");

        Assert.Contains("<script>alert(1)</script>", all);
        Assert.Equal(all.Take(2), two);
        Assert.Equal(0, none);
        Assert.Equal(["INVALID_PAGE_SIZE"], negative.ErrorCodes);
        Assert.Equal(["PAGE_SIZE_EXCEEDED"], tooMany.ErrorCodes);
        Assert.NotEmpty(huge.ErrorCodes);
    }

    [Fact]
    public async Task Statistics_cost_a_fixed_number_of_store_calls_whatever_the_data()
    {
        await _api.WaitForIndexAsync();
        _api.Store.Reset();
        (await _api.QueryAsync(Query, token: _api.Token(Role.Editor))).Ok();

        // The organisation tree, then four grouped counts per kind (category, month, organisation, tag).
        Assert.Equal(9, _api.Store.Reads);
    }
}
