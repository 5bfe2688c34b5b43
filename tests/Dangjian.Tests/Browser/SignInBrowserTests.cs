using Dangjian.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dangjian.Tests.Browser;

/// <summary>
/// Signing in to the web app in a real Chromium, on a Development host (the only kind that offers the development
/// sign-in, over plain http as `dotnet run` serves it): the cookie no script can read, sign-out, and a session that
/// the server has ended while the page was open.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SignInBrowserTests
{
    [Fact]
    public async Task An_editor_signs_in_on_the_development_page_no_script_sees_the_cookie_and_signing_out_ends_it()
    {
        if (!File.Exists(BrowserHost.ChromiumPath))
            BrowserHost.RequireBrowser($"No Chromium at {BrowserHost.ChromiumPath}.");
        await using var api = await BrowserHost.StartAsync(new ApiHost(seed: true, environment: "Development"));
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await BrowserHost.LaunchAsync(playwright);
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BrowserHost.AddressOf(api), Locale = "zh-CN" });
        await using var page = await BrowserPage.OpenAsync(context);

        await page.Page.GotoAsync("/signin?returnTo=%2Fstatistics");
        await Expect(page.Page.GetByRole(AriaRole.Heading, new() { Name = "开发环境登录" })).ToBeVisibleAsync();
        await Expect(page.Page.GetByRole(AriaRole.Button, new() { Name = "以李书记（支部书记）身份登录" })).ToBeVisibleAsync();
        await page.AssertAccessibleAsync("the sign-in page");

        await page.Page.GetByRole(AriaRole.Button, new() { Name = "以赵编辑（编辑）身份登录" }).ClickAsync();
        await Expect(page.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/statistics$"));
        await Expect(page.Page.Locator("header.site")).ToContainTextAsync("赵编辑（编辑）");
        await page.AssertAccessibleAsync("a page while signed in");

        var cookies = await context.CookiesAsync();
        var session = Assert.Single(cookies, c => c.Name == "dangjian.session");
        Assert.True(session.HttpOnly);
        Assert.Equal(SameSiteAttribute.Lax, session.SameSite);
        Assert.DoesNotContain("dangjian.session", await page.Page.EvaluateAsync<string>("() => document.cookie"));

        await page.Page.GetByRole(AriaRole.Button, new() { Name = "退出登录" }).ClickAsync();
        await Expect(page.Page.GetByRole(AriaRole.Link, new() { Name = "登录" })).ToBeVisibleAsync();
        Assert.DoesNotContain(await context.CookiesAsync(), c => c.Name == "dangjian.session");
        page.AssertNoErrors();
    }

    [Fact]
    public async Task A_session_that_ends_while_the_page_is_open_asks_to_sign_in_again_in_place()
    {
        if (!File.Exists(BrowserHost.ChromiumPath))
            BrowserHost.RequireBrowser($"No Chromium at {BrowserHost.ChromiumPath}.");
        await using var api = await BrowserHost.StartAsync(new ApiHost(seed: true, environment: "Development"));
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await BrowserHost.LaunchAsync(playwright);
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BrowserHost.AddressOf(api), Locale = "zh-CN" });
        await using var page = await BrowserPage.OpenAsync(context);
        await page.Page.GotoAsync("/signin");
        await page.Page.GetByRole(AriaRole.Button, new() { Name = "以赵编辑（编辑）身份登录" }).ClickAsync();
        await Expect(page.Page.Locator("header.site")).ToContainTextAsync("赵编辑（编辑）");
        await page.Page.GetByRole(AriaRole.Searchbox).First.FillAsync("防控");

        // The server's session ends (as it would after its lifetime): the cookie it sealed no longer opens.
        var cookie = Assert.Single(await context.CookiesAsync(), c => c.Name == "dangjian.session");
        await context.AddCookiesAsync([new Cookie { Name = cookie.Name, Value = "CfDJ8ended", Domain = cookie.Domain, Path = "/", HttpOnly = true, SameSite = SameSiteAttribute.Lax }]);
        await page.Page.GetByRole(AriaRole.Button, new() { Name = "检索", Exact = true }).ClickAsync();

        var banner = page.Page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "您的登录已结束" });
        await Expect(banner).ToBeVisibleAsync();
        // The reading still works, as the reader the page now is.
        await Expect(page.Page.GetByText("共", new() { Exact = false }).First).ToBeVisibleAsync();
        await page.AssertAccessibleAsync("the page with the session-ended banner");
        await banner.GetByRole(AriaRole.Button, new() { Name = "重新登录" }).ClickAsync();
        await banner.GetByRole(AriaRole.Button, new() { Name = "以赵编辑（编辑）身份登录" }).ClickAsync();
        await Expect(banner).ToBeHiddenAsync();
        await Expect(page.Page.Locator("header.site")).ToContainTextAsync("赵编辑（编辑）");
        await Expect(page.Page.GetByRole(AriaRole.Searchbox).First).ToHaveValueAsync("防控");
        // The 401 SESSION_EXPIRED answer is expected here; anything else is not.
        Assert.DoesNotContain(page.Errors, e => !e.Contains("401", StringComparison.Ordinal));
    }
}
