using System.Text.Json;
using Dangjian.Api.GraphQL.Relay;
using Dangjian.Core.Access;
using Dangjian.Core.Documents;
using Dangjian.Core.Storage;
using Dangjian.Tests.Support;

namespace Dangjian.Tests.Editorial;

/// <summary>The story workflow driven through POST /graphql, allowed and forbidden, per role.</summary>
public sealed class StoryWorkflowTests : IAsyncLifetime
{
    private readonly ApiHost _api = new();
    private readonly Samples _samples = new();
    private Organization _unit = null!;
    private Organization _branch = null!;
    private Organization _otherBranch = null!;
    private string _editor = "";
    private string _admin = "";
    private string _branchToken = "";
    private string _otherBranchToken = "";
    private string _reader = "";

    public async ValueTask InitializeAsync()
    {
        var root = await _api.InsertAsync(_samples.Organization("机关工委", kind: OrganizationKind.WorkingCommittee));
        _unit = await _api.InsertAsync(_samples.Organization("市中心医院党委", parent: root.Id));
        _branch = await _api.InsertAsync(_samples.Organization("感染科党支部", parent: _unit.Id, ancestors: [root.Id, _unit.Id], kind: OrganizationKind.Branch));
        _otherBranch = await _api.InsertAsync(_samples.Organization("公安局治安支队党支部", parent: root.Id, kind: OrganizationKind.Branch));
        _editor = _api.Token(Role.Editor, subject: "editor-zhao");
        _admin = _api.Token(Role.Admin, subject: "admin-qian");
        _branchToken = _api.Token(Role.Branch, _branch.Id, subject: "secretary-sun");
        _otherBranchToken = _api.Token(Role.Branch, _otherBranch.Id, subject: "secretary-li");
        _reader = _api.Token(Role.Reader, subject: "reader-zhou");
    }

    public async ValueTask DisposeAsync() => await _api.DisposeAsync();

    private const string StoryFields = "story { id version status title body publishedAt featured transitions { from to action by note } } errors { __typename ... on Error { code message path } ";

    // submitStory cannot fail with a conflict or a transition error, so a client may not even ask about them there.
    private const string UpdateErrors = "... on VersionConflictError { currentVersion expectedVersion } ... on ForbiddenTransitionError { from action } ";

    private Task<JsonElement> MutateAsync(string mutation, object input, string? token) =>
        _api.MutateAsync(mutation, StoryFields + (mutation == "submitStory" ? "" : UpdateErrors) + "}", input, token);

    private async Task<(string Id, int Version)> SubmitAsync(string? token = null, string title = "发热门诊的坚守")
    {
        var payload = await MutateAsync("submitStory", new
        {
            submittingOrganizationId = GlobalId.Encode("Organization", _branch.Id),
            title,
            body = "感染科党员**主动请战**，坚守发热门诊。",
            people = new[] { "李医生" },
            tags = new[] { "发热门诊" },
        }, token ?? _branchToken);
        payload.AssertNoErrors();
        return (payload.At("story.id").GetString()!, payload.At("story.version").GetInt32());
    }

    private static string ErrorCode(JsonElement payload) => payload.At("errors.0.code").GetString()!;

