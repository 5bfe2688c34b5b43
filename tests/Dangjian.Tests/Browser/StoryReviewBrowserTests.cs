using System.Text.RegularExpressions;
using Dangjian.Core.Access;
using Dangjian.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dangjian.Tests.Browser;

/// <summary>
/// The story review page in a real Chromium with two editors in two browser contexts at once: a revision difference
/// side by side, and a version conflict between them that is shown, never overwritten.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class StoryReviewBrowserTests
{
    private const string FrontLineBranch = "T3JnYW5pemF0aW9uOmxkLXp4eXktZnJteg==";

    private static async Task<BrowserPage> SignedInAsync(IBrowser browser, ApiHost api, string who)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BrowserHost.AddressOf(api), Locale = "zh-CN", TimezoneId = "Asia/Shanghai" });
        var page = await BrowserPage.OpenAsync(context);
        await page.Page.GotoAsync("/signin");
        await page.Page.GetByRole(AriaRole.Button, new() { Name = $"以{who}（编辑）身份登录" }).ClickAsync();
        await Expect(page.Page.Locator("header.site")).ToContainTextAsync(who);
        return page;
    }

    [Fact]
    public async Task Two_editors_review_one_story_the_second_sees_the_conflict_and_what_changed()
    {
        if (!File.Exists(BrowserHost.ChromiumPath))
            BrowserHost.RequireBrowser($"No Chromium at {BrowserHost.ChromiumPath}.");
        await using var api = await BrowserHost.StartAsync(new ApiHost(seed: true, environment: "Development"));
        var branch = api.Token(Role.Branch, "ld-zxyy-frmz");
        var story = await api.MutateAsync("submitStory", "story { id }",
            new { submittingOrganizationId = FrontLineBranch, title = "方舱里的一堂党课", body = "第一段。\n\n第二段：初稿。\n" }, branch);
        var id = story.GetProperty("story").GetProperty("id").GetString()!;
        var updated = await api.MutateAsync("updateStory", "story { version } errors { ... on Error { code } }",
            new { id, expectedVersion = 1, body = "第一段。\n\n第二段：改过的稿子。\n\n第三段：新加的。\n" }, branch);
        Assert.Equal(2, updated.GetProperty("story").GetProperty("version").GetInt32());

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await BrowserHost.LaunchAsync(playwright);
        await using var zhao = await SignedInAsync(browser, api, "赵编辑");
        await using var qian = await SignedInAsync(browser, api, "钱编辑");

        // Zhao opens it from the queue; the revision difference is side by side.
        await zhao.Page.GotoAsync("/desk");
        await zhao.Page.GetByRole(AriaRole.Link, new() { Name = "方舱里的一堂党课" }).ClickAsync();
        await Expect(zhao.Page).ToHaveURLAsync(new Regex("/desk/story/"));
        var diff = zhao.Page.GetByRole(AriaRole.Table, new() { Name = "第 1 版与第 2 版正文对照" });
        await Expect(diff).ToContainTextAsync("第二段：初稿。");
        await Expect(diff).ToContainTextAsync("第二段：改过的稿子。");
        await Expect(diff).ToContainTextAsync("第三段：新加的。");
        await zhao.AssertAccessibleAsync("the story review page");

        // Qian takes it into review first.
        await qian.Page.GotoAsync($"/desk/story/{Uri.EscapeDataString(id)}");
        await qian.Page.GetByRole(AriaRole.Button, new() { Name = "开始审核" }).ClickAsync();
        await Expect(qian.Page.GetByText("已开始审核。")).ToBeVisibleAsync();

        // Zhao, still on version 2, tries the same: refused, shown, with what Qian did; nothing overwritten.
        await zhao.Page.GetByLabel("“开始审核”的说明（可选，记入修订记录）").FillAsync("我来审");
        await zhao.Page.GetByRole(AriaRole.Button, new() { Name = "开始审核" }).ClickAsync();
        var conflict = zhao.Page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "此后稿件已被修改" });
        await Expect(conflict).ToContainTextAsync("您阅读的是第 2 版，此后稿件已被修改，现为第 3 版");
        await Expect(conflict).ToContainTextAsync("editor-qian");
        await Expect(conflict).ToContainTextAsync("按现在的状态，已不能开始审核。");
        await Expect(zhao.Page.GetByRole(AriaRole.Button, new() { Name = "批准" })).ToBeVisibleAsync();
        await zhao.AssertAccessibleAsync("the review page showing a conflict");
        var after = await api.QueryAsync($"{{ node(id: \"{id}\") {{ ... on Story {{ version transitions {{ by note }} }} }} }}", token: api.Token(Role.Editor));
        var transitions = after.Ok().GetProperty("node").GetProperty("transitions");
        Assert.Equal(1, transitions.GetArrayLength());
        Assert.Equal("editor-qian", transitions[0].GetProperty("by").GetString());

        // Zhao approves on the current version.
        await zhao.Page.GetByRole(AriaRole.Button, new() { Name = "批准" }).ClickAsync();
        await Expect(zhao.Page.GetByText("已批准。")).ToBeVisibleAsync();
        // Publishing, then featuring, which the API offers (canFeature) only now, and which takes no note.
        await zhao.Page.GetByRole(AriaRole.Button, new() { Name = "发布" }).ClickAsync();
        await Expect(zhao.Page.GetByText("已发布。")).ToBeVisibleAsync();
        await zhao.Page.GetByRole(AriaRole.Button, new() { Name = "设为精选" }).ClickAsync();
        await Expect(zhao.Page.GetByRole(AriaRole.Button, new() { Name = "取消精选" })).ToBeVisibleAsync();
        await Expect(zhao.Page.GetByRole(AriaRole.Button, new() { Name = "归档" })).ToBeVisibleAsync();
        var published = await api.QueryAsync($"{{ node(id: \"{id}\") {{ ... on Story {{ status featured }} }} }}");
        Assert.Equal("PUBLISHED", published.Ok().GetProperty("node").GetProperty("status").GetString());
        Assert.True(published.Ok().GetProperty("node").GetProperty("featured").GetBoolean());
        zhao.AssertNoErrors();
        qian.AssertNoErrors();
    }
}
