using Dangjian.Core.Documents;
using Dangjian.Core.Storage;

namespace Dangjian.Core.Search;

/// <summary>Store reads over a searchable kind known only at run time (the store port is generic over the kind).</summary>
internal static class SearchableReads
{
    private static readonly IReadOnlyList<SortField> ById = [new("id", SortDirection.Ascending)];

    /// <summary>Up to <paramref name="limit"/> documents of <paramref name="kind"/> with ids after <paramref name="afterId"/>, by id.</summary>
    public static async Task<IReadOnlyList<Document>> PageByIdAsync(IDocumentStore store, DocumentKind kind, string? afterId, int limit,
        CancellationToken cancellationToken)
    {
        var filter = afterId is null ? Filter.All : new Condition("id", Operator.Gt, afterId);
        return kind switch
        {
            DocumentKind<Directive> k => await store.QueryAsync(k, filter, ById, limit, cancellationToken),
            DocumentKind<StudyMaterial> k => await store.QueryAsync(k, filter, ById, limit, cancellationToken),
            DocumentKind<ActivityLog> k => await store.QueryAsync(k, filter, ById, limit, cancellationToken),
            DocumentKind<Story> k => await store.QueryAsync(k, filter, ById, limit, cancellationToken),
            _ => throw new ArgumentException($"{kind} is not searchable.", nameof(kind)),
        };
    }

    public static async Task<IReadOnlyList<Document>> GetManyAsync(IDocumentStore store, DocumentKind kind, IReadOnlyCollection<string> ids,
        CancellationToken cancellationToken) => kind switch
    {
        DocumentKind<Directive> k => await store.GetManyAsync(k, ids, cancellationToken),
        DocumentKind<StudyMaterial> k => await store.GetManyAsync(k, ids, cancellationToken),
        DocumentKind<ActivityLog> k => await store.GetManyAsync(k, ids, cancellationToken),
        DocumentKind<Story> k => await store.GetManyAsync(k, ids, cancellationToken),
        _ => throw new ArgumentException($"{kind} is not searchable.", nameof(kind)),
    };
}
