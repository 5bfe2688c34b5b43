using Dangjian.Core;
using Dangjian.Core.Access;
using Dangjian.Core.Documents;
using Dangjian.Core.Reading;
using Dangjian.Core.Search;
using Dangjian.Core.Storage;
using Dangjian.Core.Storage.Sqlite;
using Dangjian.Tests.Support;
using Lucene.Net.Store;
using Microsoft.Data.Sqlite;

namespace Dangjian.Tests.Search;

/// <summary>
/// A store in a temporary folder and an index in memory (RAMDirectory), with the indexer and search between them.
/// Each test makes its own, so no test sees another's documents.
/// </summary>
public sealed class SearchFixture : IAsyncDisposable
{
    private readonly TempDirectory _folder;
    private SearchIndex? _index;

    private SearchFixture(TempDirectory folder, SqliteDocumentStore store)
    {
        _folder = folder;
        Store = store;
    }

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public SqliteDocumentStore Store { get; }

    public RAMDirectory Directory { get; } = new();

    public SearchOptions Options { get; } = new();

    public SearchIndex Index => _index ??= SearchIndex.Open(Directory);

    public SearchIndexer Indexer => new(Store, Index, batchSize: 50);

    public SearchService Service => new(Index, Options, new PagingOptions());

    public Samples Samples { get; } = new();

    public static async Task<SearchFixture> CreateAsync()
    {
        var folder = new TempDirectory();
        var store = new SqliteDocumentStore(new SqliteStoreOptions { DatabasePath = Path.Combine(folder.Path, "dangjian.db") }, TimeProvider.System);
        await store.InitializeAsync(Ct);
        return new SearchFixture(folder, store);
    }

    public async Task<T> InsertAsync<T>(T document) where T : Document
    {
        var result = await Store.CommitAsync(new Commit(DocumentWrite.Insert(document), ChangeAuthor.System), Ct);
        return (T)Assert.IsType<CommitResult.Committed>(result).Documents[0];
    }

    public async Task<T> UpdateAsync<T>(T document) where T : Document
    {
        var result = await Store.CommitAsync(new Commit(new DocumentWrite(document, document.Version, "update"), ChangeAuthor.System), Ct);
        return (T)Assert.IsType<CommitResult.Committed>(result).Documents[0];
    }

    /// <summary>Applies every change in the feed to the index.</summary>
    public Task SyncAsync() => Indexer.CatchUpAsync(Ct);

    public SearchResults Search(string query, Caller? caller = null, SearchFilter? filter = null, SearchOrder order = SearchOrder.Relevance,
        int? first = null, string? after = null)
    {
        var result = Service.Search(new SearchRequest
        {
            Query = query,
            Filter = filter ?? SearchFilter.None,
            Order = order,
            First = first,
            After = after,
            WithFacets = true,
            WithHighlights = true,
        }, caller ?? Caller.Anonymous, Ct);
        Assert.True(result.IsSuccess, result.Error?.Message);
        return result.Value;
    }

    public Error SearchError(string query, Caller? caller = null, SearchFilter? filter = null, string? after = null, int? first = null)
    {
        var result = Service.Search(new SearchRequest { Query = query, Filter = filter ?? SearchFilter.None, After = after, First = first },
            caller ?? Caller.Anonymous, Ct);
        Assert.False(result.IsSuccess, "The search was expected to fail.");
        return result.Error!;
    }

    /// <summary>Closes the index the way a crash would: nothing since its last commit survives.</summary>
    public void Crash()
    {
        _index?.SimulateCrash();
        _index = null;
    }

    /// <summary>Closes the index cleanly (it commits), and opens it again on next use.</summary>
    public void Restart()
    {
        _index?.Dispose();
        _index = null;
    }

    public async ValueTask DisposeAsync()
    {
        _index?.Dispose();
        Directory.Dispose();
        await Store.DisposeAsync();
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }
}
