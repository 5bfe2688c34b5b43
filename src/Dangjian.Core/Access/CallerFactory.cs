using Dangjian.Core.Documents;
using Dangjian.Core.Storage;

namespace Dangjian.Core.Access;

/// <summary>Turns an authenticated identity into a <see cref="Caller"/>, resolving a branch's subtree once per request.</summary>
public sealed class CallerFactory(IDocumentStore store)
{
    private const int MaxScope = 10_000;

    public async Task<Caller> CreateAsync(string subject, Role role, string? organizationId, CancellationToken cancellationToken)
    {
        if (role != Role.Branch)
            return new Caller(subject, role, organizationId);
        if (organizationId is null)
            return new Caller(subject, Role.Reader);
        var descendants = await store.QueryAsync(Kinds.Organization,
            new ListCondition("ancestorIds", ListQuantifier.Some, Filter.Eq(ListCondition.Element, organizationId)),
            [new SortField("id", SortDirection.Ascending)], MaxScope, cancellationToken);
        var scope = new HashSet<string>(descendants.Select(o => o.Id), StringComparer.Ordinal) { organizationId };
        return new Caller(subject, Role.Branch, organizationId, scope);
    }
}
