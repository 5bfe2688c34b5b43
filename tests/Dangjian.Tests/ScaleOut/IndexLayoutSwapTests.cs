using Dangjian.Core.Access;
using Dangjian.Core.Documents;
using Dangjian.Core.Reading;
using Dangjian.Core.Search;
using Dangjian.Core.Storage;
using Dangjian.Core.Storage.Sqlite;
using Dangjian.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Dangjian.Tests.ScaleOut;

/// <summary>
/// A change of index layout on real folders and a SQLite store: the index of the old layout goes on serving and
/// following the feed while the new one is built beside it, and the new one is swapped in once it has caught up. The
/// build is held at a gate, so "while" is a state the test looks at, not a race it hopes to win.
/// </summary>
public sealed class IndexLayoutSwapTests : IAsyncLifetime
{
    private const int OldLayout = OldLayoutIndex.Layout;
    private static readonly Caller Editor = new("editor", Role.Editor);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly TempDirectory _root = new();
    private readonly Samples _samples = new();
    private SqliteDocumentStore _store = null!;
    private Organization _org = null!;

    private string IndexFolder => Path.Combine(_root.Path, "index");

    public async ValueTask InitializeAsync()
    {
        _store = new SqliteDocumentStore(new SqliteStoreOptions { DatabasePath = Path.Combine(_root.Path, "shared.db") }, TimeProvider.System);
        await _store.InitializeAsync(Ct);
        _org = await InsertAsync(_samples.Organization("机关工委", kind: OrganizationKind.WorkingCommittee));
    }

    public async ValueTask DisposeAsync()
    {
        await _store.DisposeAsync();
        SqliteConnection.ClearAllPools();
        _root.Dispose();
    }

    [Fact]
    public async Task The_old_layout_serves_and_follows_the_feed_while_the_new_one_is_built_beside_it_then_the_new_one_is_swapped_in()
    {
        for (var i = 0; i < 6; i++)
            await InsertAsync(_samples.Story(_org.Id, $"火线党支部的第{i}个夜晚"));
        await BuildOldLayoutAsync(legacy: false);

        using var index = SearchIndex.Open(IndexFolder);
        Assert.Equal((OldLayout, (int?)SearchIndex.Layout, true), (index.ServingLayout, index.BuildingLayout, index.NeedsBuild));
        // Nothing may prune the feed the new index will be caught up from until it has a commit of its own.
        Assert.Equal(0, index.CommittedSequence);
        var gate = new FeedGate();
        var gated = new GatedReadsStore(_store, gate);
        var building = new SearchIndexer(gated, index, batchSize: 2).RebuildAsync(null, Ct);
        await gated.Reached.Task.WaitAsync(Ct);

        // The build is held: the old index answers, and follows the feed.
        Assert.False(building.IsCompleted);
        Assert.False(index.NeedsBuild);
        Assert.Equal(6, Search(index, "火线党支部").Total);
        var during = await InsertAsync(_samples.Story(_org.Id, "重建期间的方舱读书会"));
        await new SearchIndexer(_store, index).CatchUpAsync(Ct);
        Assert.Equal([during.Id], Search(index, "方舱读书会").Ids);
        Assert.Equal(OldLayout, index.ServingLayout);
        Assert.True(Directory.Exists(SearchIndexFolders.PathFor(IndexFolder, OldLayout)));
        Assert.True(Directory.Exists(SearchIndexFolders.PathFor(IndexFolder, SearchIndex.Layout)));

        gate.Open();
        await building;
        // Built from the documents, at the feed's head as it was when the build began (before the write above): the feed
        // catches it up, and it is swapped in once it has applied what the serving one has.
        Assert.Equal(OldLayout, index.ServingLayout);
        await new SearchIndexer(_store, index).CatchUpAsync(Ct);

        Assert.Equal((SearchIndex.Layout, (int?)null, 1), (index.ServingLayout, index.BuildingLayout, index.Swaps));
        Assert.Equal(await _store.GetLastSequenceAsync(Ct), index.AppliedSequence);
        Assert.Equal(6, Search(index, "火线党支部").Total);
        Assert.Equal([during.Id], Search(index, "方舱读书会").Ids);
        Assert.False(Directory.Exists(SearchIndexFolders.PathFor(IndexFolder, OldLayout)));
        var report = await IndexCheck.RunAsync(_store, IndexFolder, Ct);
        Assert.True(report.InStep, $"missing {string.Join(", ", report.Missing)}; extra {string.Join(", ", report.Extra)}; stale {string.Join(", ", report.Stale)}");
        Assert.Equal(index.AppliedSequence, report.Checkpoint);
    }

