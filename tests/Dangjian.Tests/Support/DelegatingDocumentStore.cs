using Dangjian.Core.Documents;
using Dangjian.Core.Storage;

namespace Dangjian.Tests.Support;

/// <summary>A store that passes every call to another; test decorators override only what they watch or change.</summary>
public abstract class DelegatingDocumentStore(IDocumentStore inner) : IDocumentStore
{
    protected IDocumentStore Inner => inner;

    public virtual Task InitializeAsync(CancellationToken cancellationToken) => inner.InitializeAsync(cancellationToken);

    public virtual Task<T?> GetAsync<T>(DocumentKind<T> kind, string id, CancellationToken cancellationToken) where T : Document =>
        inner.GetAsync(kind, id, cancellationToken);

    public virtual Task<IReadOnlyList<T>> GetManyAsync<T>(DocumentKind<T> kind, IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
        where T : Document => inner.GetManyAsync(kind, ids, cancellationToken);

    public virtual Task<IReadOnlyList<T>> QueryAsync<T>(DocumentKind<T> kind, Filter filter, IReadOnlyList<SortField> sort, int limit,
        CancellationToken cancellationToken) where T : Document => inner.QueryAsync(kind, filter, sort, limit, cancellationToken);

    public virtual Task<long> CountAsync(DocumentKind kind, Filter filter, CancellationToken cancellationToken) =>
        inner.CountAsync(kind, filter, cancellationToken);

    public virtual Task<IReadOnlyList<GroupCount>> CountByAsync(DocumentKind kind, Filter filter, Grouping grouping, CancellationToken cancellationToken) =>
        inner.CountByAsync(kind, filter, grouping, cancellationToken);

    public virtual Task<CommitResult> CommitAsync(Commit commit, CancellationToken cancellationToken) => inner.CommitAsync(commit, cancellationToken);

    public virtual Task<IReadOnlyList<ChangeEntry>> ReadChangesAsync(long afterSequence, int max, CancellationToken cancellationToken) =>
        inner.ReadChangesAsync(afterSequence, max, cancellationToken);

    public virtual Task<long> GetLastSequenceAsync(CancellationToken cancellationToken) => inner.GetLastSequenceAsync(cancellationToken);

    public virtual Task<long> PruneChangesAsync(long throughSequence, DateTimeOffset committedBefore, CancellationToken cancellationToken) =>
        inner.PruneChangesAsync(throughSequence, committedBefore, cancellationToken);

    public virtual Task<IReadOnlyList<Revision>> GetRevisionsAsync(DocumentKind kind, string id, CancellationToken cancellationToken) =>
        inner.GetRevisionsAsync(kind, id, cancellationToken);

    public virtual Task<IReadOnlyList<AuditEntry>> QueryAuditAsync(AuditQuery query, CancellationToken cancellationToken) =>
        inner.QueryAuditAsync(query, cancellationToken);

    public virtual Task<long> CountAuditAsync(AuditQuery query, CancellationToken cancellationToken) =>
        inner.CountAuditAsync(query, cancellationToken);
}
