using System.Text.Json;
using Dangjian.Tests.Support;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Dangjian.Tests.Browser;

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserHost>
{
    public const string Name = "Browser";
}

/// <summary>
/// The real API with the seed data, listening on a loopback port, and Debian's Chromium driven by Playwright (never a
/// browser Playwright downloads). Without a browser the tests are skipped, except under CI=true where they fail:
/// .ci/run installs chromium, so a missing one there is a broken machine, not a reason to pass.
/// </summary>
public sealed class BrowserHost : IAsyncLifetime
{
    public static string ChromiumPath => Environment.GetEnvironmentVariable("DANGJIAN_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    private IPlaywright? _playwright;
    private ApiHost? _api;
    private string? _unavailable;

    public ApiHost Api => _api ?? throw new InvalidOperationException(_unavailable);

    public IBrowser Browser { get; private set; } = null!;

    public string BaseUrl { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            _unavailable = $"No Chromium at {ChromiumPath} (apt-get install chromium, or set DANGJIAN_CHROMIUM).";
            return;
        }
        _api = await StartAsync(new ApiHost(seed: true));
        BaseUrl = AddressOf(_api);
        _playwright = await Playwright.CreateAsync();
        Browser = await LaunchAsync(_playwright);
    }

    /// <summary>Starts a host on a free loopback port, with its search index caught up.</summary>
    public static async Task<ApiHost> StartAsync(ApiHost api)
    {
        api.UseKestrel(options => options.Listen(System.Net.IPAddress.Loopback, 0));
        api.StartServer();
        await api.WaitForIndexAsync();
        return api;
    }

    public static string AddressOf(ApiHost api) =>
        api.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');

    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) =>
        playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            // This machine's network is closed: without these Chromium keeps trying to reach Google's services.
            Args = ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-gpu", "--no-first-run", "--disable-sync"],
        });

    /// <summary>Skips (or under CI=true fails) a test when there is no browser.</summary>
    public static void RequireBrowser(string? unavailable)
    {
        if (unavailable is null)
            return;
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            Assert.Fail("CI=true and the browser tests cannot run: " + unavailable);
        Assert.Skip(unavailable);
    }

    /// <summary>A fresh browser context (no shared cookies or storage) at a desktop or phone size, watching for errors.</summary>
    public Task<BrowserPage> NewPageAsync(int width = 1280, int height = 900, bool phone = false)
    {
        RequireBrowser(_unavailable);
        return OpenPageAsync(Browser, BaseUrl, width, height, phone);
    }

    /// <summary>
    /// The same for a test that starts its own host (a seeded Development one, or several browsers at once): China's
    /// locale and time zone, a desktop or phone size, downloads when a test saves a file.
    /// </summary>
    public static async Task<BrowserPage> OpenPageAsync(IBrowser browser, string baseUrl, int width = 1280, int height = 900, bool phone = false,
        bool acceptDownloads = false)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseUrl,
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "zh-CN",
            TimezoneId = "Asia/Shanghai",
            IsMobile = phone,
            HasTouch = phone,
            AcceptDownloads = acceptDownloads,
            Permissions = ["clipboard-read", "clipboard-write"],
        });
        return await BrowserPage.OpenAsync(context);
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
            await Browser.DisposeAsync();
        _playwright?.Dispose();
        if (_api is not null)
            await _api.DisposeAsync();
    }
}

/// <summary>A page that records console errors, uncaught exceptions and failed requests, and checks accessibility with axe-core.</summary>
public sealed class BrowserPage : IAsyncDisposable
{
    private readonly IBrowserContext _context;
    private readonly List<string> _errors = [];

    private BrowserPage(IBrowserContext context, IPage page)
    {
        _context = context;
        Page = page;
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
                _errors.Add($"console: {message.Text} ({message.Location})");
        };
        page.PageError += (_, error) => _errors.Add("page error: " + error);
        page.RequestFailed += (_, request) =>
        {
            // A request the page itself abandoned (a search replaced by the next one) is not an error.
            if (request.Failure is not ("net::ERR_ABORTED" or null))
                _errors.Add($"request failed: {request.Method} {request.Url} {request.Failure}");
        };
        page.Response += (_, response) =>
        {
            if (response.Status >= 500)
                _errors.Add($"HTTP {response.Status}: {response.Request.Method} {response.Url}");
        };
    }

    public IPage Page { get; }

    public static async Task<BrowserPage> OpenAsync(IBrowserContext context) => new(context, await context.NewPageAsync());

    public IReadOnlyList<string> Errors => _errors;

    public void AssertNoErrors() => Assert.True(_errors.Count == 0, "The page reported errors:\n" + string.Join("\n", _errors));

    /// <summary>Runs axe-core (from web/node_modules, installed by the build) on the page as it is now: no serious or critical violation.</summary>
    public async Task AssertAccessibleAsync(string what)
    {
        if (!await Page.EvaluateAsync<bool>("() => typeof window.axe !== 'undefined'"))
            await Page.AddScriptTagAsync(new PageAddScriptTagOptions { Path = RepositoryFiles.Path("web", "node_modules", "axe-core", "axe.min.js") });
        var violations = await Page.EvaluateAsync<JsonElement>("""
            async () => (await axe.run(document, { resultTypes: ['violations'] })).violations
              .filter(v => v.impact === 'serious' || v.impact === 'critical')
              .map(v => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')}`)
            """);
        var list = violations.EnumerateArray().Select(v => v.GetString()).ToList();
        Assert.True(list.Count == 0, $"axe-core found serious or critical violations on {what}:\n" + string.Join("\n", list));
    }

    /// <summary>Whether the page is wider than its viewport (something sticks out sideways).</summary>
    public Task<bool> OverflowsSidewaysAsync() =>
        Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > document.documentElement.clientWidth + 1");

    public async ValueTask DisposeAsync() => await _context.DisposeAsync();
}
