using System.Text.RegularExpressions;
using Dangjian.Core.Access;
using Dangjian.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dangjian.Tests.Browser;

/// <summary>
/// The directive import page in a real Chromium against a seeded Development host: an editor signs in, uploads the
/// founding notice's PDF fixture, sees the parsed directive beside the extracted text, corrects the 文号 and publishes;
/// the directive is then published with the correction. axe-core finds no serious or critical violation.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ImportDirectiveBrowserTests
{
    [Fact]
    public async Task An_editor_uploads_a_pdf_previews_it_corrects_a_field_and_publishes()
    {
        if (!File.Exists(BrowserHost.ChromiumPath))
            BrowserHost.RequireBrowser($"No Chromium at {BrowserHost.ChromiumPath}.");
        await using var api = await BrowserHost.StartAsync(new ApiHost(seed: true, environment: "Development"));
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await BrowserHost.LaunchAsync(playwright);
        await using var page = await BrowserHost.OpenPageAsync(browser, BrowserHost.AddressOf(api));

        await page.Page.GotoAsync("/desk/import");
        await Expect(page.Page.GetByText("导入公文供编辑使用，请以编辑身份登录。")).ToBeVisibleAsync();
        await page.Page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Link, new() { Name = "登录" }).ClickAsync();
        await page.Page.GetByRole(AriaRole.Button, new() { Name = "以赵编辑（编辑）身份登录" }).ClickAsync();
        await Expect(page.Page).ToHaveURLAsync(new Regex("/desk/import$"));
        await page.AssertAccessibleAsync("the import page");

        await page.Page.GetByLabel("公文文件（.txt、.docx 或 .pdf）")
            .SetInputFilesAsync(RepositoryFiles.Path("tests", "Dangjian.Tests", "Importing", "Fixtures", "notice-2020-01-29.pdf"));
        await page.Page.GetByRole(AriaRole.Button, new() { Name = "读取并预览" }).ClickAsync();

        await Expect(page.Page.GetByRole(AriaRole.Heading, new() { Name = "解析结果" })).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await Expect(page.Page.GetByText(new Regex(@"^读取方式：PDF, \d+ pages?$"))).ToBeVisibleAsync();
        await Expect(page.Page.GetByRole(AriaRole.Heading, new() { Name = "导入程序没有疑问" })).ToBeVisibleAsync();
        await Expect(page.Page.GetByLabel("标题", new() { Exact = true })).ToHaveValueAsync("关于动员市直基层党组织和党员干部在疫情防控阻击战中冲在前、勇担当、作表率的通知");
        await Expect(page.Page.GetByLabel("成文日期")).ToHaveValueAsync("2020-01-29");
        await Expect(page.Page.GetByLabel("第 5 条标题")).ToHaveValueAsync("在监督约束激励保障上作表率");
        await Expect(page.Page.Locator(".import-source pre")).ToContainTextAsync("市直各基层党组织：");
        await page.AssertAccessibleAsync("the import preview");

        await page.Page.GetByLabel("文号").FillAsync("娄直工发〔2020〕1号");
        await page.Page.GetByRole(AriaRole.Button, new() { Name = "保存并发布" }).ClickAsync();
        await Expect(page.Page.GetByRole(AriaRole.Status).Filter(new() { HasText = "已发布。" })).ToBeVisibleAsync(new() { Timeout = 15_000 });

        var found = await api.QueryAsync("""{ directives(where: { documentNumber: { eq: "娄直工发〔2020〕1号" } }) { nodes { status original { sourceName } sections { number } } } }""",
            token: api.Token(Role.Editor));
        var directive = Assert.Single(found.Ok().GetProperty("directives").GetProperty("nodes").EnumerateArray());
        Assert.Equal("PUBLISHED", directive.GetProperty("status").GetString());
        Assert.Equal("notice-2020-01-29.pdf", directive.GetProperty("original").GetProperty("sourceName").GetString());
        Assert.Equal(5, directive.GetProperty("sections").GetArrayLength());
        page.AssertNoErrors();
    }
}