    private async Task<(string Status, int Version)> StateAsync(string id)
    {
        var node = (await _api.QueryAsync("query($id: ID!) { node(id: $id) { ... on Story { status version } } }", new { id }, _editor)).Ok().GetProperty("node");
        return (node.GetProperty("status").GetString()!, node.GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task A_story_goes_from_submission_through_review_to_publication_and_archive()
    {
        var (id, version) = await SubmitAsync();
        Assert.Equal(("SUBMITTED", 1), await StateAsync(id));

        var steps = new[]
        {
            ("startStoryReview", _editor, "IN_REVIEW"),
            ("requestStoryChanges", _editor, "CHANGES_REQUESTED"),
            ("resubmitStory", _branchToken, "SUBMITTED"),
            ("startStoryReview", _editor, "IN_REVIEW"),
            ("approveStory", _editor, "APPROVED"),
            ("publishStory", _admin, "PUBLISHED"),
            ("archiveStory", _editor, "ARCHIVED"),
        };
        foreach (var (mutation, token, status) in steps)
        {
            var payload = await MutateAsync(mutation, new { id, expectedVersion = version, note = $"{mutation} 说明" }, token);
            payload.AssertNoErrors();
            Assert.Equal(status, payload.At("story.status").GetString());
            Assert.Equal(version + 1, payload.At("story.version").GetInt32());
            version++;
        }

        var editArchived = await MutateAsync("updateStory", new { id, expectedVersion = version, title = "归档后再改" }, _editor);
        Assert.Equal("FORBIDDEN_TRANSITION", ErrorCode(editArchived));
        var story = (await _api.QueryAsync("query($id: ID!) { node(id: $id) { ... on Story { publishedAt transitions { from to action by note } } } }", new { id }, _editor)).Ok().GetProperty("node");
        Assert.Equal(7, story.GetProperty("transitions").GetArrayLength());
        Assert.Equal("secretary-sun", story.At("transitions.2.by").GetString());
        Assert.Equal("RESUBMIT", story.At("transitions.2.action").GetString());
        Assert.Equal("publishStory 说明", story.At("transitions.5.note").GetString());
        Assert.NotEqual(JsonValueKind.Null, story.GetProperty("publishedAt").ValueKind);
    }

    [Fact]
    public async Task A_rejected_story_stays_rejected()
    {
        var (id, version) = await SubmitAsync();
        (await MutateAsync("startStoryReview", new { id, expectedVersion = version }, _editor)).AssertNoErrors();
        var rejected = await MutateAsync("rejectStory", new { id, expectedVersion = version + 1, note = "与主题无关" }, _editor);
        rejected.AssertNoErrors();
        Assert.Equal("REJECTED", rejected.At("story.status").GetString());

        foreach (var mutation in new[] { "publishStory", "approveStory", "resubmitStory", "startStoryReview", "archiveStory" })
        {
            var payload = await MutateAsync(mutation, new { id, expectedVersion = version + 2 }, _editor);
            Assert.Equal("FORBIDDEN_TRANSITION", ErrorCode(payload));
            Assert.Equal("REJECTED", payload.At("errors.0.from").GetString());
        }
        Assert.Equal(("REJECTED", version + 2), await StateAsync(id));
    }

    [Theory]
    [InlineData("publishStory")]
    [InlineData("approveStory")]
    [InlineData("rejectStory")]
    [InlineData("requestStoryChanges")]
    [InlineData("archiveStory")]
    [InlineData("resubmitStory")]
    public async Task Steps_that_do_not_start_from_submitted_are_forbidden_transitions_that_change_nothing(string mutation)
    {
        var (id, version) = await SubmitAsync();

        var payload = await MutateAsync(mutation, new { id, expectedVersion = version }, _editor);

        Assert.Equal(JsonValueKind.Null, payload.GetProperty("story").ValueKind);
        Assert.Equal("ForbiddenTransitionError", payload.At("errors.0.__typename").GetString());
        Assert.Equal(("SUBMITTED", version), await StateAsync(id));
    }

    [Theory]
    [InlineData("startStoryReview")]
    [InlineData("approveStory")]
    [InlineData("publishStory")]
    [InlineData("featureStory")]
    public async Task Branches_and_readers_may_not_take_editor_steps(string mutation)
    {
        var (id, version) = await SubmitAsync();

        var byBranch = await MutateAsync(mutation, new { id, expectedVersion = version }, _branchToken);
        var byReader = await MutateAsync(mutation, new { id, expectedVersion = version }, _reader);
        var byAnonymous = await MutateAsync(mutation, new { id, expectedVersion = version }, null);

        Assert.Equal("FORBIDDEN", ErrorCode(byBranch));
        Assert.Equal("FORBIDDEN", ErrorCode(byReader));
        Assert.Equal("UNAUTHENTICATED", ErrorCode(byAnonymous));
        Assert.Equal(("SUBMITTED", version), await StateAsync(id));
    }

    [Fact]
    public async Task A_branch_cannot_submit_or_edit_for_another_branch()
    {
        var forOther = await MutateAsync("submitStory", new { submittingOrganizationId = GlobalId.Encode("Organization", _otherBranch.Id), title = "冒名", body = "x" }, _branchToken);
        Assert.Equal("FORBIDDEN", ErrorCode(forOther));

        var (id, version) = await SubmitAsync();
        // The other branch cannot even see the unsubmitted story, so for it the story does not exist.
        var edit = await MutateAsync("updateStory", new { id, expectedVersion = version, title = "篡改" }, _otherBranchToken);
        Assert.Equal("NOT_FOUND", ErrorCode(edit));
        Assert.Equal(0, await _api.Store.CountAsync(Kinds.Story, Filter.Eq("title", "冒名"), TestContext.Current.CancellationToken));
        Assert.Equal(0, await _api.Store.CountAsync(Kinds.Story, Filter.Eq("title", "篡改"), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_branch_edits_its_story_only_while_it_is_with_the_branch()
    {
        var (id, version) = await SubmitAsync();
        var edited = await MutateAsync("updateStory", new { id, expectedVersion = version, title = "修改后的标题" }, _branchToken);
        edited.AssertNoErrors();
        (await MutateAsync("startStoryReview", new { id, expectedVersion = version + 1 }, _editor)).AssertNoErrors();

        var late = await MutateAsync("updateStory", new { id, expectedVersion = version + 2, title = "审核中再改" }, _branchToken);

        Assert.Equal("FORBIDDEN_TRANSITION", ErrorCode(late));
        Assert.Equal(("IN_REVIEW", version + 2), await StateAsync(id));
    }

    [Fact]
    public async Task Two_concurrent_updates_from_one_version_give_one_success_and_one_conflict()
    {
        var (id, version) = await SubmitAsync();

        var results = await Task.WhenAll(
            MutateAsync("updateStory", new { id, expectedVersion = version, title = "编辑甲的修改" }, _editor),
            MutateAsync("updateStory", new { id, expectedVersion = version, title = "编辑乙的修改" }, _editor));

        var succeeded = results.Single(r => r.GetProperty("errors").ValueKind == JsonValueKind.Null);
        var conflicted = results.Single(r => r.GetProperty("errors").ValueKind != JsonValueKind.Null);
        Assert.Equal("VERSION_CONFLICT", ErrorCode(conflicted));
        Assert.Equal(version + 1, conflicted.At("errors.0.currentVersion").GetInt32());
        Assert.Equal(version, conflicted.At("errors.0.expectedVersion").GetInt32());
        var title = (await _api.QueryAsync("query($id: ID!) { node(id: $id) { ... on Story { title version } } }", new { id }, _editor)).Ok().GetProperty("node");
        Assert.Equal(succeeded.At("story.title").GetString(), title.GetProperty("title").GetString());
        Assert.Equal(version + 1, title.GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task Featuring_is_for_published_stories_only()
    {
        var (id, version) = await SubmitAsync();
        Assert.Equal("FORBIDDEN_TRANSITION", ErrorCode(await MutateAsync("featureStory", new { id, expectedVersion = version }, _editor)));
        foreach (var step in new[] { "startStoryReview", "approveStory", "publishStory" })
            (await MutateAsync(step, new { id, expectedVersion = version++ }, _editor)).AssertNoErrors();

        var featured = await MutateAsync("featureStory", new { id, expectedVersion = version }, _editor);
        var unfeatured = await MutateAsync("unfeatureStory", new { id, expectedVersion = version + 1 }, _editor);

        Assert.True(featured.At("story.featured").GetBoolean());
        Assert.False(unfeatured.At("story.featured").GetBoolean());
    }

    [Fact]
    public async Task The_steps_allowed_now_and_featuring_are_answered_per_caller()
    {
        var (id, version) = await SubmitAsync();
        (await MutateAsync("startStoryReview", new { id, expectedVersion = version }, _editor)).AssertNoErrors();
        (await MutateAsync("requestStoryChanges", new { id, expectedVersion = version + 1 }, _editor)).AssertNoErrors();

        async Task<(string[] Actions, bool CanFeature)> AskAsync(string token)
        {
            var node = (await _api.QueryAsync("query($id: ID!) { node(id: $id) { ... on Story { allowedActions canFeature } } }", new { id }, token)).Ok().GetProperty("node");
            return (node.GetProperty("allowedActions").EnumerateArray().Select(a => a.GetString()!).ToArray(), node.GetProperty("canFeature").GetBoolean());
        }

        // Editors may resubmit for a branch too; nobody features a story that is not published.
        var returned = await AskAsync(_editor);
        Assert.Equal(["RESUBMIT"], returned.Actions);
        Assert.False(returned.CanFeature);
        Assert.Equal(["RESUBMIT"], (await AskAsync(_branchToken)).Actions);
        foreach (var step in new[] { "resubmitStory", "startStoryReview", "approveStory", "publishStory" })
            (await MutateAsync(step, new { id, expectedVersion = (await StateAsync(id)).Version }, _editor)).AssertNoErrors();

        var editor = await AskAsync(_editor);
        Assert.Equal(["ARCHIVE"], editor.Actions);
        Assert.True(editor.CanFeature);
        var branch = await AskAsync(_branchToken);
        Assert.Empty(branch.Actions);
        Assert.False(branch.CanFeature);
        var reader = await AskAsync(_reader);
        Assert.Empty(reader.Actions);
        Assert.False(reader.CanFeature);
    }

    [Fact]
    public async Task Anonymous_readers_reach_an_unpublished_story_by_no_path()
    {
        var (id, _) = await SubmitAsync(title: "尚未发布的事迹");

        var data = (await _api.QueryAsync("""
            query($id: ID!) {
              node(id: $id) { id }
              nodes(ids: [$id]) { id }
              stories { totalCount nodes { id } }
              organizations { nodes { stories { totalCount nodes { id } } } }
            }
            """, new { id })).Ok();

        Assert.Equal(JsonValueKind.Null, data.GetProperty("node").ValueKind);
        Assert.Equal(JsonValueKind.Null, data.At("nodes.0").ValueKind);
        Assert.Equal(0, data.At("stories.totalCount").GetInt32());
        Assert.All(data.At("organizations.nodes").EnumerateArray(), o => Assert.Equal(0, o.At("stories.totalCount").GetInt32()));
        Assert.DoesNotContain("尚未发布", data.ToString());
        await _api.WaitForIndexAsync();
        const string search = "{ search(query: \"尚未发布的事迹\") { totalCount facets { kinds { value count } } edges { node { __typename } } } }";
        var anonymous = (await _api.QueryAsync(search)).Ok();
        Assert.Equal(0, anonymous.At("search.totalCount").GetInt32());
        Assert.Empty(anonymous.At("search.facets.kinds").EnumerateArray());
        Assert.Equal(1, (await _api.QueryAsync(search, token: _editor)).Ok().At("search.totalCount").GetInt32());
        // The branch that submitted it sees it.
        Assert.Equal(id, (await _api.QueryAsync("query($id: ID!) { node(id: $id) { id } }", new { id }, _branchToken)).Ok().At("node.id").GetString());
    }
}
