using System.Text.Json;
using Dangjian.Api.Cli;
using Dangjian.Api.GraphQL.Relay;
using Dangjian.Core.Access;
using Dangjian.Core.Documents;
using Dangjian.Tests.Support;

namespace Dangjian.Tests.Api;

/// <summary>
/// Filtering through a relation, as a HotChocolate client writes it (<c>submittingOrganization: { name: … }</c>,
/// <c>organizations: { some: … }</c>), over HTTP against the in-process host and a SQLite store: single and list links,
/// a relation inside a relation, the linked kind's visibility, the bound on matches, and malformed input.
/// </summary>
public sealed class RelationFilterTests : IAsyncLifetime
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly ApiHost _api = new();
    private readonly Samples _samples = new();
    private Organization _committee = null!;
    private Organization _hospital = null!;
    private Organization _frontLine = null!;
    private Organization _nursing = null!;
    private Organization _provisional = null!;

    public async ValueTask InitializeAsync()
    {
        _committee = await _api.InsertAsync(_samples.Organization("机关工委", kind: OrganizationKind.WorkingCommittee));
        _hospital = await _api.InsertAsync(_samples.Organization("中心医院党委", parent: _committee.Id));
        _frontLine = await _api.InsertAsync(_samples.Organization("方舱医院火线党支部", parent: _hospital.Id, ancestors: [_committee.Id, _hospital.Id],
            kind: OrganizationKind.FrontLineBranch));
        _nursing = await _api.InsertAsync(_samples.Organization("护理党支部", parent: _hospital.Id, ancestors: [_committee.Id, _hospital.Id], kind: OrganizationKind.Branch));
        // An issuer an import created and no editor confirmed yet: readers do not see it.
        _provisional = await _api.InsertAsync(_samples.Organization("临时导入的发文机关", kind: OrganizationKind.External) with { Provisional = true });
    }

    public async ValueTask DisposeAsync() => await _api.DisposeAsync();

    private static string Id(Document document) => GlobalId.Encode(Kinds.Of(document).TypeName, document.Id);

    private async Task<List<string>> TitlesAsync(string field, string where, string? token = null, string title = "title")
    {
        var data = (await _api.QueryAsync($"{{ x: {field}(where: {where}, first: 50, order: [{{ {title}: ASC }}]) {{ totalCount nodes {{ t: {title} }} }} }}", token: token)).Ok();
        var titles = data.At("x.nodes").Strings("t");
        Assert.Equal(titles.Count, data.At("x.totalCount").GetInt32());
        return titles;
    }

    [Fact]
    public async Task A_single_link_is_filtered_through_the_linked_documents_fields()
    {
        await _api.InsertAsync(_samples.Story(_frontLine.Id, "火线入党"));
        await _api.InsertAsync(_samples.Story(_nursing.Id, "护士长的请战书"));
        await _api.InsertAsync(_samples.Directive(_committee.Id, "关于组建党员突击队的意见"));
        await _api.InsertAsync(_samples.Directive(_hospital.Id, "关于方舱医院临时党组织的通知"));
        await _api.InsertAsync(_samples.ActivityLog(_frontLine.Id, "火线支部成立"));
        await _api.InsertAsync(_samples.ActivityLog(_nursing.Id, "护理支部学习"));

        Assert.Equal(["火线入党"], await TitlesAsync("stories", """{ submittingOrganization: { name: { contains: "火线" } } }"""));
        Assert.Equal(["关于组建党员突击队的意见"], await TitlesAsync("directives", """{ issuer: { name: { eq: "机关工委" } } }"""));
        Assert.Equal(["火线支部成立"], await TitlesAsync("activityLogs", """{ organization: { kind: { eq: FRONT_LINE_BRANCH } } }"""));
        // A relation inside a relation: the submitting branch's parent; with or, and the id field beside it.
        Assert.Equal(["护士长的请战书", "火线入党"], await TitlesAsync("stories", """{ submittingOrganization: { parent: { name: { eq: "中心医院党委" } } } }"""));
        Assert.Equal(["护士长的请战书"], await TitlesAsync("stories",
            $$"""{ or: [{ submittingOrganization: { name: { startsWith: "护理" } } }, { submittingOrganizationId: { eq: "{{Id(_committee)}}" } }] }"""));
        // No match: nothing, not everything.
        Assert.Empty(await TitlesAsync("stories", """{ submittingOrganization: { name: { eq: "没有这个支部" } } }"""));
        // Below a document, the same shape.
        var nested = (await _api.QueryAsync($$"""{ node(id: "{{Id(_hospital)}}") { ... on Organization { children(where: { parent: { name: { eq: "中心医院党委" } } }) { totalCount } } } }""")).Ok();
        Assert.Equal(2, nested.At("node.children.totalCount").GetInt32());
    }

    [Fact]
    public async Task A_list_of_links_is_filtered_with_some_all_none_and_any()
    {
        var both = await _api.InsertAsync(_samples.Story(_frontLine.Id, "两个支部的故事") with { OrganizationIds = [_frontLine.Id, _nursing.Id] });
        await _api.InsertAsync(_samples.Story(_frontLine.Id, "火线入党"));
        await _api.InsertAsync(_samples.Story(_nursing.Id, "护士长的请战书"));
        var study = await _api.InsertAsync(_samples.StudyMaterial("疫情防控党员学习手册"));
        var log = await _api.InsertAsync(_samples.ActivityLog(_frontLine.Id, "火线支部集中学习") with { StudyMaterialIds = [study.Id] });
        await _api.InsertAsync(_samples.ActivityLog(_nursing.Id, "护理支部值守"));
        await _api.InsertAsync(_samples.Story(_nursing.Id, "学习之后") with { ActivityLogIds = [log.Id] });

        Assert.Equal(["两个支部的故事", "火线入党"], await TitlesAsync("stories", """{ organizations: { some: { name: { contains: "火线" } } } }"""));
        Assert.Equal(["学习之后", "护士长的请战书"], await TitlesAsync("stories", """{ organizations: { none: { name: { contains: "火线" } } } }"""));
        Assert.Equal(["两个支部的故事", "学习之后", "护士长的请战书", "火线入党"],
            await TitlesAsync("stories", """{ organizations: { all: { parent: { name: { eq: "中心医院党委" } } } } }"""));
        Assert.Equal(["学习之后"], await TitlesAsync("stories", """{ activityLogs: { some: { title: { contains: "学习" } } } }"""));
        Assert.Equal(["学习之后"], await TitlesAsync("stories", """{ activityLogs: { some: { studyMaterials: { some: { title: { contains: "手册" } } } } } }"""));
        Assert.Equal(["火线支部集中学习"], await TitlesAsync("activityLogs", """{ studyMaterials: { some: { title: { contains: "手册" } }, any: true } }"""));
        Assert.Equal(["护理支部值守"], await TitlesAsync("activityLogs", """{ studyMaterials: { any: false } }"""));
        // The tree through its self-links: organisations under the hospital, by an ancestor's name.
        Assert.Equal(["护理党支部", "方舱医院火线党支部"], await TitlesAsync("organizations", """{ ancestors: { some: { name: { eq: "中心医院党委" } } } }""", title: "name"));
        // Beside the id field of the same link.
        Assert.Equal(["两个支部的故事"], await TitlesAsync("stories",
            $$"""{ organizations: { some: { name: { startsWith: "护理" } } }, organizationIds: { some: { eq: "{{Id(_frontLine)}}" } } }"""));
        Assert.Equal(Id(both), (await _api.QueryAsync("""{ stories(where: { organizations: { some: { kind: { eq: BRANCH } }, all: { parent: { id: { neq: null } } } }, title: { startsWith: "两" } }) { nodes { id } } }""")).Ok()
            .At("stories.nodes.0.id").GetString());
    }

    [Fact]
    public async Task Linked_documents_the_caller_may_not_see_match_nothing_as_if_they_did_not_exist()
    {
        var hidden = await _api.InsertAsync(_samples.StudyMaterial("方舱医院学习资料（已归档）", StudyMaterialStatus.Archived));
        var visible = await _api.InsertAsync(_samples.StudyMaterial("疫情防控党员学习手册"));
        await _api.InsertAsync(_samples.ActivityLog(_frontLine.Id, "火线支部集中学习") with { StudyMaterialIds = [visible.Id, hidden.Id] });
        await _api.InsertAsync(_samples.ActivityLog(_nursing.Id, "护理支部学习") with { StudyMaterialIds = [hidden.Id] });
        await _api.InsertAsync(_samples.Directive(_provisional.Id, "关于疫情防控的补充通知"));
        await _api.InsertAsync(_samples.Story(_frontLine.Id, "临时支部的故事") with { OrganizationIds = [_frontLine.Id, _provisional.Id] });
        var editor = _api.Token(Role.Editor);

        // What the anonymous reader asks, and what an archive without the hidden material and issuer would answer.
        (string Field, string Where, string[] Anonymous, string[] Editor)[] cases =
        [
            ("activityLogs", """{ studyMaterials: { some: { title: { contains: "已归档" } } } }""", [], ["护理支部学习", "火线支部集中学习"]),
            ("activityLogs", """{ studyMaterials: { some: { status: { eq: ARCHIVED } } } }""", [], ["护理支部学习", "火线支部集中学习"]),
            ("activityLogs", """{ studyMaterials: { none: { title: { contains: "已归档" } } } }""", ["护理支部学习", "火线支部集中学习"], []),
            ("activityLogs", """{ studyMaterials: { all: { title: { contains: "手册" } } } }""", ["护理支部学习", "火线支部集中学习"], []),
            ("activityLogs", """{ studyMaterials: { any: true } }""", ["火线支部集中学习"], ["护理支部学习", "火线支部集中学习"]),
            ("directives", """{ issuer: { name: { contains: "临时导入" } } }""", [], ["关于疫情防控的补充通知"]),
            ("directives", """{ issuer: { provisional: { eq: true } } }""", [], ["关于疫情防控的补充通知"]),
            ("stories", """{ organizations: { some: { kind: { eq: EXTERNAL } } } }""", [], ["临时支部的故事"]),
            ("stories", """{ organizations: { all: { kind: { eq: FRONT_LINE_BRANCH } } } }""", ["临时支部的故事"], []),
        ];
        foreach (var (field, where, anonymous, seenByEditor) in cases)
        {
            Assert.Equal(anonymous, await TitlesAsync(field, where));
            Assert.Equal(seenByEditor, await TitlesAsync(field, where, editor));
        }

        // The same requests against a store that never held the hidden documents answer byte for byte the same.
        await using var without = new ApiHost();
        foreach (var organization in new[] { _committee, _hospital, _frontLine, _nursing })
            await without.InsertAsync(organization);
        await without.InsertAsync(visible);
        foreach (var directive in await _api.Store.QueryAsync(Kinds.Directive, Core.Storage.Filter.All, [new("id", Core.Storage.SortDirection.Ascending)], 10, Ct))
            await without.InsertAsync(directive with { Version = 0 });
        var logs = await _api.Store.QueryAsync(Kinds.ActivityLog, Core.Storage.Filter.All, [new("id", Core.Storage.SortDirection.Ascending)], 10, Ct);
        foreach (var log in logs)
            await without.InsertAsync(log with { StudyMaterialIds = log.StudyMaterialIds.Where(m => m != hidden.Id).ToList(), Version = 0 });
        var stories = await _api.Store.QueryAsync(Kinds.Story, Core.Storage.Filter.All, [new("id", Core.Storage.SortDirection.Ascending)], 10, Ct);
        foreach (var story in stories)
            await without.InsertAsync(story with { OrganizationIds = story.OrganizationIds.Where(o => o != _provisional.Id).ToList(), Version = 0 });
        foreach (var (field, where, _, _) in cases)
        {
            var query = $"{{ x: {field}(where: {where}) {{ totalCount nodes {{ id }} }} }}";
            Assert.Equal((await without.QueryAsync(query)).Body, (await _api.QueryAsync(query)).Body);
        }
    }

    [Fact]
    public async Task More_matches_than_the_bound_are_refused_with_a_code_counting_only_what_the_caller_sees()
    {
        await using var api = new ApiHost(settings: new Dictionary<string, string?> { ["Dangjian:GraphQL:MaxRelationFilterMatches"] = "3" });
        var root = await api.InsertAsync(_samples.Organization("机关工委", kind: OrganizationKind.WorkingCommittee));
        for (var i = 0; i < 3; i++)
            await api.InsertAsync(_samples.Organization($"第{i}党支部", parent: root.Id, kind: OrganizationKind.Branch));
        await api.InsertAsync(_samples.Organization("第9党支部（待确认）", parent: root.Id, kind: OrganizationKind.Branch) with { Provisional = true });
        await api.InsertAsync(_samples.Story(root.Id, "工委的故事"));
        const string Query = """{ stories(where: { submittingOrganization: { name: { contains: "党支部" } } }) { totalCount } }""";

        // Three visible branches match: within the bound. An editor also sees the fourth: beyond it.
        Assert.Equal(0, (await api.QueryAsync(Query)).Ok().At("stories.totalCount").GetInt32());
        var refused = await api.QueryAsync(Query, token: api.Token(Role.Editor));
        Assert.Equal(["RELATION_FILTER_TOO_BROAD"], refused.ErrorCodes);
        Assert.Equal("where.submittingOrganization", refused.Errors[0].At("extensions.data.argument").GetString());
        Assert.Contains("More than 3 Organization items", refused.Errors[0].GetProperty("message").GetString());
        Assert.Equal(JsonValueKind.Null, refused.Data.GetProperty("stories").ValueKind);
        // Inside a list link, and inside a relation inside a relation, the same bound.
        var inner = await api.QueryAsync("""{ stories(where: { organizations: { some: { parent: { kind: { eq: BRANCH } } } } }) { totalCount } }""", token: api.Token(Role.Editor));
        Assert.Equal(["RELATION_FILTER_TOO_BROAD"], inner.ErrorCodes);
        Assert.Equal(0, (await api.QueryAsync("""{ stories(where: { organizations: { some: { parent: { name: { eq: "机关工委" } } } } }) { totalCount } }"""))
            .Ok().At("stories.totalCount").GetInt32());
    }

    [Fact]
    public async Task Malformed_relation_filters_are_coded_errors_and_change_nothing()
    {
        await _api.InsertAsync(_samples.Story(_frontLine.Id, "火线入党"));
        var before = await _api.Store.GetLastSequenceAsync(Ct);
        var name = """name: { eq: "x" }""";
        (string Where, string Code)[] cases =
        [
            ("{ submittingOrganization: null }", "INVALID_FILTER"),
            ("{ submittingOrganization: {} }", "INVALID_FILTER"),
            ("{ submittingOrganization: { name: null } }", "INVALID_FILTER"),
            ("{ organizations: {} }", "INVALID_FILTER"),
            ("{ organizations: { some: null } }", "INVALID_FILTER"),
            ("{ organizations: { some: {} } }", "INVALID_FILTER"),
            ($"{{ submittingOrganization: {{ parent: {{ parent: {{ {name} }} }} }} }}", "INVALID_FILTER"),
            ("{ or: [" + string.Join(", ", Enumerable.Repeat($"{{ submittingOrganization: {{ {name} }} }}", 11)) + "] }", "INVALID_FILTER"),
            ($$"""{ submittingOrganization: { id: { eq: "{{GlobalId.Encode("Story", "s1")}}" } } }""", "INVALID_ID"),
            ("""{ submittingOrganization: "火线" }""", "ARGUMENTS_OF_CORRECT_TYPE"),
            ("""{ submittingOrganization: { title: { eq: "x" } } }""", "ARGUMENTS_OF_CORRECT_TYPE"),
            ("""{ organizations: { some: { name: { eq: 5 } } } }""", "ARGUMENTS_OF_CORRECT_TYPE"),
            ("""{ organizations: { every: { name: { eq: "x" } } } }""", "ARGUMENTS_OF_CORRECT_TYPE"),
            ("""{ sections: { some: { heading: { eq: "x" } } } }""", "ARGUMENTS_OF_CORRECT_TYPE"),
        ];
        foreach (var (where, code) in cases)
        {
            var response = await _api.QueryAsync($"{{ stories(where: {where}) {{ totalCount }} }}");
            Assert.True(response.ErrorCodes.SequenceEqual([code]), $"{where}: {response.Body}");
            Assert.DoesNotContain("at Dangjian", response.Body, StringComparison.Ordinal);
        }
        Assert.Equal(before, await _api.Store.GetLastSequenceAsync(Ct));
        Assert.Equal(["火线入党"], await TitlesAsync("stories", """{ submittingOrganization: { name: { contains: "火线" } } }"""));
    }

    [Fact]
    public async Task The_export_command_filters_through_relations_as_the_caller_it_exports_for()
    {
        await _api.InsertAsync(_samples.Directive(_committee.Id, "关于组建党员突击队的意见"));
        await _api.InsertAsync(_samples.Directive(_provisional.Id, "关于疫情防控的补充通知"));
        using var files = new TempDirectory();

        async Task<(int Exit, string[] Titles, string Error)> ExportAsync(params string[] extra)
        {
            var path = Path.Combine(files.Path, Guid.NewGuid().ToString("N") + ".jsonl");
            using var output = new StringWriter();
            using var error = new StringWriter();
            var exit = await CommandLine.RunAsync(_api.Services, ["export", "--kind", "directives", "--format", "jsonl", "--output", path, .. extra], Ct,
                new CliConsole(output, error));
            var titles = File.Exists(path)
                ? (await File.ReadAllLinesAsync(path, Ct)).Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("title").GetString()!).Order(StringComparer.Ordinal).ToArray()
                : [];
            return (exit, titles, error.ToString());
        }

        var all = await ExportAsync("--where", """{"issuer": {"kind": {"eq": "EXTERNAL"}}}""");
        var published = await ExportAsync("--where", """{"issuer": {"kind": {"eq": "EXTERNAL"}}}""", "--published-only");
        var malformed = await ExportAsync("--where", """{"issuer": {}}""");

        Assert.Equal(0, all.Exit);
        Assert.Equal(["关于疫情防控的补充通知"], all.Titles);
        Assert.Equal(0, published.Exit);
        Assert.Empty(published.Titles);
        Assert.Equal(2, malformed.Exit);
        Assert.Contains("'issuer' holds no condition", malformed.Error);
    }
}
