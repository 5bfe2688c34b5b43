using System.Text.Json;
using System.Text.RegularExpressions;
using Dangjian.Api.GraphQL.Relay;
using Dangjian.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dangjian.Tests.Browser;

/// <summary>The reading room in a real Chromium against the real host with the seed data, as a researcher uses it.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ReadingRoomTests(BrowserHost host)
{
    private static readonly string NoticeId = GlobalId.Encode("Directive", "notice-2020-01-29");
    private static readonly string SectionThreeId = GlobalId.Encode("DirectiveSection", "notice-2020-01-29.s3");

    private async Task<string> CitationAsync(string id, string style) =>
        (await host.Api.QueryAsync($$"""{ node(id: "{{id}}") { ... on DirectiveSection { citation(style: {{style}}) } } }""")).Ok().At("node.citation").GetString()!;

    private static async Task SearchAsync(IPage page, string query)
    {
        var box = page.GetByRole(AriaRole.Searchbox, new() { Name = "检索词" });
        await box.FillAsync(query);
        await box.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasTextRegex = new Regex(@"共 [\d,]+ 条结果") })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_reader_finds_the_founding_notice_jumps_to_section_three_and_copies_its_citation()
    {
        await using var browser = await host.NewPageAsync();
        var page = browser.Page;
        await page.GotoAsync("/");
        await browser.AssertAccessibleAsync("the start page");

        await SearchAsync(page, "防控");
        Assert.Contains("q=%E9%98%B2%E6%8E%A7", page.Url);
        await browser.AssertAccessibleAsync("the results for 防控");

        await page.GetByRole(AriaRole.Group, new() { Name = "年份" }).GetByRole(AriaRole.Checkbox, new() { Name = "2020" }).CheckAsync();
        await page.WaitForURLAsync(new Regex("from=2020-01-01&to=2020-12-31"));
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "移除筛选：2020年1月1日 – 2020年12月31日" })).ToBeVisibleAsync();

        // The URL holds the whole search: opened afresh, it shows the same filtered results.
        var filtered = page.Url;
        await page.GotoAsync(filtered);
        await Expect(page.GetByRole(AriaRole.Group, new() { Name = "年份" }).GetByRole(AriaRole.Checkbox, new() { Name = "2020" })).ToBeCheckedAsync();

        // The hit names the section its best fragment comes from, as the API says (not guessed from the text), and
        // links straight to it in the notice.
        var named = (await host.Api.QueryAsync("""
            { search(query: "防控", where: { kinds: [DIRECTIVE], date: { from: "2020-01-01", to: "2020-12-31" } }) { edges { section { number heading anchor } node { ... on Directive { id } } } } }
            """)).Ok().At("search.edges").EnumerateArray().Single(e => e.At("node.id").GetString() == NoticeId).At("section");
        var anchor = named.At("anchor").GetString()!;
        var hit = page.Locator(".hit").Filter(new() { Has = page.GetByRole(AriaRole.Link, new() { Name = "关于动员市直基层党组织和党员干部在疫情防控阻击战中冲在前" }) });
        var fromSection = hit.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^出自") });
        await Expect(fromSection).ToHaveCountAsync(1);
        await Expect(fromSection).ToContainTextAsync(named.At("heading").GetString()!);
        await fromSection.ClickAsync();
        await page.WaitForURLAsync($"**/d/{NoticeId}#{anchor}");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("关于动员市直基层党组织和党员干部在疫情防控阻击战中冲在前、勇担当、作表率的通知");
        await Expect(page.Locator($"#{anchor}").GetByRole(AriaRole.Heading, new() { Level = 2 })).ToBeInViewportAsync();
        await Expect(page.Locator($"#{anchor}").GetByRole(AriaRole.Heading, new() { Level = 2 })).ToContainTextAsync(named.At("heading").GetString()!);
        await Expect(page.Locator(".facts")).ToContainTextAsync("中共娄底市直属机关工作委员会");
        await Expect(page.Locator(".facts")).ToContainTextAsync("2020年1月29日");
        await browser.AssertAccessibleAsync("the notice");

        await page.GetByRole(AriaRole.Navigation, new() { Name = "目录" }).GetByRole(AriaRole.Link, new() { Name = "三、" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("#section-3$"));
        var section = page.Locator("#section-3");
        await Expect(section.GetByRole(AriaRole.Heading, new() { Level = 2 })).ToContainTextAsync("三、在联防联控群防群治上作表率");
        await Expect(section.GetByRole(AriaRole.Heading, new() { Level = 2 })).ToBeInViewportAsync();

        await section.GetByRole(AriaRole.Button, new() { Name = "复制 GB/T 7714—2015 格式引文" }).ClickAsync();
        await Expect(section.GetByRole(AriaRole.Status)).ToHaveTextAsync("已复制 GB/T 7714—2015 格式引文");
        var copied = await page.EvaluateAsync<string>("() => navigator.clipboard.readText()");
        Assert.Equal(await CitationAsync(SectionThreeId, "GB_T_7714"), copied);
        Assert.StartsWith("中共娄底市直属机关工作委员会. 关于动员", copied);
        Assert.Contains("三、在联防联控群防群治上作表率", copied);
        browser.AssertNoErrors();
    }

    [Fact]
    public async Task A_search_says_which_synonyms_it_also_looked_for()
    {
        await using var browser = await host.NewPageAsync();
        var page = browser.Page;
        await page.GotoAsync("/");
        await SearchAsync(page, "新冠");
        var expansions = page.Locator(".expansions");
        await Expect(expansions).ToContainTextAsync("也搜索了：");
        await Expect(expansions).ToContainTextAsync("新冠肺炎");
        await Expect(expansions).ToContainTextAsync("（同“新冠”）");
        // A quoted phrase is never expanded, so the line is not there.
        await SearchAsync(page, "\"防控\"");
        await Expect(page.Locator(".expansions")).ToHaveCountAsync(0);
        await browser.AssertAccessibleAsync("results with expansions");
        browser.AssertNoErrors();
    }

    [Fact]
    public async Task A_misspelt_search_suggests_the_likely_query_and_following_it_searches_for_that()
    {
        // What the API answers on this seeded host: the page must show exactly that.
        var api = (await host.Api.QueryAsync("""
            { misspelt: search(query: "习进平") { totalCount suggestion { query totalCount } }
              corrected: search(query: "习近平") { totalCount suggestion { query } } }
            """)).Ok();
        Assert.Equal(0, api.At("misspelt.totalCount").GetInt32());
        Assert.Equal("习近平", api.At("misspelt.suggestion.query").GetString());
        var count = api.At("misspelt.suggestion.totalCount").GetInt32();
        Assert.Equal(count, api.At("corrected.totalCount").GetInt32());
        Assert.Equal(JsonValueKind.Null, api.At("corrected.suggestion").ValueKind);

        await using var browser = await host.NewPageAsync();
        var page = browser.Page;
        await page.GotoAsync("/");
        await SearchAsync(page, "习进平");
        var suggestion = page.Locator(".suggestion");
        await Expect(suggestion).ToHaveTextAsync($"您是不是要找：习近平（{count} 条结果）");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "没有找到相关文献" })).ToBeVisibleAsync();
        await browser.AssertAccessibleAsync("no results, with a suggestion");

        await suggestion.GetByRole(AriaRole.Link, new() { Name = "习近平", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(new Regex(@"/\?q=%E4%B9%A0%E8%BF%91%E5%B9%B3$"));
        await Expect(page.Locator(".total")).ToHaveTextAsync($"共 {count} 条结果");
        await Expect(page.Locator(".hits:not(.stale) .hit")).ToHaveCountAsync(count);
        await Expect(page.Locator(".hit mark").First).ToHaveTextAsync("习近平");
        await Expect(page.GetByRole(AriaRole.Searchbox, new() { Name = "检索词" })).ToHaveValueAsync("习近平");
        await Expect(suggestion).ToHaveCountAsync(0);

        // A search like any other: the back button returns to the misspelt one and its suggestion.
        await page.GoBackAsync();
        await Expect(suggestion).ToHaveTextAsync($"您是不是要找：习近平（{count} 条结果）");
        browser.AssertNoErrors();
    }

    [Fact]
    public async Task Statistics_chart_activities_and_stories_by_tag_and_the_timeline_runs_both_ways()
    {
        var api = (await host.Api.QueryAsync("""
            { statistics { activityLogs { byTag(first: 1) { tag } } }
              oldest: timeline(first: 1, order: [{ at: ASC }]) { edges { node { ... on Directive { title } ... on StudyMaterial { title } ... on ActivityLog { title } ... on Story { title } } } }
              newest: timeline(first: 1) { edges { node { ... on Directive { title } ... on StudyMaterial { title } ... on ActivityLog { title } ... on Story { title } } } } }
            """)).Ok();
        var topTag = api.At("statistics.activityLogs.byTag.0.tag").GetString()!;
        await using var browser = await host.NewPageAsync();
        var page = browser.Page;

        await page.GotoAsync("/statistics");
        await Expect(page.GetByRole(AriaRole.Img, new() { Name = "图表：按主题（数据见下表）" })).ToHaveAttributeAsync("data-ready", "true");
        var table = page.GetByRole(AriaRole.Table, new() { Name = "按主题" });
        await page.GetByText("数据表：按主题").ClickAsync();
        await Expect(table.GetByRole(AriaRole.Rowheader, new() { Name = topTag, Exact = true })).ToBeVisibleAsync();

        await page.GotoAsync("/timeline");
        await Expect(page.Locator(".event a").First).ToHaveTextAsync(api.At("newest.edges.0.node.title").GetString()!);
        await page.GetByRole(AriaRole.Radio, new() { Name = "最早在前" }).CheckAsync();
        await page.WaitForURLAsync(new Regex("order=oldest"));
        await Expect(page.Locator(".days:not(.stale) .event a").First).ToHaveTextAsync(api.At("oldest.edges.0.node.title").GetString()!);
        // Paging on goes forward in time, and back returns to the earliest.
        await page.GetByRole(AriaRole.Link, new() { Name = "较新 →" }).First.ClickAsync();
        await page.WaitForURLAsync(new Regex("order=oldest&after="));
        await page.GetByRole(AriaRole.Link, new() { Name = "← 较早" }).First.ClickAsync();
        await Expect(page.Locator(".days:not(.stale) .event a").First).ToHaveTextAsync(api.At("oldest.edges.0.node.title").GetString()!);
        await browser.AssertAccessibleAsync("the timeline, oldest first");
        browser.AssertNoErrors();
    }

    [Fact]
    public async Task A_section_permalink_opens_the_notice_at_that_section()
    {
        await using var browser = await host.NewPageAsync();
        await browser.Page.GotoAsync($"/d/{SectionThreeId}");
        var heading = browser.Page.Locator("#section-3-heading");
        await Expect(heading).ToBeInViewportAsync();
        await Expect(browser.Page).ToHaveTitleAsync(new Regex("^三、在联防联控群防群治上作表率"));
        browser.AssertNoErrors();
    }

    [Fact]
    public async Task The_coverage_heatmap_shows_the_branches_that_reported()
    {
        var coverage = (await host.Api.QueryAsync($$"""{ node(id: "{{NoticeId}}") { ... on Directive { coverage { reporting { organization { name } } silent { name } } } } }""")).Ok();
        var reporting = coverage.At("node.coverage.reporting").EnumerateArray().Select(r => r.At("organization.name").GetString()!).ToList();
        Assert.NotEmpty(reporting);

        await using var browser = await host.NewPageAsync();
        var page = browser.Page;
        await page.GotoAsync($"/d/{NoticeId}/coverage");
        var heatmap = page.GetByRole(AriaRole.Img, new() { Name = "图表：各条目 × 组织报送热力图（数据见下表）" });
        await Expect(heatmap).ToHaveAttributeAsync("data-ready", "true");
        // The picture is SVG: one row label per organisation, the branches among them.
        var labels = await heatmap.Locator("svg text").AllTextContentsAsync();
        var table = page.GetByRole(AriaRole.Table, new() { Name = "各条目报送数据（与图表相同）" });
        foreach (var name in reporting)
        {
            // Long names are cut to fit, with an ellipsis.
            Assert.Contains(labels, l => l == name || (l.EndsWith("...", StringComparison.Ordinal) && l.Length > 3 && name.StartsWith(l[..^3], StringComparison.Ordinal)));
            await Expect(table.GetByRole(AriaRole.Rowheader, new() { Name = name, Exact = true })).ToBeVisibleAsync();
        }
        Assert.Contains(reporting, n => n.Contains("支部", StringComparison.Ordinal));
        await Expect(page.GetByRole(AriaRole.Img, new() { Name = "图表：各条目报送随时间变化（数据见下表）" })).ToHaveAttributeAsync("data-ready", "true");
        await browser.AssertAccessibleAsync("the coverage page");
        browser.AssertNoErrors();
    }

    [Fact]
    public async Task On_a_phone_nothing_sticks_out_and_the_notice_reads_and_cites()
    {
        await using var browser = await host.NewPageAsync(375, 812, phone: true);
        var page = browser.Page;
        await page.GotoAsync("/");
        await SearchAsync(page, "防控");
        Assert.False(await browser.OverflowsSidewaysAsync(), "The results page is wider than 375 px.");
        // The filters are folded above the results, and open on a tap.
        var filters = page.Locator("details.filters");
        Assert.Null(await filters.GetAttributeAsync("open"));
        await filters.Locator("summary").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Group, new() { Name = "文献类型" })).ToBeVisibleAsync();
        await browser.AssertAccessibleAsync("the results on a phone");

        await page.GetByRole(AriaRole.Link, new() { Name = "关于动员市直基层党组织和党员干部在疫情防控阻击战中冲在前" }).ClickAsync();
        await Expect(page.Locator("#section-3")).ToBeAttachedAsync();
        Assert.False(await browser.OverflowsSidewaysAsync(), "The notice is wider than 375 px.");
        await browser.AssertAccessibleAsync("the notice on a phone");

        await page.GotoAsync($"/d/{NoticeId}/coverage");
        await Expect(page.Locator(".chart[data-ready]").First).ToBeVisibleAsync();
        Assert.False(await browser.OverflowsSidewaysAsync(), "The coverage page is wider than 375 px.");
        browser.AssertNoErrors();
    }

    [Fact]
    public async Task Results_arrive_without_moving_what_is_on_screen()
    {
        await using var browser = await host.NewPageAsync();
        var page = browser.Page;
        await page.GotoAsync("/?q=%E9%98%B2%E6%8E%A7");
        await Expect(page.Locator(".hit h3").First).ToBeVisibleAsync();
        await page.EvaluateAsync("""
            () => { window.__shift = 0; new PerformanceObserver(list => { for (const e of list.getEntries()) if (!e.hadRecentInput) window.__shift += e.value; }).observe({ type: 'layout-shift' }); }
            """);
        // A new search replaces the results in place, and then a filter narrows them.
        await SearchAsync(page, "火线党支部");
        await page.GetByRole(AriaRole.Group, new() { Name = "文献类型" }).GetByRole(AriaRole.Checkbox).First.CheckAsync();
        await page.WaitForURLAsync(new Regex("kind="));
        await Expect(page.Locator(".hits:not(.stale) .hit h3").First).ToBeVisibleAsync();
        var shift = await page.EvaluateAsync<double>("() => new Promise(r => requestAnimationFrame(() => r(window.__shift)))");
        Assert.True(shift < 0.05, $"Cumulative layout shift {shift:0.000} while results arrived.");
        browser.AssertNoErrors();
    }

    [Fact]
    public async Task Every_page_is_accessible_and_error_free()
    {
        var ids = (await host.Api.QueryAsync("""
            { stories(first: 1) { nodes { id } } activityLogs(first: 1) { nodes { id } } studyMaterials(first: 1) { nodes { id } }
              organizations(first: 1) { nodes { id } } }
            """)).Ok();
        string First(string list) => ids.At(list + ".nodes").EnumerateArray().First().GetProperty("id").GetString()!;
        var pages = new (string Path, string Ready)[]
        {
            ("/", "form[role=search]"),
            ("/?q=%E7%BD%91%E6%A0%BC%E5%91%98&sort=newest", ".hit"),
            ("/?q=zzzzqqqq", ".empty"),
            ($"/d/{NoticeId}", "#section-5"),
            ($"/d/{First("stories")}", ".citation"),
            ($"/d/{First("activityLogs")}", ".citation"),
            ($"/d/{First("studyMaterials")}", ".citation"),
            ($"/d/{First("organizations")}", ".citation"),
            ($"/d/{NoticeId}/coverage", ".chart[data-ready]"),
            ("/statistics", ".chart[data-ready]"),
            ("/timeline", ".event"),
            ("/timeline?order=oldest", ".event"),
            ("/d/bm90LWFuLWlk", ".message"),
        };
        await using var browser = await host.NewPageAsync();
        foreach (var (path, ready) in pages)
        {
            await browser.Page.GotoAsync(path);
            await Expect(browser.Page.Locator(ready).First).ToBeAttachedAsync();
            await browser.AssertAccessibleAsync(path);
        }
        // The missing document is the one 404 the browser saw; anything else would be an error.
        Assert.All(browser.Errors, e => Assert.Contains("404", e));
    }

    [Fact]
    public async Task The_search_page_loads_no_chart_code()
    {
        await using var browser = await host.NewPageAsync();
        var scripts = new List<string>();
        browser.Page.Request += (_, request) =>
        {
            if (request.ResourceType == "script")
                scripts.Add(request.Url);
        };
        await browser.Page.GotoAsync("/?q=%E9%98%B2%E6%8E%A7");
        await Expect(browser.Page.Locator(".hit").First).ToBeVisibleAsync();
        Assert.DoesNotContain(scripts, s => s.Contains("echarts", StringComparison.OrdinalIgnoreCase));
        await browser.Page.GotoAsync("/statistics");
        await Expect(browser.Page.Locator(".chart[data-ready]").First).ToBeVisibleAsync();
        Assert.Contains(scripts, s => s.Contains("echarts", StringComparison.OrdinalIgnoreCase));
    }
}
