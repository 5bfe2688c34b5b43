using System.Text.Json;
using Dangjian.Api.GraphQL.Relay;
using Dangjian.Core.Access;
using Dangjian.Core.Documents;
using Dangjian.Core.Storage;
using Dangjian.Tests.Support;

namespace Dangjian.Tests.Editorial;

/// <summary>Mutations other than the story workflow: validation, revisions, audit, sections, organisations.</summary>
public sealed class WriteApiTests : IAsyncLifetime
{
    private readonly ApiHost _api = new();
    private readonly Samples _samples = new();
    private Organization _root = null!;
    private Organization _unit = null!;
    private string _editor = "";
    private string _admin = "";

    public async ValueTask InitializeAsync()
    {
        _root = await _api.InsertAsync(_samples.Organization("中共娄底市直属机关工作委员会", kind: OrganizationKind.WorkingCommittee));
        _unit = await _api.InsertAsync(_samples.Organization("中共娄底市中心医院委员会", parent: _root.Id));
        _editor = _api.Token(Role.Editor, subject: "editor-zhao");
        _admin = _api.Token(Role.Admin, subject: "admin-qian");
    }

    public async ValueTask DisposeAsync() => await _api.DisposeAsync();

    private Task<JsonElement> MutateAsync(string mutation, string resultField, object input, string? token, string fields = "id version") =>
        _api.MutateAsync(mutation, $"{resultField} {{ {fields} }} errors {{ __typename ... on Error {{ code message path }} }}", input, token);

    private string Org(Organization organization) => GlobalId.Encode("Organization", organization.Id);

