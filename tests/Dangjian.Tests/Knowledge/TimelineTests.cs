using Dangjian.Api.GraphQL.Relay;
using Dangjian.Core.Access;
using Dangjian.Core.Documents;
using Dangjian.Tests.Support;

namespace Dangjian.Tests.Knowledge;

public sealed class TimelineTests : IAsyncLifetime
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);
    private readonly ApiHost _api = new();
    private readonly Samples _samples = new();
    private readonly List<(string Id, string Type, DateTimeOffset At, string Org, bool Public)> _expected = [];
    private Organization _unit = null!;

    public async ValueTask InitializeAsync()
    {
        var root = await _api.InsertAsync(_samples.Organization("机关工委", kind: OrganizationKind.WorkingCommittee));
        _unit = await _api.InsertAsync(_samples.Organization("市中心医院党委", parent: root.Id));
        var other = await _api.InsertAsync(_samples.Organization("市公安局党委", parent: root.Id));
        var day = new DateOnly(2020, 2, 1);
        for (var i = 0; i < 4; i++)
        {
            var date = day.AddDays(i * 2);
            var midnight = new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), China);
            var directive = await _api.InsertAsync(_samples.Directive(root.Id, $"通知{i}", i == 3 ? DirectiveStatus.Draft : DirectiveStatus.Published) with { IssuedOn = date });
            _expected.Add((directive.Id, "Directive", midnight, root.Id, i != 3));
            var material = await _api.InsertAsync(_samples.StudyMaterial($"资料{i}") with { PublishedOn = date });
            _expected.Add((material.Id, "StudyMaterial", midnight, "", true));
            foreach (var (org, hours) in new[] { (_unit, 0), (other, 9), (_unit, 9) })
            {
                // An activity at exactly midnight ties with the day's directive and material; two at 09:00 tie with each other.
                var at = midnight.AddHours(hours);
                var log = await _api.InsertAsync(_samples.ActivityLog(org.Id, $"活动{i}-{hours}", occurredAt: at));
                _expected.Add((log.Id, "ActivityLog", at, org.Id, true));
            }
            var story = await _api.InsertAsync(_samples.Story(_unit.Id, $"故事{i}", i % 2 == 0 ? StoryStatus.Published : StoryStatus.InReview, submittedAt: midnight.AddHours(9)));
            _expected.Add((story.Id, "Story", midnight.AddHours(9), _unit.Id, i % 2 == 0));
        }
    }

    public async ValueTask DisposeAsync() => await _api.DisposeAsync();

    private static readonly string[] Rank = ["Directive", "StudyMaterial", "ActivityLog", "Story"];

    private IEnumerable<(string Id, string Type, DateTimeOffset At, string Org, bool Public)> Ordered(Func<(string Id, string Type, DateTimeOffset At, string Org, bool Public), bool> keep) =>
        _expected.Where(keep).OrderByDescending(e => e.At).ThenBy(e => Array.IndexOf(Rank, e.Type)).ThenByDescending(e => e.Id, StringComparer.Ordinal);

    private IEnumerable<(string Id, string Type, DateTimeOffset At, string Org, bool Public)> Chronicle(Func<(string Id, string Type, DateTimeOffset At, string Org, bool Public), bool> keep) =>
        _expected.Where(keep).OrderBy(e => e.At).ThenBy(e => Array.IndexOf(Rank, e.Type)).ThenBy(e => e.Id, StringComparer.Ordinal);

    private async Task<(List<string> Ids, int Total)> ReadAllAsync(object? where, string? token, int pageSize = 3, string order = "DESC")
    {
        var ids = new List<string>();
        string? after = null;
        var total = 0;
        while (true)
        {
            var page = (await _api.QueryAsync("""
                query($first: Int, $after: String, $where: TimelineFilterInput, $order: [TimelineSortInput!]) {
                  timeline(first: $first, after: $after, where: $where, order: $order) {
                    totalCount pageInfo { hasNextPage endCursor }
                    edges { at node { __typename ... on Directive { id } ... on StudyMaterial { id } ... on ActivityLog { id } ... on Story { id } } }
                  }
                }
                """, new { first = pageSize, after, where, order = new[] { new { at = order } } }, token)).Ok().GetProperty("timeline");
            total = page.GetProperty("totalCount").GetInt32();
            ids.AddRange(page.GetProperty("edges").EnumerateArray().Select(e => GlobalId.Decode(e.At("node.id").GetString()).Value.LocalId));
            if (!page.At("pageInfo.hasNextPage").GetBoolean())
                return (ids, total);
            after = page.At("pageInfo.endCursor").GetString();
        }
    }

    [Fact]
    public async Task Every_kind_on_one_line_newest_first_paged_without_gaps_or_repeats()
    {
        var editor = await ReadAllAsync(null, _api.Token(Role.Editor));
        var reader = await ReadAllAsync(null, null);

        Assert.Equal(Ordered(_ => true).Select(e => e.Id), editor.Ids);
        Assert.Equal(_expected.Count, editor.Total);
        Assert.Equal(Ordered(e => e.Public).Select(e => e.Id), reader.Ids);
        Assert.Equal(_expected.Count(e => e.Public), reader.Total);
    }

    [Fact]
    public async Task The_timeline_filters_by_organization_subtree_period_and_kind()
    {
        // Days, as in search: 3 to 5 February in China, the last day whole.
        var from = new DateTimeOffset(2020, 2, 3, 0, 0, 0, China);
        var to = new DateTimeOffset(2020, 2, 6, 0, 0, 0, China).AddMilliseconds(-1);
        var (ids, total) = await ReadAllAsync(new { organizationId = GlobalId.Encode("Organization", _unit.Id), from = "2020-02-03", to = "2020-02-05" }, _api.Token(Role.Editor), pageSize: 2);
        var kinds = await ReadAllAsync(new { kinds = new[] { "DIRECTIVE", "STORY" } }, null);

        Assert.Equal(Ordered(e => e.Org == _unit.Id && e.At >= from && e.At <= to).Select(e => e.Id), ids);
        Assert.Equal(ids.Count, total);
        Assert.Equal(Ordered(e => e.Public && e.Type is "Directive" or "Story").Select(e => e.Id), kinds.Ids);
    }

    [Fact]
    public async Task Oldest_first_is_the_same_line_read_from_the_beginning_paged_without_gaps_or_repeats()
    {
        var editor = await ReadAllAsync(null, _api.Token(Role.Editor), order: "ASC");
        var reader = await ReadAllAsync(null, null, pageSize: 2, order: "ASC");
        var from = new DateTimeOffset(2020, 2, 3, 0, 0, 0, China);
        var to = new DateTimeOffset(2020, 2, 6, 0, 0, 0, China).AddMilliseconds(-1);
        var filtered = await ReadAllAsync(new { organizationId = GlobalId.Encode("Organization", _unit.Id), from = "2020-02-03", to = "2020-02-05" }, _api.Token(Role.Editor), pageSize: 1, order: "ASC");
        var kinds = await ReadAllAsync(new { kinds = new[] { "DIRECTIVE", "ACTIVITY_LOG" } }, null, order: "ASC");

        Assert.Equal(Chronicle(_ => true).Select(e => e.Id), editor.Ids);
        Assert.Equal(_expected.Count, editor.Total);
        Assert.Equal(Chronicle(e => e.Public).Select(e => e.Id), reader.Ids);
        Assert.Equal(_expected.Count(e => e.Public), reader.Total);
        Assert.Equal(Chronicle(e => e.Org == _unit.Id && e.At >= from && e.At <= to).Select(e => e.Id), filtered.Ids);
        Assert.Equal(Chronicle(e => e.Public && e.Type is "Directive" or "ActivityLog").Select(e => e.Id), kinds.Ids);
        // The same items as newest first, the other way round except within one instant, where directives lead both ways.
        Assert.Equal(Ordered(_ => true).Select(e => e.Id).Order(StringComparer.Ordinal), editor.Ids.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_cursor_belongs_to_its_direction()
    {
        const string Page = "query($order: [TimelineSortInput!], $after: String) { timeline(first: 2, order: $order, after: $after) { pageInfo { endCursor } } }";
        var newest = (await _api.QueryAsync(Page, new { order = new[] { new { at = "DESC" } } })).Ok().At("timeline.pageInfo.endCursor").GetString();
        var oldest = (await _api.QueryAsync(Page, new { order = new[] { new { at = "ASC" } } })).Ok().At("timeline.pageInfo.endCursor").GetString();

        var newestInOldest = await _api.QueryAsync(Page, new { order = new[] { new { at = "ASC" } }, after = newest });
        var oldestInNewest = await _api.QueryAsync(Page, new { order = new[] { new { at = "DESC" } }, after = oldest });
        var oldestByDefault = await _api.QueryAsync(Page, new { after = oldest });
        var sideways = await _api.QueryAsync("{ timeline(order: [{ at: SIDEWAYS }]) { totalCount } }");
        var asText = await _api.QueryAsync(Page, new { order = new[] { new { at = "asc" } } });
        var twoKeys = await _api.QueryAsync("{ timeline(order: [{ at: ASC }, { at: DESC }]) { totalCount } }");
        var oneElementTwice = await _api.QueryAsync(Page, new { order = new object[] { new { at = "ASC" }, new { at = "ASC" } } });
        var oldEnum = await _api.QueryAsync("{ timeline(order: OLDEST) { totalCount } }");

        Assert.Equal(["INVALID_CURSOR"], newestInOldest.ErrorCodes);
        Assert.Equal(["INVALID_CURSOR"], oldestInNewest.ErrorCodes);
        Assert.Equal(["INVALID_CURSOR"], oldestByDefault.ErrorCodes);
        Assert.NotEmpty(sideways.ErrorCodes);
        Assert.NotEmpty(asText.ErrorCodes);
        // One key: the line's cursor is kept on the instant alone.
        Assert.Equal(["INVALID_SORT"], twoKeys.ErrorCodes);
        Assert.Equal(["INVALID_SORT"], oneElementTwice.ErrorCodes);
        // The enum it took before is a validation error, not ignored.
        Assert.NotEmpty(oldEnum.ErrorCodes);
    }

    [Fact]
    public async Task An_empty_order_or_an_element_without_a_field_is_newest_first()
    {
        const string Page = "query($order: [TimelineSortInput!]) { timeline(first: 3, order: $order) { edges { cursor } } }";
        var byDefault = (await _api.QueryAsync(Page, new { })).Ok().At("timeline.edges");
        var empty = (await _api.QueryAsync(Page, new { order = Array.Empty<object>() })).Ok().At("timeline.edges");
        var blank = (await _api.QueryAsync("{ timeline(first: 3, order: [{}]) { edges { cursor } } }")).Ok().At("timeline.edges");
        var newest = (await _api.QueryAsync(Page, new { order = new[] { new { at = "DESC" } } })).Ok().At("timeline.edges");

        Assert.Equal(newest.ToString(), byDefault.ToString());
        Assert.Equal(newest.ToString(), empty.ToString());
        Assert.Equal(newest.ToString(), blank.ToString());
    }

    [Fact]
    public async Task A_bad_timeline_cursor_is_an_error()
    {
        var response = await _api.QueryAsync("{ timeline(after: \"dHwxfDl8eA\") { totalCount } }");
        var forged = await _api.QueryAsync("{ timeline(after: \"not base64 !\") { totalCount } }");

        Assert.Equal(["INVALID_CURSOR"], response.ErrorCodes);
        Assert.Equal(["INVALID_CURSOR"], forged.ErrorCodes);
    }
}