    [Fact]
    public async Task A_new_layout_that_is_behind_the_serving_index_is_caught_up_from_the_feed_and_a_search_in_flight_keeps_the_old_one_until_it_ends()
    {
        await InsertAsync(_samples.Story(_org.Id, "第一个故事"));
        await BuildOldLayoutAsync(legacy: false);
        using var index = SearchIndex.Open(IndexFolder);
        var gate = new FeedGate();
        var gated = new GatedReadsStore(_store, gate);
        var indexer = new SearchIndexer(_store, index, batchSize: 1);
        // The build reads the feed's head before its pages: writes after that are the catch-up's.
        var building = new SearchIndexer(gated, index).RebuildAsync(null, Ct);
        await gated.Reached.Task.WaitAsync(Ct);
        var later = new List<Story>();
        for (var i = 0; i < 3; i++)
            later.Add(await InsertAsync(_samples.Story(_org.Id, $"建成之后的第{i}个故事")));
        await indexer.CatchUpAsync(Ct);
        gate.Open();
        await building;
        var builtAt = index.CandidateSequence;

        // Built, behind the serving index: not swapped in until it has applied what the serving one has.
        Assert.NotNull(builtAt);
        Assert.True(builtAt < index.AppliedSequence);
        Assert.Equal(OldLayout, index.ServingLayout);
        var inFlight = index.Acquire();
        // The serving index has nothing left to apply; the new one applies one change of the three it lacks.
        Assert.Equal(1, await indexer.ApplyNextBatchAsync(Ct));
        Assert.Equal(OldLayout, index.ServingLayout);
        await indexer.CatchUpAsync(Ct);

        Assert.Equal(SearchIndex.Layout, index.ServingLayout);
        // The search that began on the old index still reads it, and its folder stays until the search lets go.
        Assert.Equal(4, inFlight.Searcher.IndexReader.NumDocs);
        Assert.True(Directory.Exists(SearchIndexFolders.PathFor(IndexFolder, OldLayout)));
        inFlight.Dispose();
        Assert.False(Directory.Exists(SearchIndexFolders.PathFor(IndexFolder, OldLayout)));
        Assert.Equal(later.Select(s => s.Id).Order(StringComparer.Ordinal), Search(index, "建成之后").Ids.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_crash_before_the_swap_resumes_the_built_index_from_its_own_commit_and_a_crash_after_the_mark_keeps_the_new_one()
    {
        await InsertAsync(_samples.Story(_org.Id, "崩溃之前的故事"));
        await BuildOldLayoutAsync(legacy: false);
        var index = SearchIndex.Open(IndexFolder);
        var gate = new FeedGate();
        var gated = new GatedReadsStore(_store, gate);
        var building = new SearchIndexer(gated, index).RebuildAsync(null, Ct);
        await gated.Reached.Task.WaitAsync(Ct);
        await InsertAsync(_samples.Story(_org.Id, "构建期间的故事"));
        await new SearchIndexer(_store, index).CatchUpAsync(Ct);
        gate.Open();
        await building;
        var builtAt = index.CandidateSequence;
        Assert.NotNull(builtAt);
        index.SimulateCrash();

        using (var reopened = SearchIndex.Open(IndexFolder))
        {
            // The built index was committed with its checkpoint: it resumes from there, with no second build.
            Assert.Equal((OldLayout, false), (reopened.ServingLayout, reopened.NeedsBuild));
            Assert.Equal(builtAt, reopened.CandidateSequence);
            await new SearchIndexer(_store, reopened).CatchUpAsync(Ct);
            Assert.Equal(SearchIndex.Layout, reopened.ServingLayout);
        }

        // Both marked serving (a crash between the new one's mark and the old one's removal): the new layout serves.
        var stray = SearchIndexFolders.PathFor(IndexFolder, OldLayout);
        CopyIndex(SearchIndexFolders.PathFor(IndexFolder, SearchIndex.Layout), stray);
        Relabel(stray, OldLayout);
        using (var reopened = SearchIndex.Open(IndexFolder))
        {
            Assert.Equal((SearchIndex.Layout, (int?)null), (reopened.ServingLayout, reopened.BuildingLayout));
            Assert.False(Directory.Exists(stray));
        }
    }

    [Fact]
    public async Task An_index_of_the_versions_before_layout_folders_serves_until_the_swap_and_then_only_its_files_are_removed()
    {
        await InsertAsync(_samples.Story(_org.Id, "旧目录里的故事"));
        await BuildOldLayoutAsync(legacy: true);
        // Folders that are not ours, or not a layout, are neither opened nor removed.
        var foreign = new[] { "layout-abc", "layout-", "layout-99999999999", "layout--1", "backup" }.Select(n => Path.Combine(IndexFolder, n)).ToList();
        foreach (var folder in foreign)
            Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(IndexFolder, "layout-abc", "keep.txt"), "not an index", Ct);

        using (var index = SearchIndex.Open(IndexFolder))
        {
            Assert.Equal((OldLayout, (int?)SearchIndex.Layout), (index.ServingLayout, index.BuildingLayout));
            Assert.Single(Search(index, "旧目录").Ids);
            await new SearchIndexer(_store, index).RebuildAsync(null, Ct);
            await new SearchIndexer(_store, index).CatchUpAsync(Ct);
            Assert.Equal(SearchIndex.Layout, index.ServingLayout);
            Assert.Single(Search(index, "旧目录").Ids);
        }

        Assert.Empty(Directory.EnumerateFiles(IndexFolder));
        Assert.All(foreign, f => Assert.True(Directory.Exists(f), f));
        Assert.Equal("not an index", await File.ReadAllTextAsync(Path.Combine(IndexFolder, "layout-abc", "keep.txt"), Ct));
        Assert.Equal(SearchIndexFolders.PathFor(IndexFolder, SearchIndex.Layout), SearchIndexFolders.ServingPath(IndexFolder, SearchIndex.Layout));
    }

    private Task BuildOldLayoutAsync(bool legacy) => OldLayoutIndex.CreateAsync(_store, IndexFolder, legacy, Ct);

    private static void Relabel(string folder, int layout) => OldLayoutIndex.Relabel(folder, layout);

    private static void CopyIndex(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from).Where(f => Path.GetFileName(f) != "write.lock"))
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
    }

    private async Task<T> InsertAsync<T>(T document) where T : Document
    {
        var result = await _store.CommitAsync(new Commit(DocumentWrite.Insert(document), ChangeAuthor.System), Ct);
        return (T)Assert.IsType<CommitResult.Committed>(result).Documents[0];
    }

    private static (int Total, List<string> Ids) Search(SearchIndex index, string query)
    {
        var result = new SearchService(index, new SearchOptions(), new PagingOptions()).Search(
            new SearchRequest { Query = query, Filter = SearchFilter.None, First = 100 }, Editor, Ct);
        Assert.True(result.IsSuccess, result.Error?.Message);
        return (result.Value.TotalCount, result.Value.Hits.Select(h => h.Id).ToList());
    }

    /// <summary>Holds document reads (a rebuild's pages) until the gate opens; the feed and the head are read at once.</summary>
    private sealed class GatedReadsStore(IDocumentStore inner, FeedGate gate) : DelegatingDocumentStore(inner)
    {
        /// <summary>Set when the first read is held: the build has read the feed's head and begun.</summary>
        public TaskCompletionSource Reached { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override async Task<IReadOnlyList<T>> QueryAsync<T>(DocumentKind<T> kind, Filter filter, IReadOnlyList<SortField> sort, int limit,
            CancellationToken cancellationToken)
        {
            Reached.TrySetResult();
            await gate.WaitAsync(cancellationToken);
            return await base.QueryAsync(kind, filter, sort, limit, cancellationToken);
        }
    }
}
