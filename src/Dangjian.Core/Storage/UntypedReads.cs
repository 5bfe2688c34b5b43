using Dangjian.Core.Documents;

namespace Dangjian.Core.Storage;

/// <summary>Reads when the kind is only known at run time (timelines, exports): one switch over the kinds, here.</summary>
public static class UntypedReads
{
    public static async Task<IReadOnlyList<Document>> QueryAsync(this IDocumentStore store, DocumentKind kind, Filter filter,
        IReadOnlyList<SortField> sort, int limit, CancellationToken cancellationToken) => kind switch
    {
        DocumentKind<Organization> k => await store.QueryAsync(k, filter, sort, limit, cancellationToken),
        DocumentKind<Directive> k => await store.QueryAsync(k, filter, sort, limit, cancellationToken),
        DocumentKind<StudyMaterial> k => await store.QueryAsync(k, filter, sort, limit, cancellationToken),
        DocumentKind<ActivityLog> k => await store.QueryAsync(k, filter, sort, limit, cancellationToken),
        DocumentKind<Story> k => await store.QueryAsync(k, filter, sort, limit, cancellationToken),
        _ => throw new NotSupportedException($"Unknown kind {kind}."),
    };

    public static async Task<IReadOnlyList<Document>> GetManyAsync(this IDocumentStore store, DocumentKind kind, IReadOnlyCollection<string> ids,
        CancellationToken cancellationToken) => kind switch
    {
        DocumentKind<Organization> k => await store.GetManyAsync(k, ids, cancellationToken),
        DocumentKind<Directive> k => await store.GetManyAsync(k, ids, cancellationToken),
        DocumentKind<StudyMaterial> k => await store.GetManyAsync(k, ids, cancellationToken),
        DocumentKind<ActivityLog> k => await store.GetManyAsync(k, ids, cancellationToken),
        DocumentKind<Story> k => await store.GetManyAsync(k, ids, cancellationToken),
        _ => throw new NotSupportedException($"Unknown kind {kind}."),
    };
}
