using System.Text.Json;
using Dangjian.Api.GraphQL.Relay;
using Dangjian.Core.Access;
using Dangjian.Core.Documents;
using Dangjian.Tests.Support;

namespace Dangjian.Tests.Knowledge;

/// <summary>
/// An editor loading an archive of 2020 stories gives them their real dates (occurredOn), kept apart from when they
/// were entered; the timeline, search's date filter and order, statistics by month and coverage date them by it.
/// </summary>
public sealed class HistoricalDateTests : IAsyncLifetime
{
    private readonly ApiHost _api = new();
    private readonly Samples _samples = new();
    private Organization _unit = null!;
    private string _editor = "";

    public async ValueTask InitializeAsync()
    {
        var root = await _api.InsertAsync(_samples.Organization("中共娄底市直属机关工作委员会", kind: OrganizationKind.WorkingCommittee));
        _unit = await _api.InsertAsync(_samples.Organization("中共娄底市中心医院委员会", parent: root.Id));
        _editor = _api.Token(Role.Editor, subject: "editor-zhao");
    }

    public async ValueTask DisposeAsync() => await _api.DisposeAsync();

    private string Org => GlobalId.Encode("Organization", _unit.Id);

    private Task<JsonElement> SubmitAsync(object input, string? token = null) =>
        _api.MutateAsync("submitStory", "story { id version occurredOn datedAt submittedAt createdAt } errors { __typename ... on Error { code message path } }", input, token ?? _editor);

    /// <summary>Submits, reviews, approves and publishes a story: readers then see it everywhere.</summary>
    private async Task<string> PublishedStoryAsync(string title, string? occurredOn)
    {
        var submitted = await SubmitAsync(new { submittingOrganizationId = Org, title, body = $"{title}。抗击疫情的档案故事。", occurredOn });
        submitted.AssertNoErrors();
        var id = submitted.At("story.id").GetString()!;
        var version = 1;
        foreach (var step in new[] { "startStoryReview", "approveStory", "publishStory" })
            (await _api.MutateAsync(step, "story { version } errors { __typename }", new { id, expectedVersion = version++ }, _editor)).AssertNoErrors();
        return id;
    }

    [Fact]
    public async Task A_story_from_the_2020_archive_keeps_its_date_apart_from_when_it_was_entered()
    {
        var today = DateTimeOffset.UtcNow;
        var archived = await PublishedStoryAsync("二〇二〇年的火线党支部", "2020-02-03");
        var recent = await PublishedStoryAsync("今天报送的故事", null);

        var story = (await _api.QueryAsync("query($id: ID!) { node(id: $id) { ... on Story { occurredOn datedAt submittedAt createdAt publishedAt citation } } }",
            new { id = archived })).Ok().GetProperty("node");
        Assert.Equal("2020-02-03", story.GetProperty("occurredOn").GetString());
        Assert.Equal(new DateTimeOffset(2020, 2, 3, 0, 0, 0, TimeSpan.FromHours(8)), story.GetProperty("datedAt").GetDateTimeOffset());
        // When it was entered stays the entry time.
        Assert.True(story.GetProperty("createdAt").GetDateTimeOffset() > today.AddMinutes(-5));
        Assert.True(story.GetProperty("submittedAt").GetDateTimeOffset() > today.AddMinutes(-5));
        Assert.Contains("2020-02-03", story.GetProperty("citation").GetString(), StringComparison.Ordinal);

        // The timeline puts it in 2020, oldest first, before the one entered today.
        var timeline = (await _api.QueryAsync("{ timeline(order: [{ at: ASC }], where: { kinds: [STORY] }) { edges { at node { ... on Story { id } } } } }")).Ok();
        var edges = timeline.At("timeline.edges").EnumerateArray().ToList();
        Assert.Equal([archived, recent], edges.Select(e => e.At("node.id").GetString()));
        Assert.Equal(new DateTimeOffset(2020, 2, 3, 0, 0, 0, TimeSpan.FromHours(8)), edges[0].GetProperty("at").GetDateTimeOffset());
        var in2020 = (await _api.QueryAsync("{ timeline(where: { kinds: [STORY], from: \"2020-01-01\", to: \"2020-12-31\" }) { totalCount } }")).Ok();
        Assert.Equal(1, in2020.At("timeline.totalCount").GetInt32());

        // Statistics count it in February 2020.
        var statistics = (await _api.QueryAsync("{ statistics { stories { byMonth { month count } } } }")).Ok();
        var months = statistics.At("statistics.stories.byMonth").EnumerateArray().Select(m => m.GetProperty("month").GetString()).ToList();
        Assert.Contains("2020-02", months);

        // Search's date filter and order.
        await _api.WaitForIndexAsync();
        var search = (await _api.QueryAsync("{ search(query: \"档案故事\", where: { date: { from: \"2020-01-01\", to: \"2020-12-31\" } }) { totalCount edges { node { ... on Story { id } } } } }")).Ok();
        Assert.Equal([archived], search.At("search.edges").EnumerateArray().Select(e => e.At("node.id").GetString()));
        var oldest = (await _api.QueryAsync("{ search(query: \"档案故事\", order: [{ date: ASC }]) { edges { node { ... on Story { id } } } } }")).Ok();
        Assert.Equal([archived, recent], oldest.At("search.edges").EnumerateArray().Select(e => e.At("node.id").GetString()));
    }

