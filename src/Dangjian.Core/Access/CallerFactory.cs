using Dangjian.Core.Storage;

namespace Dangjian.Core.Access;

/// <summary>Turns an authenticated identity into a <see cref="Caller"/>, resolving a branch's subtree once per request.</summary>
public sealed class CallerFactory(IDocumentStore store)
{
    public async Task<Caller> CreateAsync(string subject, Role role, string? organizationId, CancellationToken cancellationToken)
    {
        if (role != Role.Branch)
            return new Caller(subject, role, organizationId);
        if (organizationId is null)
            return new Caller(subject, Role.Reader);
        return new Caller(subject, Role.Branch, organizationId, await store.SubtreeAsync(organizationId, cancellationToken));
    }
}
