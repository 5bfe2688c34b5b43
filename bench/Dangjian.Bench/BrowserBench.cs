using System.IO.Compression;
using Microsoft.Playwright;

namespace Dangjian.Bench;

/// <summary>
/// The reading room in headless Chromium (Debian's, never a downloaded one) against the bench host: how long after
/// pressing Enter the results are on screen, and how much JavaScript the search page loads before any chart.
/// The time is taken inside the page: from the Enter key's keydown to the animation frame after the new results
/// replaced the old ones (the request, the JSON, React's render), so Playwright's own round trips are not in it.
/// </summary>
public sealed class BrowserBench(BenchHost host, Action<string> log)
{
    private const int Rounds = 40;
    private const int WarmUp = 6;

    private const string Probe = """
        () => {
          window.__bench = { start: 0, done: 0 };
          // The search form is drawn anew for each search, so the page is watched, not one input element.
          const box = () => document.querySelector('input[type=search]');
          document.addEventListener('keydown', e => {
            if (e.key === 'Enter' && e.target === box()) { window.__bench.start = performance.now(); window.__bench.done = 0; }
          }, true);
          const shown = () => {
            const q = new URLSearchParams(location.search).get('q');
            const section = document.querySelector('section.results');
            return window.__bench.query === q && section && section.getAttribute('aria-busy') === 'false'
              && (document.querySelector('.hits:not(.stale) .hit:not(.placeholder)') || document.querySelector('.empty'));
          };
          new MutationObserver(() => {
            if (window.__bench.start && !window.__bench.done && shown())
              requestAnimationFrame(() => { if (!window.__bench.done) window.__bench.done = performance.now(); });
          }).observe(document.getElementById('main'), { subtree: true, childList: true, attributes: true, characterData: true });
        }
        """;

    public async Task<bool> RunAsync(IReadOnlyList<string> queries, Dictionary<string, object?> results, CancellationToken cancellationToken)
    {
        var chromium = Environment.GetEnvironmentVariable("DANGJIAN_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";
        if (!File.Exists(chromium))
        {
            log($"No Chromium at {chromium}: apt-get install chromium");
            return false;
        }
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-gpu", "--no-first-run", "--disable-sync"],
        });
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = host.Address.ToString().TrimEnd('/'), Locale = "zh-CN", ViewportSize = new() { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();

        // The search page's scripts, as the browser fetched them, gzipped: what a reader downloads before any chart.
        var responses = new List<IResponse>();
        page.Response += (_, response) =>
        {
            if (response.Request.ResourceType == "script")
                lock (responses)
                    responses.Add(response);
        };
        await page.GotoAsync("/?q=" + Uri.EscapeDataString(queries[0]));
        await page.Locator(".hits .hit:not(.placeholder)").First.WaitForAsync(new() { Timeout = 60_000 });
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        var scripts = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var response in responses)
            scripts[response.Url] = await response.BodyAsync();
        var gzip = scripts.ToDictionary(s => new Uri(s.Key).AbsolutePath, s => Gzip(s.Value));
        var totalGzip = gzip.Values.Sum();
        var charts = gzip.Keys.Where(k => k.Contains("echarts", StringComparison.OrdinalIgnoreCase)).ToList();
        log($"Search page JavaScript: {scripts.Count} files, {scripts.Values.Sum(b => b.Length) / 1024.0:N1} KB, {totalGzip / 1024.0:N1} KB gzip (budget 200 KB); chart code loaded: {(charts.Count == 0 ? "none" : string.Join(", ", charts))}");

        await page.EvaluateAsync(Probe);
        var box = page.GetByRole(AriaRole.Searchbox);
        var samples = new List<double>();
        var perQuery = queries.ToDictionary(q => q, _ => new List<double>(), StringComparer.Ordinal);
        for (var round = 0; round < WarmUp + Rounds; round++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // Never the same query twice in a row, so every Enter is a new search.
            var query = queries[(round + 1) % queries.Count];
            await box.FillAsync(query);
            await page.EvaluateAsync("q => { window.__bench.query = q; }", query);
            await box.PressAsync("Enter");
            await page.WaitForFunctionAsync("() => window.__bench.done > 0", null, new() { Timeout = 30_000, PollingInterval = 5 });
            var ms = await page.EvaluateAsync<double>("() => window.__bench.done - window.__bench.start");
            if (round >= WarmUp)
            {
                samples.Add(ms);
                perQuery[query].Add(ms);
            }
        }
        var all = Summary.Of(samples);
        log($"Results on screen after Enter: median {all.Median:N0} ms, p95 {all.P95:N0} ms, max {all.Max:N0} ms over {samples.Count} searches (target p95 ≤ 300 ms)");
        results["browser"] = new
        {
            chromium = browser.Version,
            searchPageScripts = gzip.OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new { path = g.Key, gzipBytes = g.Value, bytes = scripts.First(s => new Uri(s.Key).AbsolutePath == g.Key).Value.Length }),
            searchPageJavaScriptGzipBytes = totalGzip,
            chartCodeOnSearchPage = charts,
            resultsOnScreenMs = all,
            resultsOnScreenMsByQuery = perQuery.Where(p => p.Value.Count > 0).ToDictionary(p => p.Key, p => Summary.Of(p.Value)),
        };
        await context.DisposeAsync();
        return all.P95 <= 300 && totalGzip <= 200 * 1024 && charts.Count == 0;
    }

    private static int Gzip(byte[] bytes)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
            gzip.Write(bytes);
        return (int)buffer.Length;
    }
}
