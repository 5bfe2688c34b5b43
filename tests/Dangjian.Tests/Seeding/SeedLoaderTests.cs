using Dangjian.Core.Documents;
using Dangjian.Core.Seeding;
using Dangjian.Core.Storage;
using Dangjian.Core.Storage.Sqlite;
using Dangjian.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Dangjian.Tests.Seeding;

public sealed class SeedLoaderTests : IAsyncLifetime
{
    private readonly TempDirectory _folder = new();
    private SqliteDocumentStore? _store;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _store = new SqliteDocumentStore(new SqliteStoreOptions { DatabasePath = Path.Combine(_folder.Path, "db", "dangjian.db") }, TimeProvider.System);
        await _store.InitializeAsync(Ct);
    }

    public async ValueTask DisposeAsync()
    {
        await _store!.DisposeAsync();
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    [Fact]
    public async Task An_instance_that_loses_the_race_to_seed_a_shared_store_starts_anyway()
    {
        var org = new Samples().Organization();
        var seed = Path.Combine(_folder.Path, "seed");
        Directory.CreateDirectory(seed);
        await File.WriteAllTextAsync(Path.Combine(seed, "organizations.json"),
            $$"""{ "documents": [{{DocumentJson.Serialize(org)}}] }""", Ct);
        // Both instances found the store empty; the other one committed first.
        var raced = new EmptyOnceStore(_store!);
        await _store!.CommitAsync(new Commit(DocumentWrite.Insert(org, "seed"), SeedLoader.SeedAuthor), Ct);

        var seeded = await new SeedLoader(raced).SeedIfEmptyAsync(seed, Ct);

        Assert.Equal(0, seeded);
        Assert.Equal(1, await _store.CountAsync(Kinds.Organization, Filter.All, Ct));
    }

    /// <summary>Reports an empty change feed once, as the store looked to an instance before another one seeded it.</summary>
    private sealed class EmptyOnceStore(IDocumentStore inner) : DelegatingDocumentStore(inner)
    {
        private int _calls;

        public override Task<long> GetLastSequenceAsync(CancellationToken cancellationToken) =>
            Interlocked.Increment(ref _calls) == 1 ? Task.FromResult(0L) : base.GetLastSequenceAsync(cancellationToken);
    }
}
