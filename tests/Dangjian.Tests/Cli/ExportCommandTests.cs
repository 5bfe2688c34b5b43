using System.Net;
using System.Text;
using System.Text.Json;
using Dangjian.Api.Cli;
using Dangjian.Core.Access;
using Dangjian.Core.Documents;
using Dangjian.Core.Storage;
using Dangjian.Tests.Support;

namespace Dangjian.Tests.Cli;

public sealed class ExportCommandTests : IAsyncLifetime
{
    private readonly ApiHost _api = new(seed: true);
    private readonly TempDirectory _files = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        await _api.DisposeAsync();
        _files.Dispose();
    }

    private async Task<(int Exit, string Out, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await CommandLine.RunAsync(_api.Services, args, Ct, new CliConsole(output, error));
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Stories_export_as_csv_and_jsonl_with_a_filter_and_restore_into_an_empty_store()
    {
        var csvPath = Path.Combine(_files.Path, "stories.csv");
        var jsonlPath = Path.Combine(_files.Path, "published.jsonl");

        var csv = await RunAsync("export", "--kind", "stories", "--format", "csv", "--output", csvPath);
        var jsonl = await RunAsync("export", "--kind", "stories", "--format", "jsonl", "--where", "{\"status\": {\"eq\": \"PUBLISHED\"}}", "--output", jsonlPath);

        var all = await _api.Store.CountAsync(Kinds.Story, Filter.All, Ct);
        var published = await _api.Store.CountAsync(Kinds.Story, Filter.Eq("status", "PUBLISHED"), Ct);
        Assert.Equal(0, csv.Exit);
        var csvBytes = await File.ReadAllBytesAsync(csvPath, Ct);
        Assert.Equal(Encoding.UTF8.Preamble.ToArray(), csvBytes[..3]);
        Assert.Contains($"Exported {all} Story documents", csv.Error);
        Assert.Equal(0, jsonl.Exit);
        var lines = (await File.ReadAllLinesAsync(jsonlPath, Ct)).Where(l => l.Length > 0).ToList();
        Assert.Equal(published, lines.Count);
        Assert.All(lines, l => Assert.Equal("PUBLISHED", JsonDocument.Parse(l).RootElement.GetProperty("status").GetString()));

        await using var empty = new ApiHost();
        using var output = new StringWriter();
        using var error = new StringWriter();
        var restored = await CommandLine.RunAsync(empty.Services, ["restore", "--kind", "stories", jsonlPath], Ct, new CliConsole(output, error));
        Assert.Equal(0, restored);
        Assert.Contains($"{published} inserted, 0 already present", output.ToString());
        Assert.Equal(published, await empty.Store.CountAsync(Kinds.Story, Filter.All, Ct));
    }

    [Theory]
    [InlineData("export", "--kind", "people", "--format", "csv")]
    [InlineData("export", "--kind", "stories", "--format", "xlsx")]
    [InlineData("export", "--kind", "stories", "--format", "csv", "--where", "{not json")]
    [InlineData("export", "--kind", "stories", "--format", "csv", "--where", "{\"nosuch\": {\"eq\": 1}}")]
    [InlineData("restore", "--kind", "stories")]
    public async Task Bad_arguments_are_usage_errors(params string[] args)
    {
        var (exit, _, error) = await RunAsync(args);

        Assert.Equal(2, exit);
        Assert.Contains("Usage", error);
    }

    [Fact]
    public async Task Search_results_stream_as_csv_or_json_lines_with_the_callers_visibility()
    {
        await _api.WaitForIndexAsync();
        using var client = _api.CreateClient();
        var total = (await _api.QueryAsync("{ search(query: \"防控\") { totalCount } }")).Ok().At("search.totalCount").GetInt32();
        var editorTotal = (await _api.QueryAsync("{ search(query: \"防控\") { totalCount } }", token: _api.Token(Role.Editor))).Ok().At("search.totalCount").GetInt32();

        using var csv = await client.GetAsync("/export/search?query=" + Uri.EscapeDataString("防控") + "&format=csv", Ct);
        var csvText = Encoding.UTF8.GetString((await csv.Content.ReadAsByteArrayAsync(Ct))[3..]);
        using var jsonl = await client.GetAsync("/export/search?query=" + Uri.EscapeDataString("防控") + "&format=jsonl&kind=Story", Ct);
        var rows = (await jsonl.Content.ReadAsStringAsync(Ct)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        using var bad = await client.GetAsync("/export/search?query=" + Uri.EscapeDataString("\"未闭合") + "&format=csv&kind=Nope", Ct);

        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        Assert.Equal(total + 1, csvText.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.True(editorTotal > total, "the seed has unpublished stories about 防控 that readers must not get");
        Assert.All(rows, r =>
        {
            var row = JsonDocument.Parse(r).RootElement;
            Assert.Equal("Story", row.GetProperty("type").GetString());
            Assert.Equal("PUBLISHED", row.At("document.status").GetString());
            Assert.StartsWith("http", row.GetProperty("permalink").GetString());
        });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }
}
