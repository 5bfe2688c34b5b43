using System.Text;
using Dangjian.Core.Documents;
using Dangjian.Core.Knowledge;
using Dangjian.Core.Storage;
using Dangjian.Core.Storage.Sqlite;
using Dangjian.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Dangjian.Tests.Knowledge;

public sealed class ExportTests : IAsyncDisposable
{
    private readonly TempDirectory _folder = new();
    private readonly Samples _samples = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<SqliteDocumentStore> StoreAsync(string name)
    {
        var store = new SqliteDocumentStore(new SqliteStoreOptions { DatabasePath = Path.Combine(_folder.Path, name + ".db") }, TimeProvider.System);
        await store.InitializeAsync(Ct);
        return store;
    }

    public async ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
        await Task.CompletedTask;
    }

    /// <summary>Records the largest page any query asked for, which bounds what the export holds in memory.</summary>
    private sealed class PageWatchingStore(IDocumentStore inner) : DelegatingDocumentStore(inner)
    {
        public int LargestPage { get; private set; }

        public int Queries { get; private set; }

        public override Task<IReadOnlyList<T>> QueryAsync<T>(DocumentKind<T> kind, Filter filter, IReadOnlyList<SortField> sort, int limit,
            CancellationToken cancellationToken) where T : class
        {
            LargestPage = Math.Max(LargestPage, limit);
            Queries++;
            return base.QueryAsync(kind, filter, sort, limit, cancellationToken);
        }

        public override Task<IReadOnlyList<T>> GetManyAsync<T>(DocumentKind<T> kind, IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
            where T : class => throw new InvalidOperationException("An export reads pages, not documents by id.");
    }

    [Fact]
    public async Task Ten_thousand_stories_export_page_by_page_and_restore_losslessly()
    {
        await using var source = await StoreAsync("source");
        var org = _samples.Organization();
        await source.CommitAsync(new Commit(DocumentWrite.Insert(org), ChangeAuthor.System), Ct);
        var random = new Random(7);
        var written = new List<Story>();
        for (var batch = 0; batch < 10; batch++)
        {
            var stories = Enumerable.Range(0, 1000).Select(i => _samples.Story(org.Id, $"故事 {batch}-{i}, \"引号\"", (StoryStatus)random.Next(7),
                tags: [$"标签{random.Next(5)}", "防控"]) with { Body = $"第{i}段\n正文，含逗号、换行和\"引号\"。", People = ["张三", "李四"] }).ToList();
            var result = await source.CommitAsync(new Commit(stories.Select(s => DocumentWrite.Insert(s)).ToList(), ChangeAuthor.System), Ct);
            written.AddRange(Assert.IsType<CommitResult.Committed>(result).Documents.Cast<Story>());
        }
        var watched = new PageWatchingStore(source);
        using var jsonl = new MemoryStream();
        var reports = new List<long>();

        var count = await new DocumentExport(watched).WriteAsync(Kinds.Story, Filter.All, ExportFormat.JsonLines, jsonl, (n, _) => { reports.Add(n); return Task.CompletedTask; }, Ct);

        Assert.Equal(10_000, count);
        Assert.Equal(DocumentExport.PageSize, watched.LargestPage);
        Assert.Equal(10_000 / DocumentExport.PageSize + 1, watched.Queries);
        Assert.Equal(10_000, reports[^1]);

        await using var target = await StoreAsync("target");
        jsonl.Position = 0;
        var outcome = await new DocumentRestore(target).ReadAsync(Kinds.Story, jsonl, null, Ct);
        Assert.Equal(10_000, outcome.Inserted);
        Assert.Empty(outcome.Problems);

        static string Content(Story s) => DocumentJson.Serialize(s with { Version = 0, CreatedAt = default, UpdatedAt = default });
        var restored = (await target.QueryAsync(Kinds.Story, Filter.All, [new SortField("id", SortDirection.Ascending)], 20_000, Ct)).ToDictionary(s => s.Id);
        Assert.Equal(written.Count, restored.Count);
        Assert.All(written, s => Assert.Equal(Content(s), Content(restored[s.Id])));

        // Restoring again inserts nothing: everything is already there.
        jsonl.Position = 0;
        var again = await new DocumentRestore(target).ReadAsync(Kinds.Story, jsonl, null, Ct);
        Assert.Equal((0, 10_000), (again.Inserted, again.AlreadyPresent));
    }

    [Fact]
    public async Task Csv_opens_as_chinese_in_spreadsheets_and_cannot_smuggle_formulas()
    {
        await using var store = await StoreAsync("csv");
        var org = _samples.Organization();
        var story = _samples.Story(org.Id, "=HYPERLINK(\"http://evil\",\"点我\")") with { Body = "第一行\n第二行，含逗号", Tags = ["网格员", "防控"] };
        await store.CommitAsync(new Commit([DocumentWrite.Insert(org), DocumentWrite.Insert(story)], ChangeAuthor.System), Ct);
        using var csv = new MemoryStream();

        await new DocumentExport(store).WriteAsync(Kinds.Story, Filter.All, ExportFormat.Csv, csv, null, Ct);

        var bytes = csv.ToArray();
        Assert.Equal(Encoding.UTF8.Preamble.ToArray(), bytes[..3]);
        var text = Encoding.UTF8.GetString(bytes[3..]);
        var header = text[..text.IndexOf("\r\n", StringComparison.Ordinal)].Split(',');
        Assert.Equal("id", header[0]);
        Assert.Contains("title", header);
        Assert.Contains("\"'=HYPERLINK(\"\"http://evil\"\",\"\"点我\"\")\"", text);
        Assert.Contains("\"第一行\n第二行，含逗号\"", text);
        Assert.Contains("网格员 | 防控", text);
    }

    [Fact]
    public async Task Restore_reports_lines_that_are_not_documents_and_keeps_going()
    {
        await using var store = await StoreAsync("bad");
        var org = _samples.Organization();
        var lines = string.Join('\n', "{not json", DocumentJson.Serialize(org), "{\"id\": \"x\", \"unknownField\": 1}", "");

        var outcome = await new DocumentRestore(store).ReadAsync(Kinds.Organization, new MemoryStream(Encoding.UTF8.GetBytes(lines)), null, Ct);

        Assert.Equal(1, outcome.Inserted);
        Assert.Equal(2, outcome.Problems.Count);
        Assert.StartsWith("line 1:", outcome.Problems[0]);
        Assert.StartsWith("line 3:", outcome.Problems[1]);
    }
}
