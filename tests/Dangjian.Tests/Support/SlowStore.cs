using Dangjian.Core.Documents;
using Dangjian.Core.Storage;

namespace Dangjian.Tests.Support;

/// <summary>A store whose reads of lists and counts take a while (and stop when cancelled): to pass a time limit for certain, not by racing a one-tick timer.</summary>
public sealed class SlowStore(IDocumentStore inner, TimeSpan delay) : DelegatingDocumentStore(inner)
{
    public override async Task<IReadOnlyList<T>> QueryAsync<T>(DocumentKind<T> kind, Filter filter, IReadOnlyList<SortField> sort, int limit,
        CancellationToken cancellationToken)
    {
        await Task.Delay(delay, cancellationToken);
        return await base.QueryAsync(kind, filter, sort, limit, cancellationToken);
    }

    public override async Task<long> CountAsync(DocumentKind kind, Filter filter, CancellationToken cancellationToken)
    {
        await Task.Delay(delay, cancellationToken);
        return await base.CountAsync(kind, filter, cancellationToken);
    }
}
