using System.Text.Json;
using Dangjian.Api.GraphQL.Relay;
using Dangjian.Core.Access;
using Dangjian.Core.Documents;
using Dangjian.Core.Editorial;
using Dangjian.Tests.Support;

namespace Dangjian.Tests.Editorial;

/// <summary>A reposted story, submitted again by another branch with a new title and a few words changed, is shown to editors as possibly the same as the first.</summary>
public sealed class NearDuplicateStoryTests : IAsyncLifetime
{
    private const string Original = """
        正月初三凌晨，市中心医院发热门诊火线党支部书记王丽接到通知后，第一时间返回岗位。
        她带领支部十二名党员连续奋战七十二小时，完成了三百余名发热患者的预检分诊工作，
        并组织党员突击队承担了隔离病区的改造任务。面对防护物资紧缺的困难，她主动联系爱心企业，
        筹集口罩五千只、防护服两百套，保障了一线医护人员的安全。群众称赞她是“最美逆行者”。
        """;

    /// <summary>The same story reposted: new title, Markdown, punctuation and a few words changed.</summary>
    private const string Repost = """
        **正月初三凌晨**，市中心医院发热门诊火线党支部书记王丽同志接到通知后，第一时间返回工作岗位。
        她带领支部十二名党员连续奋战七十二个小时，完成了三百多名发热患者的预检分诊工作；
        并组织党员突击队承担了隔离病区的改造任务。面对防护物资紧缺的困难，她主动联系爱心企业，
        筹集口罩五千只、防护服两百套，保障了一线医护人员的安全。群众都称赞她是"最美逆行者"！
        """;

    private const string Unrelated = """
        社区党员志愿者李强连续二十天坚守小区卡口，为居家隔离的老人送菜送药，
        还利用业余时间制作疫情防控宣传展板，向居民讲解科学防护知识，受到社区居民一致好评。
        """;

    private readonly ApiHost _api = new();
    private readonly Samples _samples = new();
    private string _editor = "";
    private string _secretary = "";
    private string _original = "";
    private string _repost = "";
    private string _unrelated = "";

    public async ValueTask InitializeAsync()
    {
        var root = await _api.InsertAsync(_samples.Organization("中共娄底市直属机关工作委员会", kind: OrganizationKind.WorkingCommittee));
        var hospital = await _api.InsertAsync(_samples.Organization("发热门诊火线党支部", parent: root.Id, ancestors: [root.Id], kind: OrganizationKind.FrontLineBranch));
        var community = await _api.InsertAsync(_samples.Organization("机关第二党支部", parent: root.Id, ancestors: [root.Id], kind: OrganizationKind.Branch));
        _editor = _api.Token(Role.Editor, subject: "editor-zhao");
        _secretary = _api.Token(Role.Branch, community.Id, subject: "secretary-sun");
        _original = await SubmitAsync(hospital, "火线上的党旗：王丽的七十二小时", Original, _api.Token(Role.Branch, hospital.Id));
        _repost = await SubmitAsync(community, "最美逆行者王丽", Repost, _secretary);
        _unrelated = await SubmitAsync(community, "小区卡口的守护者", Unrelated, _secretary);
    }

    public async ValueTask DisposeAsync() => await _api.DisposeAsync();

    private async Task<string> SubmitAsync(Organization organization, string title, string body, string token)
    {
        var payload = await _api.MutateAsync("submitStory", "story { id } errors { __typename ... on Error { code message } }",
            new { submittingOrganizationId = GlobalId.Encode("Organization", organization.Id), title, body }, token);
        payload.AssertNoErrors();
        return payload.At("story.id").GetString()!;
    }

    private async Task<List<(string Id, double Similarity)>> DuplicatesAsync(string id, string? token) =>
        (await _api.QueryAsync("query($id: ID!) { node(id: $id) { ... on Story { possibleDuplicates { similarity story { id title } } } } }", new { id }, token))
        .Ok().At("node.possibleDuplicates").EnumerateArray()
        .Select(d => (d.At("story.id").GetString()!, d.GetProperty("similarity").GetDouble())).ToList();

    [Fact]
    public async Task Editors_see_a_repost_as_possibly_the_same_as_the_original_and_nothing_else()
    {
        var ofRepost = await DuplicatesAsync(_repost, _editor);
        var (id, similarity) = Assert.Single(ofRepost);
        Assert.Equal(_original, id);
        Assert.InRange(similarity, NearDuplicates.Threshold, 0.99);

        Assert.Equal([_repost], (await DuplicatesAsync(_original, _editor)).Select(d => d.Id));
        Assert.Empty(await DuplicatesAsync(_unrelated, _editor));
    }

    [Fact]
    public async Task Branches_and_readers_are_not_told_of_other_stories()
    {
        // The secretary may read her own submission, but not learn of another branch's story through it.
        Assert.Empty(await DuplicatesAsync(_repost, _secretary));
        var asReader = await _api.QueryAsync("query($id: ID!) { node(id: $id) { ... on Story { possibleDuplicates { similarity } } } }", new { id = _repost });
        Assert.Equal(JsonValueKind.Null, asReader.Ok().GetProperty("node").ValueKind);
    }

    [Fact]
    public void Shingles_ignore_punctuation_markdown_and_width()
    {
        var a = _samples.Story("org", "标题") with { Body = "党员**冲在前**，作表率！", Summary = "" };
        var b = _samples.Story("org", "标题") with { Body = "党员冲在前,作表率!", Summary = "" };
        Assert.Equal(1.0, NearDuplicates.Similarity(NearDuplicates.Shingles(a), NearDuplicates.Shingles(b)));
        Assert.Equal(NearDuplicates.BandsOf(a), NearDuplicates.BandsOf(b));
        Assert.Equal(NearDuplicates.Bands, NearDuplicates.BandsOf(a).Count);
        Assert.Empty(NearDuplicates.BandsOf(_samples.Story("org", "") with { Body = "……！", Summary = "" }));
    }
}
