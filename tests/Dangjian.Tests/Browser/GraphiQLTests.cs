using System.Diagnostics;
using Dangjian.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dangjian.Tests.Browser;

/// <summary>The GraphiQL IDE served at /graphql, in a real Chromium, as a front-end developer first meets it under `dotnet run`.</summary>
[Collection(BrowserCollection.Name)]
public sealed class GraphiQLTests
{
    /// <summary>The introspection query GraphiQL sends: graphql-js's getIntrospectionQuery with GraphiQL's default options, from web/node_modules.</summary>
    private static async Task<string> GraphiQLIntrospectionQueryAsync()
    {
        var start = new ProcessStartInfo("node", ["-e", "process.stdout.write(require('graphql').getIntrospectionQuery({ inputValueDeprecation: false, schemaDescription: false }))"])
        {
            WorkingDirectory = RepositoryFiles.Path("web"),
            RedirectStandardOutput = true,
        };
        using var node = Process.Start(start)!;
        var query = await node.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        await node.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.Contains("query IntrospectionQuery", query);
        return query;
    }

    [Fact]
    public async Task In_development_the_docs_pane_lists_Query_and_the_editor_autocompletes()
    {
        if (!File.Exists(BrowserHost.ChromiumPath))
            BrowserHost.RequireBrowser($"No Chromium at {BrowserHost.ChromiumPath}.");
        await using var api = await BrowserHost.StartAsync(new ApiHost(environment: "Development"));
        var probe = await api.QueryAsync(await GraphiQLIntrospectionQueryAsync());
        if (probe.ErrorCodes.Any(c => c is "MAX_DEPTH" or "COMPLEXITY"))
            Assert.Skip("Waits on issue 14's introspection fix (branch transport): the server refuses GraphiQL's introspection query with " + string.Join(", ", probe.ErrorCodes));

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await BrowserHost.LaunchAsync(playwright);
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BrowserHost.AddressOf(api), ViewportSize = new() { Width = 1400, Height = 900 } });
        await using var page = await BrowserPage.OpenAsync(context);
        await page.Page.GotoAsync("/graphql");

        await page.Page.GetByRole(AriaRole.Button, new() { Name = "Show Documentation Explorer" }).ClickAsync();
        var docs = page.Page.Locator(".graphiql-doc-explorer");
        await Expect(docs.GetByText("Query", new() { Exact = true }).First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await docs.GetByText("Query", new() { Exact = true }).First.ClickAsync();
        await Expect(docs).ToContainTextAsync("directives");

        // Autocompletion: typing a field's start in the query editor offers the schema's fields.
        var editor = page.Page.Locator(".graphiql-query-editor .monaco-editor").First;
        await editor.ClickAsync();
        await page.Page.Keyboard.PressAsync("Control+A");
        await page.Page.Keyboard.PressAsync("Delete");
        await page.Page.Keyboard.TypeAsync("{ direc");
        await page.Page.Keyboard.PressAsync("Control+Space");
        await Expect(page.Page.Locator(".suggest-widget").GetByText("directives").First).ToBeVisibleAsync(new() { Timeout = 15_000 });
        page.AssertNoErrors();
    }
}
