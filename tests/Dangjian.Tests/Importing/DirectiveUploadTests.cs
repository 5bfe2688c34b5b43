using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Dangjian.Core.Access;
using Dangjian.Tests.Auth;
using Dangjian.Tests.Support;

namespace Dangjian.Tests.Importing;

/// <summary>POST /import/directive: a file's text extracted, parsed and previewed or imported; editors only, bearer or session.</summary>
public sealed class DirectiveUploadTests() : DirectiveImportTestBase(new Dictionary<string, string?> { ["Dangjian:Import:MaxFileBytes"] = "200000" })
{
    private static byte[] Fixture(string name) => File.ReadAllBytes(RepositoryFiles.Path("tests", "Dangjian.Tests", "Importing", "Fixtures", name));

    private static HttpRequestMessage Upload(byte[] file, string? query, string? token)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/import/directive" + (query is null ? "" : "?" + query)) { Content = new ByteArrayContent(file) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        if (token is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(byte[] file, string? query, string? token)
    {
        using var client = Api.CreateClient();
        using var response = await client.SendAsync(Upload(file, query, token), Ct);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.Clone());
    }

    private static string Code(JsonElement body) => body.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString()!;

    [Theory]
    [InlineData("notice-2020-01-29.pdf", "PDF")]
    [InlineData("notice-2020-01-29.docx", "DOCX")]
    public async Task An_editor_previews_a_file_and_nothing_is_written(string name, string format)
    {
        var before = await Api.Store.GetLastSequenceAsync(Ct);

        var (status, body) = await SendAsync(Fixture(name), $"name={name}", Editor);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("preview", body.GetProperty("mode").GetString());
        Assert.Equal(format, body.GetProperty("file").GetProperty("format").GetString());
        var directive = body.GetProperty("directive");
        Assert.Equal("关于动员市直基层党组织和党员干部在疫情防控阻击战中冲在前、勇担当、作表率的通知", directive.GetProperty("title").GetString());
        Assert.Equal("中共娄底市直属机关工作委员会", directive.GetProperty("issuer").GetProperty("name").GetString());
        Assert.False(directive.GetProperty("issuer").GetProperty("isNew").GetBoolean());
        Assert.Equal("2020-01-29", directive.GetProperty("issuedOn").GetString());
        Assert.Equal(["市直各基层党组织"], directive.GetProperty("addressees").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(5, directive.GetProperty("sections").GetArrayLength());
        Assert.Equal("在政治坚定狠抓落实上作表率", directive.GetProperty("sections")[0].GetProperty("heading").GetString());
        Assert.Equal(["ldjgdj1616@163.com"], directive.GetProperty("contact").GetProperty("emails").EnumerateArray().Select(a => a.GetString()));
        Assert.Empty(body.GetProperty("warnings").EnumerateArray());
        Assert.Contains("习近", body.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, body.GetProperty("saved").ValueKind);
        Assert.Equal(before, await Api.Store.GetLastSequenceAsync(Ct));
    }

    [Fact]
    public async Task A_draft_import_is_saved_and_a_second_upload_finds_it()
    {
        var (status, body) = await SendAsync(Fixture("notice-2020-01-29.docx"), "name=notice.docx&mode=draft", Editor);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("DRAFT", body.GetProperty("saved").GetProperty("status").GetString());
        Assert.False(body.GetProperty("saved").GetProperty("alreadyImported").GetBoolean());
        var id = body.GetProperty("saved").GetProperty("id").GetString();

        var (_, preview) = await SendAsync(Fixture("notice-2020-01-29.docx"), "name=again.docx", Editor);
        Assert.Equal(id, preview.GetProperty("alreadyImported").GetProperty("id").GetString());

        var directive = (await Api.QueryAsync("query($id: ID!) { node(id: $id) { ... on Directive { status original { sourceName } sections { number } } } }", new { id }, Editor)).Ok().GetProperty("node");
        Assert.Equal("DRAFT", directive.GetProperty("status").GetString());
        Assert.Equal("notice.docx", directive.GetProperty("original").GetProperty("sourceName").GetString());
        Assert.Equal(5, directive.GetProperty("sections").GetArrayLength());
    }

    [Fact]
    public async Task Only_editors_may_upload_and_nothing_is_read_for_others()
    {
        var before = await Api.Store.GetLastSequenceAsync(Ct);

        var (branch, branchBody) = await SendAsync(Fixture("notice-2020-01-29.pdf"), "mode=publish", Api.Token(Role.Branch, "ld-branch"));
        var (anonymous, _) = await SendAsync(Fixture("notice-2020-01-29.pdf"), "mode=publish", null);
        var (forged, _) = await SendAsync(Fixture("notice-2020-01-29.pdf"), "mode=publish", "not-a-token");

        Assert.Equal(HttpStatusCode.Forbidden, branch);
        Assert.Equal("FORBIDDEN", Code(branchBody));
        Assert.Contains(anonymous, new[] { HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden });
        Assert.Equal(HttpStatusCode.Unauthorized, forged);
        Assert.Equal(before, await Api.Store.GetLastSequenceAsync(Ct));
    }

    [Theory]
    [InlineData("name=renamed.pdf&mode=publish", 400, "UNSUPPORTED_FILE")]
    [InlineData("mode=delete", 400, "INVALID_REQUEST")]
    public async Task Hostile_uploads_are_refused_with_their_code_and_nothing_is_written(string query, int status, string code)
    {
        var before = await Api.Store.GetLastSequenceAsync(Ct);

        var (answered, body) = await SendAsync(Encoding.UTF8.GetBytes(Texts.Bulletin), query, Editor);

        Assert.Equal(status, (int)answered);
        Assert.Equal(code, Code(body));
        Assert.Equal(before, await Api.Store.GetLastSequenceAsync(Ct));
    }

    [Fact]
    public async Task A_scan_and_a_file_over_the_bound_are_refused()
    {
        var (tooLarge, tooLargeBody) = await SendAsync(new byte[300_000], "name=big.txt", Editor);
        var (scan, scanBody) = await SendAsync(Encoding.ASCII.GetBytes("%PDF-1.4\n%%EOF\n"), "name=scan.pdf&mode=publish", Editor);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge);
        Assert.Equal("REQUEST_TOO_LARGE", Code(tooLargeBody));
        Assert.Equal(HttpStatusCode.BadRequest, scan);
        Assert.Contains(Code(scanBody), new[] { "UNSUPPORTED_FILE", "NO_TEXT_LAYER" });
    }

    [Fact]
    public async Task The_web_apps_session_uploads_with_its_antiforgery_token_and_is_refused_without()
    {
        await using var host = new ApiHost(seed: true, settings: new Dictionary<string, string?> { ["Dangjian:Auth:DevelopmentSignIn"] = "true" });
        using var browser = WebBrowserSession.Open(host);
        await browser.SignInAsync("editor-zhao");

        using var without = await browser.SendAsync(Upload(Fixture("notice-2020-01-29.pdf"), "name=n.pdf&mode=draft", null), withToken: false);
        using var with = await browser.SendAsync(Upload(Fixture("notice-2020-01-29.pdf"), "name=n.pdf", null));

        Assert.Equal(HttpStatusCode.Forbidden, without.StatusCode);
        Assert.Contains("ANTIFORGERY_TOKEN_INVALID", await without.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, with.StatusCode);
    }
}
