using System.Net;
using System.Text.Json;
using Dangjian.Api.GraphQL.Relay;
using Dangjian.Core.Access;
using Dangjian.Core.Documents;
using Dangjian.Core.Knowledge;
using Dangjian.Tests.Support;

namespace Dangjian.Tests.Knowledge;

public sealed class CitationAndPermalinkTests
{
    private const string Base = "https://dangjian.example.org";
    private static readonly string NoticeId = GlobalId.Encode("Directive", "notice-2020-01-29");

    private static ApiHost SeededAt(DateTimeOffset now) => new(seed: true,
        settings: new Dictionary<string, string?> { ["Dangjian:Permalinks:PublicBaseUrl"] = Base },
        time: new FixedTime(now));

    [Fact]
    public async Task The_founding_notice_is_cited_in_the_gbt_7714_form_and_in_apa()
    {
        await using var api = SeededAt(new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.FromHours(8)));
        var data = (await api.QueryAsync("""
            query($id: ID!) { node(id: $id) { ... on Directive { permalink gb: citation apa: citation(style: APA) sections { citation permalink } } } }
            """, new { id = NoticeId })).Ok().GetProperty("node");
        var permalink = $"{Base}/d/{Uri.EscapeDataString(NoticeId)}";

        Assert.Equal(permalink, data.GetProperty("permalink").GetString());
        Assert.Equal($"中共娄底市直属机关工作委员会. 关于动员市直基层党组织和党员干部在疫情防控阻击战中冲在前、勇担当、作表率的通知[EB/OL]. (2020-01-29)[2026-11-28]. {permalink}.",
            data.GetProperty("gb").GetString());
        Assert.Equal($"中共娄底市直属机关工作委员会. (2020, January 29). 关于动员市直基层党组织和党员干部在疫情防控阻击战中冲在前、勇担当、作表率的通知. {permalink}",
            data.GetProperty("apa").GetString());
        var third = data.At("sections.2");
        Assert.Equal($"{Base}/d/{Uri.EscapeDataString(GlobalId.Encode("DirectiveSection", "notice-2020-01-29.s3"))}", third.GetProperty("permalink").GetString());
        Assert.StartsWith("中共娄底市直属机关工作委员会. 关于动员市直基层党组织和党员干部在疫情防控阻击战中冲在前、勇担当、作表率的通知: 三、在联防联控群防群治上作表率[EB/OL]. (2020-01-29)[2026-11-28]. ",
            third.GetProperty("citation").GetString());
    }

    [Theory]
    [InlineData(1, "一、")]
    [InlineData(10, "十、")]
    [InlineData(12, "十二、")]
    [InlineData(20, "二十、")]
    [InlineData(35, "三十五、")]
    public void Sections_are_labelled_with_chinese_numerals(int number, string label) =>
        Assert.Equal(label, Citations.SectionLabel(number));

    [Fact]
    public void A_document_number_is_other_title_information_and_an_unknown_source_is_anonymous()
    {
        var source = new CitationSource("娄底市委", "关于做好复工复产的通知", "娄发〔2020〕3号", new DateOnly(2020, 2, 20), "https://x/d/1");
        Assert.Equal("娄底市委. 关于做好复工复产的通知: 娄发〔2020〕3号[EB/OL]. (2020-02-20)[2026-11-28]. https://x/d/1.",
            Citations.Format(source, CitationStyle.GbT7714, new DateOnly(2026, 11, 28)));
        Assert.Equal("娄底市委. (2020, February 20). 关于做好复工复产的通知 (娄发〔2020〕3号). https://x/d/1",
            Citations.Format(source, CitationStyle.Apa, new DateOnly(2026, 11, 28)));
        var material = new StudyMaterial { Id = "m", Title = "防范知识", Kind = StudyMaterialKind.PreventionKnowledge, PublishedOn = new DateOnly(2020, 1, 30) };
        Assert.StartsWith("佚名. 防范知识[EB/OL]. (2020-01-30)", Citations.Format(Citations.ForStudyMaterial(material, "u"), CitationStyle.GbT7714, new DateOnly(2026, 11, 28)));
    }

    [Fact]
    public async Task A_permalink_answers_json_for_programs_and_the_reading_room_for_browsers()
    {
        await using var api = SeededAt(DateTimeOffset.UtcNow);
        using var client = api.CreateClient();

        using var json = await client.GetAsync($"/d/{Uri.EscapeDataString(NoticeId)}", TestContext.Current.CancellationToken);
        var body = JsonDocument.Parse(await json.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
        Assert.Equal("application/json", json.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Directive", body.GetProperty("type").GetString());
        Assert.Equal(5, body.At("document.sections").GetArrayLength());
        Assert.StartsWith("中共娄底市直属机关工作委员会. ", body.At("citations.GB_T_7714").GetString());

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/d/{Uri.EscapeDataString(GlobalId.Encode("DirectiveSection", "notice-2020-01-29.s2"))}");
        request.Headers.Accept.ParseAdd("text/html,application/xhtml+xml");
        using var page = await client.SendAsync(request, TestContext.Current.CancellationToken);
        var html = await page.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        // The reading room's page (which loads the section through the API), titled for link previews.
        Assert.Contains("<title>二、在敢战敢胜能战能胜上作表率 · 党建文献阅览室</title>", html);
        Assert.Contains("<div id=\"root\">", html);

        using var missing = new HttpRequestMessage(HttpMethod.Get, $"/d/{Uri.EscapeDataString(GlobalId.Encode("Directive", "no-such-directive"))}");
        missing.Headers.Accept.ParseAdd("text/html");
        using var notFound = await client.SendAsync(missing, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, notFound.StatusCode);
        Assert.Equal("text/html", notFound.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Permalinks_hide_what_the_caller_may_not_see_and_escape_what_they_show()
    {
        await using var api = new ApiHost();
        var samples = new Samples();
        var org = await api.InsertAsync(samples.Organization());
        var hidden = await api.InsertAsync(samples.Story(org.Id, "尚未发布", StoryStatus.Submitted));
        var hostile = await api.InsertAsync(samples.Story(org.Id, "<script>alert('x')</script>") with { Body = "<img src=x onerror=alert(1)>" });
        using var client = api.CreateClient();

        async Task<(HttpStatusCode Status, string Body)> GetAsync(string id, string? token = null)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/d/" + Uri.EscapeDataString(id));
            request.Headers.Accept.ParseAdd("text/html");
            if (token is not null)
                request.Headers.Authorization = new("Bearer", token);
            using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
            return (response.StatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        }

        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(GlobalId.Encode("Story", hidden.Id))).Status);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(GlobalId.Encode("Story", hidden.Id), api.Token(Role.Editor))).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync("not-an-id")).Status);
        var (status, page) = await GetAsync(GlobalId.Encode("Story", hostile.Id));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.DoesNotContain("<script>", page);
        Assert.DoesNotContain("<img", page);
        Assert.Contains("&lt;script&gt;", page);
    }
}
