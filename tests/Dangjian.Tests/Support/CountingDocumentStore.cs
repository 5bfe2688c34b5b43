using Dangjian.Core.Documents;
using Dangjian.Core.Storage;

namespace Dangjian.Tests.Support;

/// <summary>Wraps a store and counts the document reads made through it (the change feed is not counted).</summary>
public sealed class CountingDocumentStore(IDocumentStore inner) : IDocumentStore
{
    private int _reads;

    public int Reads => Volatile.Read(ref _reads);

    public void Reset() => Interlocked.Exchange(ref _reads, 0);

    public Task InitializeAsync(CancellationToken cancellationToken) => inner.InitializeAsync(cancellationToken);

    public Task<T?> GetAsync<T>(DocumentKind<T> kind, string id, CancellationToken cancellationToken) where T : Document
    {
        Interlocked.Increment(ref _reads);
        return inner.GetAsync(kind, id, cancellationToken);
    }

    public Task<IReadOnlyList<T>> GetManyAsync<T>(DocumentKind<T> kind, IReadOnlyCollection<string> ids, CancellationToken cancellationToken) where T : Document
    {
        Interlocked.Increment(ref _reads);
        return inner.GetManyAsync(kind, ids, cancellationToken);
    }

    public Task<IReadOnlyList<T>> QueryAsync<T>(DocumentKind<T> kind, Filter filter, IReadOnlyList<SortField> sort, int limit, CancellationToken cancellationToken) where T : Document
    {
        Interlocked.Increment(ref _reads);
        return inner.QueryAsync(kind, filter, sort, limit, cancellationToken);
    }

    public Task<long> CountAsync(DocumentKind kind, Filter filter, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _reads);
        return inner.CountAsync(kind, filter, cancellationToken);
    }

    public Task<CommitResult> CommitAsync(Commit commit, CancellationToken cancellationToken) => inner.CommitAsync(commit, cancellationToken);

    public Task<IReadOnlyList<ChangeEntry>> ReadChangesAsync(long afterSequence, int max, CancellationToken cancellationToken) =>
        inner.ReadChangesAsync(afterSequence, max, cancellationToken);

    public Task<long> GetLastSequenceAsync(CancellationToken cancellationToken) => inner.GetLastSequenceAsync(cancellationToken);

    public Task<IReadOnlyList<Revision>> GetRevisionsAsync(DocumentKind kind, string id, CancellationToken cancellationToken) =>
        inner.GetRevisionsAsync(kind, id, cancellationToken);

    public Task<IReadOnlyList<AuditEntry>> QueryAuditAsync(AuditQuery query, CancellationToken cancellationToken) =>
        inner.QueryAuditAsync(query, cancellationToken);
}
