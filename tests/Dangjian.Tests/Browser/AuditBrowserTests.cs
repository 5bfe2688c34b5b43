using System.Text.RegularExpressions;
using Dangjian.Core.Access;
using Dangjian.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dangjian.Tests.Browser;

/// <summary>
/// The admins' audit viewer in a real Chromium against a seeded Development host: an admin signs in, filters by action,
/// sees an import an editor's program just made, exports it as JSON lines, and axe-core finds no serious or critical
/// violation.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AuditBrowserTests
{
    [Fact]
    public async Task An_admin_filters_the_audit_log_and_exports_what_the_filters_select()
    {
        if (!File.Exists(BrowserHost.ChromiumPath))
            BrowserHost.RequireBrowser($"No Chromium at {BrowserHost.ChromiumPath}.");
        await using var api = await BrowserHost.StartAsync(new ApiHost(seed: true, environment: "Development"));
        var imported = await api.MutateAsync("importDirective", "directive { id }",
            new { text = Dangjian.Tests.Importing.Texts.Bulletin, sourceName = "bulletin.txt" }, api.Token(Role.Editor, subject: "editor-qian"));
        var directiveId = imported.GetProperty("directive").GetProperty("id").GetString()!;
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await BrowserHost.LaunchAsync(playwright);
        await using var page = await BrowserHost.OpenPageAsync(browser, BrowserHost.AddressOf(api), acceptDownloads: true);

        await page.Page.GotoAsync("/desk/audit");
        await Expect(page.Page.GetByText("审计日志仅供管理员查看，请以管理员身份登录。")).ToBeVisibleAsync();
        await page.Page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Link, new() { Name = "登录" }).ClickAsync();
        await page.Page.GetByRole(AriaRole.Button, new() { Name = "以王管理员（管理员）身份登录" }).ClickAsync();
        await Expect(page.Page).ToHaveURLAsync(new Regex("/desk/audit$"));
        await Expect(page.Page.Locator(".audit-table tbody tr").First).ToBeVisibleAsync(new() { Timeout = 15_000 });

        await page.Page.GetByLabel("操作", new() { Exact = true }).SelectOptionAsync("IMPORT");
        await page.Page.GetByLabel("操作人").FillAsync("editor-qian");
        await page.Page.GetByRole(AriaRole.Button, new() { Name = "筛选", Exact = true }).ClickAsync();
        await Expect(page.Page).ToHaveURLAsync(new Regex("/desk/audit\\?actor=editor-qian&action=IMPORT$"));
        var rows = page.Page.Locator(".audit-table tbody tr");
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(page.Page.GetByRole(AriaRole.Link, new() { Name = directiveId })).ToBeVisibleAsync();
        await page.AssertAccessibleAsync("the audit log");

        var download = await page.Page.RunAndWaitForDownloadAsync(() => page.Page.GetByRole(AriaRole.Button, new() { Name = "导出 JSON Lines" }).ClickAsync());
        Assert.Equal("audit.jsonl", download.SuggestedFilename);
        var lines = (await File.ReadAllLinesAsync(await download.PathAsync(), TestContext.Current.CancellationToken)).Where(l => l.Length > 0).ToList();
        Assert.Single(lines);
        Assert.All(lines, l => Assert.Contains("\"actor\":\"editor-qian\",\"role\":\"EDITOR\",\"action\":\"IMPORT\"", l, StringComparison.Ordinal));
        await Expect(page.Page.GetByRole(AriaRole.Status).Filter(new() { HasText = "已导出 1 条。" })).ToBeVisibleAsync();
        page.AssertNoErrors();
    }
}
