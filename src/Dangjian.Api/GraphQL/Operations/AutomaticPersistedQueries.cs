using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Dangjian.Api.GraphQL.Operations;

/// <summary>
/// Automatic persisted queries in Apollo's shape: query texts registered by clients under their SHA-256, so that a
/// client can send the hash alone afterwards. Bounded by <see cref="GraphQLOptions.AutomaticPersistedQueryCacheSize"/>;
/// when full, the least recently used give way (a client that finds its hash gone simply registers it again), so a
/// client registering endless queries cannot grow it. Kept per instance, in memory: behind a load balancer a client
/// may register once per instance. The checked-in operations (<see cref="OperationCatalog"/>) answer by hash too.
/// </summary>
public sealed class AutomaticPersistedQueries : IDisposable
{
    private readonly MemoryCache? _queries;

    public AutomaticPersistedQueries(IOptions<GraphQLOptions> options)
    {
        var capacity = options.Value.AutomaticPersistedQueryCacheSize;
        if (capacity > 0 && !options.Value.PersistedOperationsOnly)
            _queries = new MemoryCache(new MemoryCacheOptions { SizeLimit = capacity, CompactionPercentage = 0.25 });
    }

    public int Count => _queries?.Count ?? 0;

    public string? Find(string hash) => _queries?.Get<string>(hash);

    /// <summary>Registers a query under its hash; the caller has checked that the hash is the query's.</summary>
    public void Register(string hash, string query)
    {
        if (_queries is null)
            return;
        // Beyond the size limit MemoryCache refuses the entry and compacts in the background, evicting the least recently used.
        _queries.Set(hash, query, new MemoryCacheEntryOptions { Size = 1 });
    }

    public void Dispose() => _queries?.Dispose();
}
