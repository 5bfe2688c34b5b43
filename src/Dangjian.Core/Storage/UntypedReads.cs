using Dangjian.Core.Documents;

namespace Dangjian.Core.Storage;

/// <summary>
/// The store's reads for a kind known only at run time (timelines, search, exports, permalinks): the store port is
/// generic over the kind, and <see cref="DocumentKind.Apply{TResult}"/> supplies the type, so no caller switches over kinds.
/// </summary>
public static class UntypedReads
{
    public static Task<IReadOnlyList<Document>> QueryAsync(this IDocumentStore store, DocumentKind kind, Filter filter,
        IReadOnlyList<SortField> sort, int limit, CancellationToken cancellationToken) =>
        kind.Apply(new Query(store, filter, sort, limit, cancellationToken));

    public static Task<IReadOnlyList<Document>> GetManyAsync(this IDocumentStore store, DocumentKind kind, IReadOnlyCollection<string> ids,
        CancellationToken cancellationToken) =>
        kind.Apply(new GetMany(store, ids, cancellationToken));

    private static readonly IReadOnlyList<SortField> ById = [new("id", SortDirection.Ascending)];

    /// <summary>Up to <paramref name="limit"/> documents of <paramref name="kind"/> with ids after <paramref name="afterId"/>, by id: a walk over a whole kind.</summary>
    public static Task<IReadOnlyList<Document>> PageByIdAsync(this IDocumentStore store, DocumentKind kind, string? afterId, int limit,
        CancellationToken cancellationToken) =>
        store.QueryAsync(kind, afterId is null ? Filter.All : new Condition("id", Operator.Gt, afterId), ById, limit, cancellationToken);

    public static async Task<Document?> GetAsync(this IDocumentStore store, DocumentKind kind, string id, CancellationToken cancellationToken) =>
        (await store.GetManyAsync(kind, [id], cancellationToken)).FirstOrDefault();

    private sealed record Query(IDocumentStore Store, Filter Filter, IReadOnlyList<SortField> Sort, int Limit, CancellationToken CancellationToken)
        : IKindFunction<Task<IReadOnlyList<Document>>>
    {
        public async Task<IReadOnlyList<Document>> Invoke<T>(DocumentKind<T> kind) where T : Document =>
            await Store.QueryAsync(kind, Filter, Sort, Limit, CancellationToken);
    }

    private sealed record GetMany(IDocumentStore Store, IReadOnlyCollection<string> Ids, CancellationToken CancellationToken)
        : IKindFunction<Task<IReadOnlyList<Document>>>
    {
        public async Task<IReadOnlyList<Document>> Invoke<T>(DocumentKind<T> kind) where T : Document =>
            await Store.GetManyAsync(kind, Ids, CancellationToken);
    }
}