    [Fact]
    public async Task An_editor_corrects_the_historical_date_and_the_story_moves_on_the_timeline()
    {
        var id = await PublishedStoryAsync("日期待更正的故事", "2020-02-03");
        var updated = await _api.MutateAsync("updateStory", "story { occurredOn version } errors { __typename }",
            new { id, expectedVersion = 4, occurredOn = "2020-03-15" }, _editor);
        updated.AssertNoErrors();
        Assert.Equal("2020-03-15", updated.At("story.occurredOn").GetString());
        var timeline = (await _api.QueryAsync("{ timeline(where: { kinds: [STORY], from: \"2020-03-01\", to: \"2020-03-31\" }) { totalCount } }")).Ok();
        Assert.Equal(1, timeline.At("timeline.totalCount").GetInt32());
    }

    [Theory]
    [InlineData("1900-01-01", "VALIDATION_ERROR", "cannot be before 1921-07-01")]
    [InlineData("2999-01-01", "VALIDATION_ERROR", "cannot be in the future")]
    public async Task A_historical_date_out_of_range_is_a_validation_error_and_nothing_is_written(string occurredOn, string code, string message)
    {
        var before = await _api.Store.GetLastSequenceAsync(TestContext.Current.CancellationToken);
        var payload = await SubmitAsync(new { submittingOrganizationId = Org, title = "越界日期", body = "正文", occurredOn });
        Assert.Equal(JsonValueKind.Null, payload.GetProperty("story").ValueKind);
        var error = payload.At("errors.0");
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.Contains(message, error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(["input", "occurredOn"], error.GetProperty("path").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(before, await _api.Store.GetLastSequenceAsync(TestContext.Current.CancellationToken));

        var id = await PublishedStoryAsync("已发布的故事", null);
        var afterPublish = await _api.Store.GetLastSequenceAsync(TestContext.Current.CancellationToken);
        var update = await _api.MutateAsync("updateStory", "story { id } errors { __typename ... on Error { code path } }", new { id, expectedVersion = 4, occurredOn }, _editor);
        Assert.Equal(code, update.At("errors.0.code").GetString());
        Assert.Equal(afterPublish, await _api.Store.GetLastSequenceAsync(TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData("2020-02-30")]
    [InlineData("2020/02/03")]
    [InlineData("二〇二〇年二月三日")]
    [InlineData("2020-02-03T00:00:00Z")]
    public async Task A_historical_date_that_is_not_a_date_is_refused_before_execution(string occurredOn)
    {
        var before = await _api.Store.GetLastSequenceAsync(TestContext.Current.CancellationToken);
        var response = await _api.QueryAsync("mutation($input: SubmitStoryInput!) { submitStory(input: $input) { story { id } } }",
            new { input = new { submittingOrganizationId = Org, title = "坏日期", body = "正文", occurredOn } }, _editor);
        Assert.NotEmpty(response.ErrorCodes);
        Assert.Equal(before, await _api.Store.GetLastSequenceAsync(TestContext.Current.CancellationToken));
    }
}
