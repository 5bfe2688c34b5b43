using Dangjian.Core.Access;
using Dangjian.Core.Documents;
using Dangjian.Core.Storage;

namespace Dangjian.Core.Knowledge;

public sealed record StatisticsQuery
{
    /// <summary>From this instant on (activities by when they took place, stories by their historical date, else when they were submitted).</summary>
    public DateTimeOffset? From { get; init; }

    public DateTimeOffset? To { get; init; }

    /// <summary>Only what is linked to a section of this directive.</summary>
    public string? DirectiveId { get; init; }

    /// <summary>Only what this organisation and those under it did.</summary>
    public string? OrganizationId { get; init; }
}

/// <summary>Counts for one organisation: its own, and with every organisation under it.</summary>
public sealed record OrganizationCount(Organization Organization, long Count, long SubtreeCount);

/// <param name="ByTag">Per tag (the key is the tag), most frequent first, then by tag; documents without tags are not in it.</param>
public sealed record KindStatistics(long Total, IReadOnlyList<GroupCount> ByCategory, IReadOnlyList<GroupCount> ByMonth, IReadOnlyList<OrganizationCount> ByOrganization,
    IReadOnlyList<GroupCount> ByTag);

public sealed record Statistics(KindStatistics ActivityLogs, KindStatistics Stories);

/// <summary>
/// Counts of activity logs (by kind) and stories (by status), by month, by tag and by organisation with subtree roll-up. The
/// store does the counting; the organisation tree is read once (<see cref="OrganizationTree"/>), to roll counts up it.
/// </summary>
public sealed class StatisticsService(IDocumentStore store)
{
    public async Task<Result<Statistics>> ComputeAsync(StatisticsQuery query, Caller caller, CancellationToken cancellationToken)
    {
        if (query.From > query.To)
            return Error.Validation("from must not be after to.", "where", "from");
        Filter? sections = null;
        if (query.DirectiveId is not null)
        {
            var directive = await store.GetAsync(Kinds.Directive, query.DirectiveId, cancellationToken);
            if (directive is null || !Visibility.CanSee(directive, caller))
                return Error.NotFound(Kinds.Directive.TypeName, query.DirectiveId).WithPath("where", "directiveId");
            sections = new ListCondition("sectionIds", ListQuantifier.Some, Filter.In(ListCondition.Element, directive.SectionIds.Cast<object?>().ToList()));
        }
        // Organisations the caller may not see (a draft import's provisional issuer) are neither counted nor named.
        var organizations = (await store.AllAsync(cancellationToken)).Where(o => Visibility.CanSee(o, caller)).ToDictionary(o => o.Id, StringComparer.Ordinal);
        IReadOnlyList<object?>? scope = null;
        if (query.OrganizationId is not null)
        {
            if (!organizations.ContainsKey(query.OrganizationId))
                return Error.NotFound(Kinds.Organization.TypeName, query.OrganizationId).WithPath("where", "organizationId");
            scope = (await store.SubtreeAsync(query.OrganizationId, cancellationToken)).Cast<object?>().ToList();
        }

        var activities = await CountAsync(Kinds.ActivityLog, caller, "kind", Kinds.ActivityLog.DateField!.Name, "organizationId", query, sections, scope, organizations, cancellationToken);
        var stories = await CountAsync(Kinds.Story, caller, "status", Kinds.Story.DateField!.Name, "submittingOrganizationId", query, sections, scope, organizations, cancellationToken);
        return new Statistics(activities, stories);
    }

    private async Task<KindStatistics> CountAsync(DocumentKind kind, Caller caller, string category, string date, string organization,
        StatisticsQuery query, Filter? sections, IReadOnlyList<object?>? scope, IReadOnlyDictionary<string, Organization> organizations,
        CancellationToken cancellationToken)
    {
        var filter = Filter.And(
            Visibility.FilterFor(kind, caller),
            sections,
            scope is null ? null : Filter.In(organization, scope),
            query.From is null ? null : new Condition(date, Operator.Gte, query.From),
            query.To is null ? null : new Condition(date, Operator.Lte, query.To));
        var byCategory = await store.CountByAsync(kind, filter, new Grouping(category), cancellationToken);
        var byMonth = await store.CountByAsync(kind, filter, new Grouping(date, GroupingUnit.Month), cancellationToken);
        var byOrganization = await store.CountByAsync(kind, filter, new Grouping(organization), cancellationToken);
        // A document counts once under each of its tags; one without tags comes back under null and is left out.
        var byTag = (await store.CountByAsync(kind, filter, new Grouping("tags"), cancellationToken))
            .Where(g => g.Key is string).OrderByDescending(g => g.Count).ThenBy(g => (string)g.Key!, StringComparer.Ordinal).ToList();
        return new KindStatistics(byCategory.Sum(g => g.Count), byCategory, byMonth, RollUp(byOrganization, organizations), byTag);
    }

    /// <summary>Each organisation's own count, and its count with everything under it, busiest subtree first.</summary>
    private static List<OrganizationCount> RollUp(IReadOnlyList<GroupCount> counts, IReadOnlyDictionary<string, Organization> organizations)
    {
        var own = new Dictionary<string, long>(StringComparer.Ordinal);
        var subtree = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var group in counts)
        {
            if (group.Key is not string id || !organizations.TryGetValue(id, out var organization))
                continue;
            own[id] = group.Count;
            foreach (var holder in organization.AncestorIds.Append(id))
                subtree[holder] = subtree.GetValueOrDefault(holder) + group.Count;
        }
        return subtree.Where(s => organizations.ContainsKey(s.Key))
            .Select(s => new OrganizationCount(organizations[s.Key], own.GetValueOrDefault(s.Key), s.Value))
            .OrderByDescending(c => c.SubtreeCount).ThenBy(c => c.Organization.Name, StringComparer.Ordinal)
            .ToList();
    }
}