    [Fact]
    public async Task Invalid_story_input_reports_every_problem_and_writes_nothing()
    {
        var before = await _api.Store.GetLastSequenceAsync(TestContext.Current.CancellationToken);

        var payload = await MutateAsync("submitStory", "story", new
        {
            submittingOrganizationId = Org(_unit),
            title = new string('长', 201),
            body = new string('文', 100_001),
            sectionIds = new[] { GlobalId.Encode("DirectiveSection", "nope.s1") },
            organizationIds = new[] { GlobalId.Encode("Story", "x") },
        }, _editor);

        var errors = payload.GetProperty("errors").EnumerateArray().ToList();
        var paths = errors.Select(e => string.Join('.', e.GetProperty("path").EnumerateArray().Select(p => p.GetString()))).ToList();
        Assert.Contains("input.organizationIds.0", paths);
        Assert.All(errors, e => Assert.Equal("ValidationError", e.GetProperty("__typename").GetString()));
        Assert.Equal(before, await _api.Store.GetLastSequenceAsync(TestContext.Current.CancellationToken));

        var lengths = await MutateAsync("submitStory", "story", new
        {
            submittingOrganizationId = Org(_unit),
            title = new string('长', 201),
            body = new string('文', 100_001),
            sectionIds = new[] { GlobalId.Encode("DirectiveSection", "nope.s1") },
        }, _editor);
        var messages = lengths.GetProperty("errors").EnumerateArray().Select(e => (Path: string.Join('.', e.GetProperty("path").EnumerateArray().Select(p => p.GetString())), Message: e.GetProperty("message").GetString()!)).ToList();
        Assert.Contains(messages, m => m.Path == "input.title" && m.Message.Contains("200", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Path == "input.body" && m.Message.Contains("100000", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Path == "input.sectionIds");
        Assert.Equal(before, await _api.Store.GetLastSequenceAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Every_mutation_leaves_exactly_one_audit_entry_with_who_did_it()
    {
        async Task<int> AuditCountAsync() => (await _api.Store.QueryAuditAsync(new AuditQuery { Limit = 1000 }, TestContext.Current.CancellationToken)).Count;
        var start = await AuditCountAsync();

        var material = await MutateAsync("createStudyMaterial", "studyMaterial", new { title = "防范知识", kind = "PREVENTION_KNOWLEDGE", publishedOn = "2020-01-30", body = "勤洗手。" }, _editor);
        material.AssertNoErrors();
        Assert.Equal(start + 1, await AuditCountAsync());
        var materialId = material.At("studyMaterial.id").GetString();
        (await MutateAsync("updateStudyMaterial", "studyMaterial", new { id = materialId, expectedVersion = 1, title = "防范知识（修订）" }, _editor)).AssertNoErrors();
        Assert.Equal(start + 2, await AuditCountAsync());
        (await MutateAsync("archiveStudyMaterial", "studyMaterial", new { id = materialId, expectedVersion = 2 }, _editor)).AssertNoErrors();
        Assert.Equal(start + 3, await AuditCountAsync());
        var log = await MutateAsync("logActivity", "activityLog", new { organizationId = Org(_unit), kind = "GRID_DUTY", title = "担任网格员", occurredAt = "2020-02-03T08:00:00+08:00" }, _editor);
        log.AssertNoErrors();
        (await MutateAsync("correctActivityLog", "activityLog", new { id = log.At("activityLog.id").GetString(), expectedVersion = 1, participantCount = 9 }, _editor)).AssertNoErrors();
        Assert.Equal(start + 5, await AuditCountAsync());
        // A refused mutation leaves none.
        Assert.NotEqual(JsonValueKind.Null, (await MutateAsync("archiveStudyMaterial", "studyMaterial", new { id = materialId, expectedVersion = 3 }, _editor)).GetProperty("errors").ValueKind);
        Assert.Equal(start + 5, await AuditCountAsync());

        var audit = (await _api.QueryAsync("{ auditLog(first: 3) { nodes { actor role action documentId version } pageInfo { hasNextPage } } }", token: _admin)).Ok().At("auditLog");
        Assert.Equal(["CORRECT", "LOG", "ARCHIVE"], audit.GetProperty("nodes").Strings("action"));
        Assert.Equal("editor-zhao", audit.At("nodes.0.actor").GetString());
        Assert.Equal("EDITOR", audit.At("nodes.0.role").GetString());
        var forEditor = await _api.QueryAsync("{ auditLog { nodes { actor } } }", token: _editor);
        Assert.Equal(["FORBIDDEN"], forEditor.ErrorCodes);
    }

    [Fact]
    public async Task Revisions_reconstruct_every_earlier_state_newest_first()
    {
        var branch = await _api.InsertAsync(_samples.Organization("发热门诊火线党支部", parent: _unit.Id, ancestors: [_root.Id, _unit.Id], kind: OrganizationKind.FrontLineBranch));
        var branchToken = _api.Token(Role.Branch, branch.Id, subject: "secretary-sun");
        var submitted = await MutateAsync("submitStory", "story", new { submittingOrganizationId = Org(branch), title = "初稿", body = "第一版正文" }, branchToken);
        var id = submitted.At("story.id").GetString();
        (await MutateAsync("updateStory", "story", new { id, expectedVersion = 1, body = "第二版正文", note = "补充细节" }, branchToken)).AssertNoErrors();
        (await MutateAsync("updateStory", "story", new { id, expectedVersion = 2, title = "定稿" }, _editor)).AssertNoErrors();

        const string query = "query($id: ID!) { node(id: $id) { ... on Story { revisions { version actor action note changedFields story { title body version } } } } }";
        var revisions = (await _api.QueryAsync(query, new { id }, _editor)).Ok().At("node.revisions");

        Assert.Equal([3, 2, 1], revisions.EnumerateArray().Select(r => r.GetProperty("version").GetInt32()));
        Assert.Equal(["定稿", "初稿", "初稿"], revisions.EnumerateArray().Select(r => r.At("story.title").GetString()));
        Assert.Equal(["第二版正文", "第二版正文", "第一版正文"], revisions.EnumerateArray().Select(r => r.At("story.body").GetString()));
        Assert.Equal(["title"], revisions[0].GetProperty("changedFields").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal(["body"], revisions[1].GetProperty("changedFields").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal("补充细节", revisions[1].GetProperty("note").GetString());
        Assert.Equal("secretary-sun", revisions[2].GetProperty("actor").GetString());
        // Readers do not see the history of a story.
        Assert.Equal(JsonValueKind.Null, (await _api.QueryAsync(query, new { id })).Ok().GetProperty("node").ValueKind);
    }

    [Fact]
    public async Task Story_html_is_sanitised()
    {
        var payload = await MutateAsync("submitStory", "story", new
        {
            submittingOrganizationId = Org(_unit),
            title = "带标记的事迹",
            body = "**坚守**一线 <script>alert(1)</script> [点我](javascript:alert(1)) <img src=x onerror=alert(1)> [正常链接](https://example.org)",
        }, _editor, "bodyHtml");

        var html = payload.At("story.bodyHtml").GetString()!;
        Assert.Contains("<strong>坚守</strong>", html);
        Assert.Contains("https://example.org", html);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("javascript:", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        // Raw HTML in Markdown is shown as text, not interpreted.
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", html);
    }

    [Fact]
    public async Task Directive_sections_keep_their_ids_and_linked_ones_cannot_be_dropped()
    {
        var created = await MutateAsync("createDirective", "directive", new
        {
            issuerId = Org(_root),
            title = "关于做好复工复产的通知",
            issuedOn = "2020-02-20",
            sections = new[] { new { heading = "统一思想", body = "……" }, new { heading = "压实责任", body = "……" } },
        }, _editor, "id status sections { id number heading }");
        created.AssertNoErrors();
        Assert.Equal("DRAFT", created.At("directive.status").GetString());
        var id = created.At("directive.id").GetString()!;
        var first = created.At("directive.sections.0.id").GetString()!;
        var second = created.At("directive.sections.1.id").GetString()!;
        Assert.Equal(JsonValueKind.Null, (await _api.QueryAsync("query($id: ID!) { node(id: $id) { id } }", new { id })).Ok().GetProperty("node").ValueKind);
        (await MutateAsync("publishDirective", "directive", new { id, expectedVersion = 1 }, _editor)).AssertNoErrors();

        var log = await MutateAsync("logActivity", "activityLog", new { organizationId = Org(_unit), kind = "POLITICAL_STUDY", title = "学习通知", occurredAt = "2020-02-21T09:00:00+08:00", sectionIds = new[] { second } }, _editor);
        log.AssertNoErrors();

        // Insert a section in front: the second section keeps its id and becomes number 3.
        var reordered = await MutateAsync("updateDirective", "directive", new
        {
            id,
            expectedVersion = 2,
            sections = new object[] { new { heading = "新增的第一条" }, new { id = first, heading = "统一思想" }, new { id = second, heading = "压实责任（修订）" } },
        }, _editor, "sections { id number heading }");
        reordered.AssertNoErrors();
        Assert.Equal(second, reordered.At("directive.sections.2.id").GetString());
        Assert.Equal(3, reordered.At("directive.sections.2.number").GetInt32());
        Assert.NotEqual(first, reordered.At("directive.sections.0.id").GetString());

        var dropped = await MutateAsync("updateDirective", "directive", new { id, expectedVersion = 3, sections = new object[] { new { id = first, heading = "统一思想" } } }, _editor);
        Assert.Equal("VALIDATION_ERROR", dropped.At("errors.0.code").GetString());
        Assert.Contains("linked", dropped.At("errors.0.message").GetString());

        var section = (await _api.QueryAsync("query($id: ID!) { node(id: $id) { ... on DirectiveSection { number heading activityLogs { nodes { title } } } } }", new { id = second })).Ok().GetProperty("node");
        Assert.Equal(3, section.GetProperty("number").GetInt32());
        Assert.Equal(["学习通知"], section.At("activityLogs.nodes").Strings("title"));

        (await MutateAsync("rescindDirective", "directive", new { id, expectedVersion = 3, note = "已被新文件替代" }, _editor)).AssertNoErrors();
        Assert.Equal("FORBIDDEN_TRANSITION", (await MutateAsync("updateDirective", "directive", new { id, expectedVersion = 4, title = "x" }, _editor)).At("errors.0.code").GetString());
    }

    [Fact]
    public async Task A_front_line_branch_is_set_up_under_a_unit_and_later_dissolved()
    {
        var created = await MutateAsync("createOrganization", "organization", new
        {
            name = "市中心医院发热门诊火线党支部",
            kind = "FRONT_LINE_BRANCH",
            parentId = Org(_unit),
            establishedOn = "2020-01-31",
        }, _editor, "id version temporary sector ancestors { name } parent { name }");
        created.AssertNoErrors();
        Assert.True(created.At("organization.temporary").GetBoolean());
        Assert.Equal(["中共娄底市直属机关工作委员会", "中共娄底市中心医院委员会"], created.At("organization.ancestors").Strings("name"));
        Assert.Equal("卫健", created.At("organization.sector").GetString());
        var id = created.At("organization.id").GetString();

        var dissolved = await MutateAsync("dissolveOrganization", "organization", new { id, expectedVersion = 1, dissolvedOn = "2020-04-30", note = "疫情缓解，任务完成" }, _editor, "dissolvedOn");
        var again = await MutateAsync("dissolveOrganization", "organization", new { id, expectedVersion = 2 }, _editor);
        var tooEarly = await MutateAsync("createOrganization", "organization", new { name = "无上级", kind = "BRANCH" }, _editor);
        var byBranch = await MutateAsync("createOrganization", "organization", new { name = "擅自成立", kind = "BRANCH", parentId = Org(_unit) }, _api.Token(Role.Branch, _unit.Id));

        Assert.Equal("2020-04-30", dissolved.At("organization.dissolvedOn").GetString());
        Assert.Equal("FORBIDDEN_TRANSITION", again.At("errors.0.code").GetString());
        Assert.Equal("input.parentId", string.Join('.', tooEarly.At("errors.0.path").EnumerateArray().Select(p => p.GetString())));
        Assert.Equal("FORBIDDEN", byBranch.At("errors.0.code").GetString());
    }

    [Fact]
    public async Task A_branch_logs_activities_for_its_own_subtree_only()
    {
        var branch = await _api.InsertAsync(_samples.Organization("感染科党支部", parent: _unit.Id, ancestors: [_root.Id, _unit.Id], kind: OrganizationKind.Branch));
        var other = await _api.InsertAsync(_samples.Organization("公安局党委", parent: _root.Id));
        var unitToken = _api.Token(Role.Branch, _unit.Id);
        var input = new { kind = "ORGANIZATIONAL_LIFE", title = "支部组织生活", occurredAt = "2020-02-05T15:00:00+08:00", participantCount = 12 };

        var own = await MutateAsync("logActivity", "activityLog", new { organizationId = Org(branch), input.kind, input.title, input.occurredAt, input.participantCount }, unitToken);
        var foreign = await MutateAsync("logActivity", "activityLog", new { organizationId = Org(other), input.kind, input.title, input.occurredAt, input.participantCount }, unitToken);
        var future = await MutateAsync("logActivity", "activityLog", new { organizationId = Org(branch), input.kind, input.title, occurredAt = "2099-01-01T00:00:00Z" }, unitToken);

        own.AssertNoErrors();
        Assert.Equal("FORBIDDEN", foreign.At("errors.0.code").GetString());
        Assert.Equal("VALIDATION_ERROR", future.At("errors.0.code").GetString());
        Assert.Equal(1, await _api.Store.CountAsync(Kinds.ActivityLog, Filter.All, TestContext.Current.CancellationToken));
    }
}
