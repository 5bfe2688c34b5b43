using Dangjian.Core.Documents;
using Dangjian.Core.Storage;

namespace Dangjian.Tests.Support;

/// <summary>Wraps a store and counts the document reads made through it (the change feed is not counted).</summary>
public sealed class CountingDocumentStore(IDocumentStore inner) : DelegatingDocumentStore(inner)
{
    private int _reads;

    public int Reads => Volatile.Read(ref _reads);

    public void Reset() => Interlocked.Exchange(ref _reads, 0);

    public override Task<T?> GetAsync<T>(DocumentKind<T> kind, string id, CancellationToken cancellationToken) where T : class
    {
        Interlocked.Increment(ref _reads);
        return base.GetAsync(kind, id, cancellationToken);
    }

    public override Task<IReadOnlyList<T>> GetManyAsync<T>(DocumentKind<T> kind, IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
        where T : class
    {
        Interlocked.Increment(ref _reads);
        return base.GetManyAsync(kind, ids, cancellationToken);
    }

    public override Task<IReadOnlyList<T>> QueryAsync<T>(DocumentKind<T> kind, Filter filter, IReadOnlyList<SortField> sort, int limit,
        CancellationToken cancellationToken) where T : class
    {
        Interlocked.Increment(ref _reads);
        return base.QueryAsync(kind, filter, sort, limit, cancellationToken);
    }

    public override Task<long> CountAsync(DocumentKind kind, Filter filter, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _reads);
        return base.CountAsync(kind, filter, cancellationToken);
    }

    public override Task<IReadOnlyList<GroupCount>> CountByAsync(DocumentKind kind, Filter filter, Grouping grouping, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _reads);
        return base.CountByAsync(kind, filter, grouping, cancellationToken);
    }
}
