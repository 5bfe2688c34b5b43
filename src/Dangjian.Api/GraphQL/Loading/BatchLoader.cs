using Dangjian.Core.Documents;
using Dangjian.Core.Reading;
using GraphQL.DataLoader;

namespace Dangjian.Api.GraphQL.Loading;

/// <summary>
/// Loads documents of one kind by id for one request, many at a time. Resolvers ask for ids and get a pending
/// result; GraphQL.NET's executor first lets every resolver of the level ask, then awaits the results, so the
/// first await fetches all ids asked for so far in one store call. Loaded documents are kept for the request.
/// </summary>
public sealed class BatchLoader<T>(DocumentReader reader, DocumentKind<T> kind) where T : Document
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, T?> _loaded = new(StringComparer.Ordinal);
    private Batch? _pending;

    public IDataLoaderResult<T?> Load(string id)
    {
        lock (_lock)
        {
            if (_loaded.TryGetValue(id, out var done))
                return LoaderResults.Value(done);
            _pending ??= new Batch(this);
            _pending.Ids.Add(id);
            return new Pending<T?>(_pending, loaded => loaded.GetValueOrDefault(id));
        }
    }

    /// <summary>The visible documents among <paramref name="ids"/>, in the order given.</summary>
    public IDataLoaderResult<IReadOnlyList<T>> LoadMany(IEnumerable<string> ids)
    {
        var wanted = ids.Distinct(StringComparer.Ordinal).ToList();
        IReadOnlyList<T> Pick(IReadOnlyDictionary<string, T?> loaded) =>
            wanted.Select(loaded.GetValueOrDefault).OfType<T>().ToList();
        lock (_lock)
        {
            var missing = wanted.Where(id => !_loaded.ContainsKey(id)).ToList();
            if (missing.Count == 0)
                return LoaderResults.Value(Pick(_loaded));
            _pending ??= new Batch(this);
            _pending.Ids.UnionWith(missing);
            return new Pending<IReadOnlyList<T>>(_pending, Pick);
        }
    }

    private async Task<IReadOnlyDictionary<string, T?>> FetchAsync(Batch batch, CancellationToken cancellationToken)
    {
        string[] ids;
        lock (_lock)
        {
            if (ReferenceEquals(_pending, batch))
                _pending = null;
            ids = [.. batch.Ids];
        }
        var found = await reader.GetManyAsync(kind, ids, cancellationToken);
        lock (_lock)
        {
            foreach (var id in ids)
                _loaded[id] = found.GetValueOrDefault(id);
            return new Dictionary<string, T?>(_loaded, StringComparer.Ordinal);
        }
    }

    private sealed class Batch(BatchLoader<T> owner)
    {
        private readonly Lock _lock = new();
        private Task<IReadOnlyDictionary<string, T?>>? _fetch;

        public HashSet<string> Ids { get; } = new(StringComparer.Ordinal);

        public Task<IReadOnlyDictionary<string, T?>> RunAsync(CancellationToken cancellationToken)
        {
            lock (_lock)
                return _fetch ??= owner.FetchAsync(this, cancellationToken);
        }
    }

    private sealed class Pending<TResult>(Batch batch, Func<IReadOnlyDictionary<string, T?>, TResult> pick) : IDataLoaderResult<TResult>
    {
        public async Task<TResult> GetResultAsync(CancellationToken cancellationToken = default) =>
            pick(await batch.RunAsync(cancellationToken));

        async Task<object?> IDataLoaderResult.GetResultAsync(CancellationToken cancellationToken) =>
            await GetResultAsync(cancellationToken);
    }
}
