using Dangjian.Core.Documents;

namespace Dangjian.Core.Storage;

/// <summary>
/// "An organisation and everything under it", read one way for a branch caller's scope, the timeline, coverage and
/// statistics: every organisation whose ancestors include it (each organisation stores its whole ancestor path).
/// </summary>
public static class OrganizationTree
{
    /// <summary>
    /// The most organisations one read of the tree returns. The whole archive's tree is a few thousand; a tree beyond
    /// this is cut here rather than turning one request into an unbounded read.
    /// </summary>
    public const int MaxOrganizations = 10_000;

    private static readonly IReadOnlyList<SortField> ById = [new("id", SortDirection.Ascending)];

    /// <summary>Every organisation, by id: what statistics roll their counts up (one read, whatever the counts).</summary>
    public static Task<IReadOnlyList<Organization>> AllAsync(this IDocumentStore store, CancellationToken cancellationToken) =>
        store.QueryAsync(Kinds.Organization, Filter.All, ById, MaxOrganizations, cancellationToken);

    /// <summary>The organisations under <paramref name="organizationId"/> (not itself), by id.</summary>
    public static Task<IReadOnlyList<Organization>> DescendantsAsync(this IDocumentStore store, string organizationId,
        CancellationToken cancellationToken) =>
        store.QueryAsync(Kinds.Organization,
            new ListCondition("ancestorIds", ListQuantifier.Some, Filter.Eq(ListCondition.Element, organizationId)),
            ById, MaxOrganizations, cancellationToken);

    /// <summary>The ids of <paramref name="organizationId"/> and every organisation under it.</summary>
    public static async Task<IReadOnlySet<string>> SubtreeAsync(this IDocumentStore store, string organizationId,
        CancellationToken cancellationToken) =>
        new HashSet<string>((await store.DescendantsAsync(organizationId, cancellationToken)).Select(o => o.Id), StringComparer.Ordinal) { organizationId };
}
