using System.Net.Http.Headers;
using System.Text.Json;
using Dangjian.Api.GraphQL.Relay;
using Dangjian.Core.Access;
using Dangjian.Core.Documents;
using Dangjian.Tests.Support;

namespace Dangjian.Tests.Hardening;

/// <summary>
/// Regression tests for the leaks an outside attack found (issue 13): each is a way an anonymous caller learned
/// something about documents they may not see, through a document they may see.
/// </summary>
public sealed class LeakTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string SearchQuery = """
        query($q: String!, $after: String) {
          search(query: $q, first: 3, after: $after) {
            totalCount
            pageInfo { hasNextPage endCursor }
            edges { cursor score node { __typename ... on Story { id } ... on Directive { id } } }
          }
        }
        """;

    [Fact]
    public async Task Scores_cursors_export_and_related_do_not_move_when_hidden_documents_with_the_same_words_are_added()
    {
        await using var api = new ApiHost();
        var samples = new Samples();
        var root = await api.InsertAsync(samples.Organization("机关工委", kind: OrganizationKind.WorkingCommittee));
        var stories = new List<Story>();
        foreach (var title in new[] { "方舱医院里的党课", "方舱医院的夜班", "社区防控的一天", "方舱里的志愿者", "医院党员突击队" })
            stories.Add(await api.InsertAsync(samples.Story(root.Id, title) with { Body = title + "：党员医护人员坚守方舱医院。" }));
        await api.WaitForIndexAsync();
        var before = await SnapshotAsync();

        // Editors' work in progress, full of the same words, in every hidden status.
        foreach (var status in new[] { StoryStatus.Submitted, StoryStatus.InReview, StoryStatus.ChangesRequested, StoryStatus.Approved, StoryStatus.Rejected, StoryStatus.Archived })
        {
            for (var i = 0; i < 3; i++)
                await api.InsertAsync(samples.Story(root.Id, "方舱医院方舱医院方舱", status) with { Body = "方舱医院 方舱 医院 党课 夜班 志愿者" });
        }
        await api.InsertAsync(samples.Directive(root.Id, "关于方舱医院党课的通知（草稿）", DirectiveStatus.Draft));
        await api.InsertAsync(samples.StudyMaterial("方舱医院学习资料（归档）", StudyMaterialStatus.Archived));
        await api.WaitForIndexAsync();
        var after = await SnapshotAsync();

        Assert.Equal(before, after);

        async Task<string> SnapshotAsync()
        {
            var first = (await api.QueryAsync(SearchQuery, new { q = "方舱医院" })).Ok();
            var cursor = first.At("search.pageInfo.endCursor").GetString();
            var second = (await api.QueryAsync(SearchQuery, new { q = "方舱医院", after = cursor })).Ok();
            var related = (await api.QueryAsync("query($id: ID!) { node(id: $id) { ... on Story { related(first: 5) { __typename ... on Story { id } } } } }",
                new { id = GlobalId.Encode("Story", stories[0].Id) })).Ok();
            using var client = api.CreateClient();
            var export = await client.GetStringAsync("/export/search?query=" + Uri.EscapeDataString("方舱医院") + "&format=jsonl", Ct);
            var csv = await client.GetStringAsync("/export/search?query=" + Uri.EscapeDataString("方舱医院") + "&format=csv", Ct);
            return string.Join("\n", first.GetRawText(), second.GetRawText(), related.GetRawText(), export, csv);
        }
    }

    [Fact]
    public async Task Related_picks_the_same_words_however_many_hidden_documents_there_are()
    {
        // related weighs a word by its frequency in the story times its idf, 1 + ln(documents / (df + 1)). Counting
        // hidden documents in "documents" adds the same amount to every idf, which favours a word repeated in the story
        // over rare ones: here 党课 (twice in the story, in ten visible stories) loses to the run's pairs (once each, in
        // two stories) among twelve visible documents, 2.17 to 2.39, and would win once sixty hidden ones were counted,
        // 5.76 to 4.18, pulling in every story that mentions 党课.
        await using var api = new ApiHost();
        var samples = new Samples();
        var root = await api.InsertAsync(samples.Organization("机关工委", kind: OrganizationKind.WorkingCommittee));
        const string Run = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥鼠牛虎兔龙蛇马羊猴鸡狗猪琴棋书画";
        Assert.Equal(Run.Length, Run.Distinct().Count());
        var story = await api.InsertAsync(samples.Story(root.Id, "甲乙丙丁") with { Body = Run + "。党课，党课。" });
        var twin = await api.InsertAsync(samples.Story(root.Id, "甲乙丙丁（续）") with { Body = Run + "。" });
        for (var i = 0; i < 9; i++)
            await api.InsertAsync(samples.Story(root.Id, "支部学习" + i) with { Body = "党课。" });
        await api.InsertAsync(samples.Story(root.Id, "社区值守") with { Body = "值守。" });
        await api.WaitForIndexAsync();
        var before = await RelatedAsync();
        Assert.Equal([twin.Id], before);

        foreach (var status in new[] { StoryStatus.Submitted, StoryStatus.InReview, StoryStatus.Rejected, StoryStatus.Archived })
        {
            for (var i = 0; i < 15; i++)
                await api.InsertAsync(samples.Story(root.Id, "未发布的稿件" + i, status) with { Body = "尚在审核。" });
        }
        await api.WaitForIndexAsync();

        Assert.Equal(before, await RelatedAsync());

        async Task<List<string>> RelatedAsync()
        {
            var data = (await api.QueryAsync("query($id: ID!) { node(id: $id) { ... on Story { related(first: 20) { ... on Story { id } } } } }",
                new { id = GlobalId.Encode("Story", story.Id) })).Ok();
            return data.At("node.related").EnumerateArray().Select(s => GlobalId.Decode(s.GetProperty("id").GetString()).Value.LocalId).ToList();
        }
    }

    [Fact]
    public async Task Links_to_hidden_documents_are_not_in_permalink_json_nor_in_exports_and_filters_on_them_confirm_nothing()
    {
        await using var api = new ApiHost();
        var samples = new Samples();
        var root = await api.InsertAsync(samples.Organization("机关工委", kind: OrganizationKind.WorkingCommittee));
        var published = await api.InsertAsync(samples.Directive(root.Id, "已发布的通知"));
        var draft = await api.InsertAsync(samples.Directive(root.Id, "通知草稿", DirectiveStatus.Draft));
        var archived = await api.InsertAsync(samples.StudyMaterial("归档的学习资料", StudyMaterialStatus.Archived));
        var story = await api.InsertAsync(samples.Story(root.Id, "链接故事", sections: [published.Sections[0].Id, draft.Sections[0].Id]));
        var log = await api.InsertAsync(samples.ActivityLog(root.Id, "链接活动", sections: [draft.Sections[1].Id]) with { StudyMaterialIds = [archived.Id] });
        await api.WaitForIndexAsync();

        using var client = api.CreateClient();
        var storyJson = JsonDocument.Parse(await client.GetStringAsync("/d/" + Uri.EscapeDataString(GlobalId.Encode("Story", story.Id)), Ct)).RootElement;
        // Ids outside the store are global ids (docs/api-changes.md).
        Assert.Equal([GlobalId.Encode("DirectiveSection", published.Sections[0].Id)], storyJson.At("document.sectionIds").EnumerateArray().Select(e => e.GetString()!).ToList());
        var logJson = JsonDocument.Parse(await client.GetStringAsync("/d/" + Uri.EscapeDataString(GlobalId.Encode("ActivityLog", log.Id)), Ct)).RootElement;
        Assert.Empty(logJson.At("document.sectionIds").EnumerateArray());
        Assert.Empty(logJson.At("document.studyMaterialIds").EnumerateArray());

        var export = await client.GetStringAsync("/export/search?query=" + Uri.EscapeDataString("链接") + "&format=jsonl", Ct);
        Assert.Equal(2, export.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        foreach (var hidden in new[] { ("DirectiveSection", draft.Sections[0].Id), ("DirectiveSection", draft.Sections[1].Id), ("StudyMaterial", archived.Id) })
        {
            Assert.DoesNotContain(hidden.Item2, export, StringComparison.Ordinal);
            Assert.DoesNotContain(GlobalId.Encode(hidden.Item1, hidden.Item2), export, StringComparison.Ordinal);
        }
        Assert.Contains(GlobalId.Encode("DirectiveSection", published.Sections[0].Id), export, StringComparison.Ordinal);

        // A filter on a link answers as if the hidden document did not exist: the same as for an id that never did.
        var counts = (await api.QueryAsync("""
            query($hiddenSection: ID!, $hiddenMaterial: ID!, $missing: ID!) {
              bySection: activityLogs(where: { sectionIds: { some: { eq: $hiddenSection } } }) { totalCount }
              byMissing: activityLogs(where: { sectionIds: { some: { eq: $missing } } }) { totalCount }
              byMaterial: activityLogs(where: { studyMaterialIds: { some: { eq: $hiddenMaterial } } }) { totalCount }
              anySection: activityLogs(where: { sectionIds: { any: true } }) { totalCount }
              anyMaterial: activityLogs(where: { studyMaterialIds: { any: true } }) { totalCount }
              noSection: activityLogs(where: { sectionIds: { none: { eq: $hiddenSection } } }) { totalCount }
              allHidden: activityLogs(where: { sectionIds: { all: { eq: $hiddenSection } } }) { totalCount }
              storiesBySection: stories(where: { sectionIds: { some: { eq: $hiddenSection } } }) { totalCount }
            }
            """, new
        {
            hiddenSection = GlobalId.Encode("DirectiveSection", draft.Sections[1].Id),
            hiddenMaterial = GlobalId.Encode("StudyMaterial", archived.Id),
            missing = GlobalId.Encode("DirectiveSection", "no-such.s1"),
        })).Ok();
        Assert.Equal(0, counts.At("bySection.totalCount").GetInt32());
        Assert.Equal(0, counts.At("byMissing.totalCount").GetInt32());
        Assert.Equal(0, counts.At("byMaterial.totalCount").GetInt32());
        Assert.Equal(0, counts.At("anySection.totalCount").GetInt32());
        Assert.Equal(0, counts.At("anyMaterial.totalCount").GetInt32());
        Assert.Equal(1, counts.At("noSection.totalCount").GetInt32());
        Assert.Equal(1, counts.At("allHidden.totalCount").GetInt32()); // its visible sections: none, so "all" holds vacuously, as for any log without links
        Assert.Equal(0, counts.At("storiesBySection.totalCount").GetInt32());

        // Editors still see and filter on every link.
        var editor = (await api.QueryAsync("query($s: ID!) { activityLogs(where: { sectionIds: { some: { eq: $s } } }) { totalCount } }",
            new { s = GlobalId.Encode("DirectiveSection", draft.Sections[1].Id) }, api.Token(Role.Editor))).Ok();
        Assert.Equal(1, editor.At("activityLogs.totalCount").GetInt32());
    }

    [Fact]
    public async Task Review_notes_and_reviewers_of_a_published_story_are_for_editors_and_the_submitting_branch()
    {
        await using var api = new ApiHost();
        var samples = new Samples();
        var root = await api.InsertAsync(samples.Organization("机关工委", kind: OrganizationKind.WorkingCommittee));
        var branch = await api.InsertAsync(samples.Organization("发热门诊党支部", parent: root.Id, kind: OrganizationKind.Branch));
        var other = await api.InsertAsync(samples.Organization("另一个党支部", parent: root.Id, kind: OrganizationKind.Branch));
        var at = new DateTimeOffset(2020, 2, 11, 9, 0, 0, TimeSpan.FromHours(8));
        var story = await api.InsertAsync(samples.Story(branch.Id, "审阅过的故事") with
        {
            Transitions =
            [
                new StoryTransition(StoryStatus.Submitted, StoryStatus.InReview, "START_REVIEW", "editor-li", at, null),
                new StoryTransition(StoryStatus.InReview, StoryStatus.ChangesRequested, "REQUEST_CHANGES", "editor-li", at.AddHours(1), "INTERNAL: 张三的说法需要核实"),
                new StoryTransition(StoryStatus.ChangesRequested, StoryStatus.Submitted, "RESUBMIT", "secretary-wang", at.AddHours(2), "已核实"),
                new StoryTransition(StoryStatus.Submitted, StoryStatus.InReview, "START_REVIEW", "editor-li", at.AddHours(3), null),
                new StoryTransition(StoryStatus.InReview, StoryStatus.Approved, "APPROVE", "editor-li", at.AddHours(4), "INTERNAL: 可以发"),
                new StoryTransition(StoryStatus.Approved, StoryStatus.Published, "PUBLISH", "editor-li", at.AddHours(5), "INTERNAL: 头条"),
            ],
        });
        await api.WaitForIndexAsync();
        const string Query = "query($id: ID!) { node(id: $id) { ... on Story { transitions { action by at note } } } }";
        var id = GlobalId.Encode("Story", story.Id);

        foreach (var token in new[] { null, api.Token(Role.Reader), api.Token(Role.Branch, other.Id) })
        {
            var transitions = (await api.QueryAsync(Query, new { id }, token)).Ok().At("node.transitions");
            var only = Assert.Single(transitions.EnumerateArray());
            Assert.Equal("PUBLISH", only.GetProperty("action").GetString());
            Assert.Equal(JsonValueKind.Null, only.GetProperty("by").ValueKind);
            Assert.Equal(JsonValueKind.Null, only.GetProperty("note").ValueKind);
            Assert.Equal(at.AddHours(5), only.GetProperty("at").GetDateTimeOffset());

            using var client = api.CreateClient();
            using var request = new HttpRequestMessage(HttpMethod.Get, "/d/" + Uri.EscapeDataString(id));
            if (token is not null)
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            var json = await (await client.SendAsync(request, Ct)).Content.ReadAsStringAsync(Ct);
            Assert.DoesNotContain("INTERNAL", json, StringComparison.Ordinal);
            Assert.DoesNotContain("editor-li", json, StringComparison.Ordinal);
            var export = await client.GetStringAsync("/export/search?query=" + Uri.EscapeDataString("审阅过的故事") + "&format=jsonl", Ct);
            Assert.Contains(GlobalId.Encode("Story", story.Id), export, StringComparison.Ordinal);
            Assert.DoesNotContain("INTERNAL", export, StringComparison.Ordinal);
        }
        foreach (var token in new[] { api.Token(Role.Editor), api.Token(Role.Branch, branch.Id) })
        {
            var transitions = (await api.QueryAsync(Query, new { id }, token)).Ok().At("node.transitions");
            Assert.Equal(6, transitions.GetArrayLength());
            Assert.Equal("INTERNAL: 张三的说法需要核实", transitions[1].GetProperty("note").GetString());
            Assert.Equal("editor-li", transitions[1].GetProperty("by").GetString());
        }
    }
}
