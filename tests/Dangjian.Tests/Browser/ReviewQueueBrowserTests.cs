using System.Text.RegularExpressions;
using Dangjian.Core.Access;
using Dangjian.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dangjian.Tests.Browser;

/// <summary>
/// The editors' review queue in a real Chromium against a seeded Development host: an editor signs in, the queue
/// counts each state, a branch submits a story meanwhile and the queue shows it without a reload (the
/// storyWorkflowChanged subscription over the session cookie's WebSocket), filters narrow it, and axe-core finds no
/// serious or critical violation.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ReviewQueueBrowserTests
{
    private const string FrontLineBranch = "T3JnYW5pemF0aW9uOmxkLXp4eXktZnJteg==";

    [Fact]
    public async Task An_editors_queue_counts_each_state_and_shows_a_new_submission_without_reloading()
    {
        if (!File.Exists(BrowserHost.ChromiumPath))
            BrowserHost.RequireBrowser($"No Chromium at {BrowserHost.ChromiumPath}.");
        await using var api = await BrowserHost.StartAsync(new ApiHost(seed: true, environment: "Development"));
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await BrowserHost.LaunchAsync(playwright);
        await using var page = await BrowserHost.OpenPageAsync(browser, BrowserHost.AddressOf(api));

        await page.Page.GotoAsync("/desk");
        await Expect(page.Page.GetByText("审稿队列供编辑使用，请以编辑身份登录。")).ToBeVisibleAsync();
        await page.Page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Link, new() { Name = "登录" }).ClickAsync();
        await page.Page.GetByRole(AriaRole.Button, new() { Name = "以赵编辑（编辑）身份登录" }).ClickAsync();
        await Expect(page.Page).ToHaveURLAsync(new Regex("/desk$"));

        var states = page.Page.GetByRole(AriaRole.Navigation, new() { Name = "稿件状态" });
        var submittedTab = states.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^已提交") });
        await Expect(submittedTab).ToContainTextAsync("篇");
        var before = CountIn(await submittedTab.InnerTextAsync());
        var heading = page.Page.GetByRole(AriaRole.Heading, new() { NameRegex = new Regex("^已提交：共") });
        await Expect(heading).ToHaveTextAsync($"已提交：共 {before} 篇");
        await page.AssertAccessibleAsync("the review queue");

        // A branch secretary's program submits a story; the open queue hears of it and re-reads.
        var title = "方舱里的一堂党课（队列测试）";
        var submitted = await api.MutateAsync("submitStory", "story { id }",
            new { submittingOrganizationId = FrontLineBranch, title, body = "正文" }, api.Token(Role.Branch, "ld-zxyy-frmz"));
        Assert.Equal(System.Text.Json.JsonValueKind.String, submitted.GetProperty("story").GetProperty("id").ValueKind);
        await Expect(heading).ToHaveTextAsync($"已提交：共 {before + 1} 篇", new() { Timeout = 15_000 });
        await Expect(page.Page.GetByRole(AriaRole.Link, new() { Name = title })).ToBeVisibleAsync();
        await Expect(submittedTab).ToContainTextAsync($"{before + 1} 篇");
        await Expect(page.Page.GetByRole(AriaRole.Status).Filter(new() { HasText = title })).ToHaveCountAsync(1);

        // Narrowed to another branch: the new story is not there; to its own branch, it is.
        var organization = page.Page.GetByLabel("提交单位");
        await organization.SelectOptionAsync(new SelectOptionValue { Label = "娄底市疾病预防控制中心传染病防制科党支部" });
        await page.Page.GetByRole(AriaRole.Button, new() { Name = "筛选", Exact = true }).ClickAsync();
        await Expect(page.Page).ToHaveURLAsync(new Regex("/desk\\?org="));
        await Expect(page.Page.GetByRole(AriaRole.Link, new() { Name = title })).ToHaveCountAsync(0);
        await organization.SelectOptionAsync(new SelectOptionValue { Label = "娄底市中心医院发热门诊火线党支部" });
        await page.Page.GetByRole(AriaRole.Button, new() { Name = "筛选", Exact = true }).ClickAsync();
        await Expect(page.Page.GetByRole(AriaRole.Link, new() { Name = title })).ToBeVisibleAsync();
        await page.AssertAccessibleAsync("the filtered review queue");

        // Another state, from its tab.
        await states.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^已通过") }).ClickAsync();
        await Expect(page.Page.GetByRole(AriaRole.Heading, new() { NameRegex = new Regex("^已通过：共") })).ToBeVisibleAsync();
        page.AssertNoErrors();
    }

    private static int CountIn(string text) => int.Parse(Regex.Match(text, @"(\d+)\s*篇").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
}
