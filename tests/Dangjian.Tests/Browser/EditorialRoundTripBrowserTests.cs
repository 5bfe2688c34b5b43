using System.Text.RegularExpressions;
using Dangjian.Core.Access;
using Dangjian.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dangjian.Tests.Browser;

/// <summary>
/// The editorial round trip of issue 16 in a real Chromium, with several browser contexts open at once: a branch
/// secretary on a phone submits a story (through an ended session, losing nothing); an editor's open queue shows it
/// without reloading; the editor asks for changes; the secretary revises and resubmits; two editors then collide on
/// one version (shown, never overwritten); the story is approved and published and an anonymous reader finds it in
/// the reading room. A page on another origin cannot make the secretary's browser write anything.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class EditorialRoundTripBrowserTests
{
    private const string Title = "雪夜方舱里的一堂党课";
    private const string AttackerOrigin = "http://attacker.example";

    private static Task<BrowserPage> OpenAsync(IBrowser browser, string baseUrl, bool phone = false) =>
        phone ? BrowserHost.OpenPageAsync(browser, baseUrl, 375, 740, phone: true) : BrowserHost.OpenPageAsync(browser, baseUrl);

    private static async Task SignInAsync(BrowserPage page, string returnTo, string button, string who)
    {
        await page.Page.GotoAsync($"/signin?returnTo={Uri.EscapeDataString(returnTo)}");
        await page.Page.GetByRole(AriaRole.Button, new() { Name = button }).ClickAsync();
        await Expect(page.Page.Locator("header.site")).ToContainTextAsync(who);
        await Expect(page.Page).ToHaveURLAsync(new Regex(Regex.Escape(returnTo) + "$"));
    }

    [Fact]
    public async Task A_story_goes_from_a_branch_on_a_phone_through_two_editors_to_the_reading_room()
    {
        if (!File.Exists(BrowserHost.ChromiumPath))
            BrowserHost.RequireBrowser($"No Chromium at {BrowserHost.ChromiumPath}.");
        await using var api = await BrowserHost.StartAsync(new ApiHost(seed: true, environment: "Development"));
        var baseUrl = BrowserHost.AddressOf(api);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await BrowserHost.LaunchAsync(playwright);
        await using var secretary = await OpenAsync(browser, baseUrl, phone: true);
        await using var zhao = await OpenAsync(browser, baseUrl);
        await using var qian = await OpenAsync(browser, baseUrl);
        await using var reader = await OpenAsync(browser, baseUrl);

        // The editor's queue is open before anything is submitted.
        await SignInAsync(zhao, "/desk", "以赵编辑（编辑）身份登录", "赵编辑");
        await Expect(zhao.Page.GetByRole(AriaRole.Heading, new() { NameRegex = new Regex("^已提交：共") })).ToBeVisibleAsync();

        // The secretary, on a phone, writes a story: Markdown with the server's preview, a directive section.
        await SignInAsync(secretary, "/branch", "以李书记（支部书记）身份登录", "李书记");
        await secretary.AssertAccessibleAsync("the branch page on a phone");
        Assert.False(await secretary.OverflowsSidewaysAsync(), "the branch page sticks out sideways on a phone");
        await secretary.Page.GetByRole(AriaRole.Link, new() { Name = "撰写新稿件" }).ClickAsync();
        await secretary.Page.GetByLabel("标题", new() { Exact = true }).FillAsync(Title);
        await secretary.Page.GetByLabel("正文（Markdown）").FillAsync("## 方舱\n\n党员**主动请战**，在方舱医院上了一堂党课。\n");
        await Expect(secretary.Page.Locator(".preview strong")).ToHaveTextAsync("主动请战");
        await Expect(secretary.Page.Locator(".preview h2")).ToHaveTextAsync("方舱");
        await secretary.Page.GetByLabel(new Regex("在政治坚定狠抓落实上作表率")).First.CheckAsync();
        await secretary.AssertAccessibleAsync("the story form on a phone");
        Assert.False(await secretary.OverflowsSidewaysAsync(), "the story form sticks out sideways on a phone");

        // Her session ends while she writes (the server no longer opens the cookie): submitting is refused, the
        // banner asks her to sign in again, and after signing in in place the form is back as she typed it.
        var cookie = Assert.Single(await secretary.Page.Context.CookiesAsync(), c => c.Name == "dangjian.session");
        await secretary.Page.Context.AddCookiesAsync([new Cookie { Name = cookie.Name, Value = "CfDJ8ended", Domain = cookie.Domain, Path = "/", HttpOnly = true, SameSite = SameSiteAttribute.Lax }]);
        await secretary.Page.GetByRole(AriaRole.Button, new() { Name = "提交审核" }).ClickAsync();
        var banner = secretary.Page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "您的登录已结束" });
        await Expect(banner).ToBeVisibleAsync();
        await secretary.AssertAccessibleAsync("the story form's page with the session-ended banner, on a phone");
        await banner.GetByRole(AriaRole.Button, new() { Name = "重新登录" }).ClickAsync();
        await banner.GetByRole(AriaRole.Button, new() { Name = "以李书记（支部书记）身份登录" }).ClickAsync();
        await Expect(banner).ToBeHiddenAsync();
        await Expect(secretary.Page.GetByLabel("标题", new() { Exact = true })).ToHaveValueAsync(Title);
        await Expect(secretary.Page.GetByLabel("正文（Markdown）")).ToHaveValueAsync(new Regex("主动请战"));
        await Expect(secretary.Page.GetByLabel(new Regex("在政治坚定狠抓落实上作表率")).First).ToBeCheckedAsync();
        Assert.Equal(0, await CountStoriesAsync(api, Title)); // nothing was written while the session was ended
        await secretary.Page.GetByRole(AriaRole.Button, new() { Name = "提交审核" }).ClickAsync();
        await Expect(secretary.Page.GetByText($"稿件“{Title}”已提交，等待编辑审核。")).ToBeVisibleAsync();
        Assert.Equal(1, await CountStoriesAsync(api, Title));

        // The editor's queue, never reloaded, shows it; the editor takes it into review and asks for changes.
        var inQueue = zhao.Page.GetByRole(AriaRole.Link, new() { Name = Title });
        await Expect(inQueue).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await inQueue.ClickAsync();
        await zhao.Page.GetByRole(AriaRole.Button, new() { Name = "开始审核" }).ClickAsync();
        await Expect(zhao.Page.GetByText("已开始审核。")).ToBeVisibleAsync();
        await zhao.Page.GetByLabel("“退回修改”的说明（可选，记入修订记录）").FillAsync("请补充时间和地点");
        await zhao.Page.GetByRole(AriaRole.Button, new() { Name = "退回修改" }).ClickAsync();
        await Expect(zhao.Page.GetByText("已退回修改。")).ToBeVisibleAsync();
        var reviewUrl = zhao.Page.Url;

        // The secretary sees the note, revises and resubmits.
        await secretary.Page.GotoAsync("/branch");
        await Expect(secretary.Page.GetByText("请补充时间和地点")).ToBeVisibleAsync();
        await secretary.Page.GetByRole(AriaRole.Link, new() { Name = $"修改：{Title}" }).ClickAsync();
        await Expect(secretary.Page.GetByText("请补充时间和地点")).ToBeVisibleAsync();
        var body = secretary.Page.GetByLabel("正文（Markdown）");
        await body.FillAsync("## 方舱\n\n党员**主动请战**，在方舱医院上了一堂党课。\n\n二月一日晚，方舱医院三号舱。\n");
        await secretary.Page.GetByRole(AriaRole.Button, new() { Name = "保存并重新提交" }).ClickAsync();
        await Expect(secretary.Page.GetByText($"稿件“{Title}”已修改并重新提交。")).ToBeVisibleAsync();
        await secretary.AssertAccessibleAsync("the branch page after resubmitting, on a phone");

        // Two editors on the same version: Qian takes it into review first; Zhao's step is refused and shown.
        await zhao.Page.GotoAsync(reviewUrl);
        await qian.Page.GotoAsync("/signin");
        await qian.Page.GetByRole(AriaRole.Button, new() { Name = "以钱编辑（编辑）身份登录" }).ClickAsync();
        await Expect(qian.Page.Locator("header.site")).ToContainTextAsync("钱编辑");
        await qian.Page.GotoAsync(reviewUrl);
        await Expect(zhao.Page.GetByRole(AriaRole.Button, new() { Name = "开始审核" })).ToBeVisibleAsync();
        await qian.Page.GetByRole(AriaRole.Button, new() { Name = "开始审核" }).ClickAsync();
        await Expect(qian.Page.GetByText("已开始审核。")).ToBeVisibleAsync();
        await zhao.Page.GetByLabel("“开始审核”的说明（可选，记入修订记录）").FillAsync("我来审");
        await zhao.Page.GetByRole(AriaRole.Button, new() { Name = "开始审核" }).ClickAsync();
        var conflict = zhao.Page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "此后稿件已被修改" });
        await Expect(conflict).ToContainTextAsync("editor-qian");
        await Expect(conflict).ToContainTextAsync("按现在的状态，已不能开始审核。");
        await zhao.AssertAccessibleAsync("the review page showing a version conflict");

        // The revision difference: the first version beside the latest, side by side.
        await zhao.Page.GetByLabel("比较：从").SelectOptionAsync(new SelectOptionValue { Label = "第 1 版" });
        var difference = zhao.Page.GetByRole(AriaRole.Table, new() { NameRegex = new Regex("^第 1 版与第 \\d+ 版正文对照$") });
        await Expect(difference).ToContainTextAsync("二月一日晚，方舱医院三号舱。");
        await zhao.AssertAccessibleAsync("the review page with a revision difference");

        // Zhao approves and publishes on the current version.
        await zhao.Page.GetByRole(AriaRole.Button, new() { Name = "批准" }).ClickAsync();
        await Expect(zhao.Page.GetByText("已批准。")).ToBeVisibleAsync();
        await zhao.Page.GetByRole(AriaRole.Button, new() { Name = "发布" }).ClickAsync();
        await Expect(zhao.Page.GetByText("已发布。")).ToBeVisibleAsync();

        // An anonymous reader finds it in the reading room (the index follows the change feed, so allow it a moment).
        var found = reader.Page.GetByRole(AriaRole.Link, new() { Name = Title });
        for (var attempt = 0; attempt < 20 && await found.CountAsync() == 0; attempt++)
        {
            await reader.Page.GotoAsync($"/?q={Uri.EscapeDataString("雪夜方舱")}");
            await reader.Page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        }
        await found.First.ClickAsync();
        await Expect(reader.Page.GetByRole(AriaRole.Heading, new() { Name = Title })).ToBeVisibleAsync();
        await Expect(reader.Page.GetByText("二月一日晚，方舱医院三号舱。")).ToBeVisibleAsync();

        zhao.AssertNoErrors();
        qian.AssertNoErrors();
        reader.AssertNoErrors();
        // The 401 SESSION_EXPIRED answer is expected on the secretary's page; anything else is not.
        Assert.DoesNotContain(secretary.Errors, e => !e.Contains("401", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_page_on_another_origin_cannot_make_a_signed_in_secretary_write()
    {
        if (!File.Exists(BrowserHost.ChromiumPath))
            BrowserHost.RequireBrowser($"No Chromium at {BrowserHost.ChromiumPath}.");
        await using var api = await BrowserHost.StartAsync(new ApiHost(seed: true, environment: "Development"));
        var baseUrl = BrowserHost.AddressOf(api);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await BrowserHost.LaunchAsync(playwright);
        await using var secretary = await OpenAsync(browser, baseUrl, phone: true);
        await SignInAsync(secretary, "/branch", "以李书记（支部书记）身份登录", "李书记");

        // The attacker's page, served from another origin in the same browser (Playwright answers for its host).
        const string forged = "伪造的稿件";
        var mutation = $"mutation {{ submitStory(input: {{ submittingOrganizationId: \\\"T3JnYW5pemF0aW9uOmxkLXp4eXktZnJteg==\\\", title: \\\"{forged}\\\", body: \\\"x\\\" }}) {{ story {{ id }} }} }}";
        await secretary.Page.Context.RouteAsync(AttackerOrigin + "/**", route => route.FulfillAsync(new RouteFulfillOptions
        {
            ContentType = "text/html; charset=utf-8",
            Body = $$"""
                <!doctype html><html lang="en"><title>attacker</title><body>
                <form id="f" method="post" action="{{baseUrl}}/graphql" enctype="text/plain">
                  <input name='{"query":"{{mutation}}","x":"' value='"}'>
                </form>
                </body></html>
                """,
        }));
        await secretary.Page.GotoAsync(AttackerOrigin + "/");

        // A script's request with credentials: the browser's CORS check stops it (no preflight passes), so it fails.
        var fetched = await secretary.Page.EvaluateAsync<string>($$"""
            async () => {
              try {
                const r = await fetch('{{baseUrl}}/graphql', { method: 'POST', credentials: 'include',
                  headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ query: "{{mutation}}" }) });
                return 'answered ' + r.status;
              } catch (e) { return 'blocked'; }
            }
            """);
        Assert.Equal("blocked", fetched);

        // A plain form post (no preflight for the browser to ask): the API refuses it before anything runs.
        var answer = secretary.Page.WaitForResponseAsync(r => r.Url.EndsWith("/graphql", StringComparison.Ordinal));
        await secretary.Page.EvaluateAsync("() => document.getElementById('f').submit()");
        var response = await answer;
        Assert.True(response.Status >= 400, $"the forged form post was answered {response.Status}");
        Assert.Contains("PREFLIGHT_REQUIRED", await response.TextAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await CountStoriesAsync(api, forged));

        // Back on the site, the secretary's session is untouched.
        await secretary.Page.GotoAsync(baseUrl + "/branch");
        await Expect(secretary.Page.Locator("header.site")).ToContainTextAsync("李书记");
    }

    private static async Task<int> CountStoriesAsync(ApiHost api, string title)
    {
        var data = (await api.QueryAsync("query($t: String!) { stories(where: { title: { eq: $t } }) { totalCount } }", new { t = title }, api.Token(Role.Editor))).Ok();
        return data.GetProperty("stories").GetProperty("totalCount").GetInt32();
    }
}
