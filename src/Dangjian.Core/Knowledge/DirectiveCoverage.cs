using Dangjian.Core.Access;
using Dangjian.Core.Documents;
using Dangjian.Core.Storage;

namespace Dangjian.Core.Knowledge;

/// <summary>What one organisation reported against a directive (or one section of it).</summary>
public sealed record OrganizationReport(
    Organization Organization,
    IReadOnlyList<ActivityLog> ActivityLogs,
    IReadOnlyList<Story> Stories,
    DateTimeOffset FirstReportAt,
    DateTimeOffset LatestReportAt);

/// <summary>How one section was carried out: who reported, who did not, and when.</summary>
public sealed record SectionCoverage(
    DirectiveSection Section,
    IReadOnlyList<ActivityLog> ActivityLogs,
    IReadOnlyList<Story> Stories,
    IReadOnlyList<OrganizationReport> Reporting,
    IReadOnlyList<Organization> Silent,
    DateTimeOffset? FirstReportAt,
    DateTimeOffset? LatestReportAt);

/// <summary>How a directive was carried out across the organisations it was addressed to.</summary>
public sealed record DirectiveCoverage(
    Directive Directive,
    IReadOnlyList<Organization> Addressed,
    IReadOnlyList<string> UnresolvedAddressees,
    IReadOnlyList<SectionCoverage> Sections,
    IReadOnlyList<OrganizationReport> Reporting,
    IReadOnlyList<Organization> Silent,
    DateTimeOffset? FirstReportAt,
    DateTimeOffset? LatestReportAt);

/// <summary>
/// Directive coverage: which addressed organisations logged activities or submitted stories linked to each section,
/// which did not, and when the first and latest reports came. A report counts for the organisation that made it
/// (the activity's organisation, the story's submitting organisation) and, for silence, for every organisation above
/// it; stories count only if the caller may see them.
/// </summary>
public sealed class CoverageService(IDocumentStore store)
{
    /// <summary>The most linked documents one coverage reads; a directive with more is an archive-scale question for statistics.</summary>
    public const int MaxLinked = 10_000;

    public async Task<DirectiveCoverage> ForDirectiveAsync(Directive directive, Caller caller, CancellationToken cancellationToken)
    {
        var (addressed, unresolved) = await AddresseesAsync(directive, caller, cancellationToken);
        var linked = new ListCondition("sectionIds", ListQuantifier.Some, Filter.In(ListCondition.Element, directive.SectionIds.Cast<object?>().ToList()));
        var order = new[] { new SortField("id", SortDirection.Ascending) };
        var activities = await store.QueryAsync(Kinds.ActivityLog, Filter.And(Visibility.FilterFor(Kinds.ActivityLog, caller), linked), order, MaxLinked, cancellationToken);
        var stories = await store.QueryAsync(Kinds.Story, Filter.And(Visibility.FilterFor(Kinds.Story, caller), linked), order, MaxLinked, cancellationToken);
        var reporterIds = activities.Select(a => a.OrganizationId).Concat(stories.Select(s => s.SubmittingOrganizationId)).ToHashSet(StringComparer.Ordinal);
        var organizations = addressed.ToDictionary(o => o.Id, StringComparer.Ordinal);
        foreach (var extra in await store.GetManyAsync(Kinds.Organization, reporterIds.Where(id => !organizations.ContainsKey(id)).ToList(), cancellationToken))
        {
            if (Visibility.CanSee(extra, caller))
                organizations[extra.Id] = extra;
        }

        var sections = directive.Sections.Select(section =>
        {
            var sectionActivities = activities.Where(a => a.SectionIds.Contains(section.Id)).ToList();
            var sectionStories = stories.Where(s => s.SectionIds.Contains(section.Id)).ToList();
            var reporting = Reports(sectionActivities, sectionStories, organizations);
            return new SectionCoverage(section, sectionActivities, sectionStories, reporting,
                Silent(addressed, reporting), reporting.MinOrNull(r => r.FirstReportAt), reporting.MaxOrNull(r => r.LatestReportAt));
        }).ToList();
        var all = Reports(activities, stories, organizations);
        return new DirectiveCoverage(directive, addressed, unresolved, sections, all, Silent(addressed, all),
            all.MinOrNull(r => r.FirstReportAt), all.MaxOrNull(r => r.LatestReportAt));
    }

    /// <summary>
    /// The organisations an addressee line names. A group (…各…, see <see cref="Importing.AddresseeLine.Group"/>) means
    /// every organisation of its kinds that existed on the issue date under what it qualifies: the issuer for a
    /// relative qualifier (市直各基层党组织, 院属各党总支、党支部, 各党支部), else the organisation the qualifier names
    /// (市中心医院各党支部). Any other addressee must be an organisation's exact name. Whatever names nobody — a name
    /// not in the tree, a group of a kind the tree does not hold (各县市区委组织部), a group with no member — is reported
    /// as unresolved, as written: no addressee disappears, and none is guessed.
    /// </summary>
    public async Task<(IReadOnlyList<Organization> Addressed, IReadOnlyList<string> Unresolved)> AddresseesAsync(Directive directive,
        Caller caller, CancellationToken cancellationToken)
    {
        // Only organisations the caller may see can be named (a draft import's provisional issuer is not one of them).
        var visible = Visibility.FilterFor(Kinds.Organization, caller);
        var addressed = new Dictionary<string, Organization>(StringComparer.Ordinal);
        var unresolved = new List<string>();
        foreach (var addressee in directive.Addressees)
        {
            if (Importing.AddresseeLine.Group(addressee) is { } group)
            {
                var members = await GroupMembersAsync(directive, group.Qualifier, group.Kinds, visible, caller, cancellationToken);
                foreach (var organization in members)
                    addressed[organization.Id] = organization;
                if (members.Count == 0)
                    unresolved.Add(addressee);
                continue;
            }
            var named = await store.QueryAsync(Kinds.Organization, Filter.And(visible, Filter.Eq("name", addressee)), [new SortField("id", SortDirection.Ascending)], 2, cancellationToken);
            if (named.Count == 1)
                addressed[named[0].Id] = named[0];
            else
                unresolved.Add(addressee);
        }
        return (addressed.Values.OrderBy(o => o.AncestorIds.Count).ThenBy(o => o.Name, StringComparer.Ordinal).ToList(), unresolved);
    }

    /// <summary>Qualifiers that place a group under the issuer itself: 市直 (the city's organs), 院属 (the hospital's) ….</summary>
    private static bool IsRelative(string qualifier) =>
        qualifier.Length == 0 || qualifier.EndsWith('属') || qualifier is "市直" or "机关" or "系统" or "全市" or "全院" or "本单位" or "直属";

    private async Task<IReadOnlyList<Organization>> GroupMembersAsync(Directive directive, string qualifier, IReadOnlyList<string> kinds, Filter? visible,
        Caller caller, CancellationToken cancellationToken)
    {
        var scope = directive.IssuerId;
        if (!IsRelative(qualifier))
        {
            var named = await store.QueryAsync(Kinds.Organization, Filter.And(visible, Filter.Eq("name", qualifier)),
                [new SortField("id", SortDirection.Ascending)], 2, cancellationToken);
            if (named.Count != 1)
                return [];
            scope = named[0].Id;
        }
        var wanted = kinds.Select(k => Importing.AddresseeLine.GroupKinds[k]).ToList();
        var everyKind = wanted.Any(k => k is null);
        var allowed = wanted.OfType<OrganizationKind[]>().SelectMany(k => k).ToHashSet();
        return (await store.DescendantsAsync(scope, cancellationToken))
            .Where(o => ExistedOn(o, directive.IssuedOn) && Visibility.CanSee(o, caller) && (everyKind || allowed.Contains(o.Kind)))
            .ToList();
    }

    private static bool ExistedOn(Organization organization, DateOnly date) =>
        organization.Kind != OrganizationKind.External
        && (organization.EstablishedOn is null || organization.EstablishedOn <= date)
        && (organization.DissolvedOn is null || organization.DissolvedOn >= date);

    private static List<OrganizationReport> Reports(IReadOnlyList<ActivityLog> activities, IReadOnlyList<Story> stories,
        IReadOnlyDictionary<string, Organization> organizations) =>
        activities.Select(a => (Organization: a.OrganizationId, Activity: (ActivityLog?)a, Story: (Story?)null, At: a.OccurredAt))
            .Concat(stories.Select(s => (Organization: s.SubmittingOrganizationId, Activity: (ActivityLog?)null, Story: (Story?)s, At: s.DatedAt())))
            .Where(r => organizations.ContainsKey(r.Organization))
            .GroupBy(r => r.Organization, StringComparer.Ordinal)
            .Select(g => new OrganizationReport(organizations[g.Key],
                g.Select(r => r.Activity).OfType<ActivityLog>().OrderBy(a => a.OccurredAt).ToList(),
                g.Select(r => r.Story).OfType<Story>().OrderBy(s => s.DatedAt()).ToList(),
                g.Min(r => r.At), g.Max(r => r.At)))
            .OrderBy(r => r.FirstReportAt)
            .ToList();

    /// <summary>
    /// Addressed organisations with no report by themselves or by any organisation under them: a unit committee whose
    /// branch reported has carried the directive out through that branch.
    /// </summary>
    private static List<Organization> Silent(IReadOnlyList<Organization> addressed, IReadOnlyList<OrganizationReport> reporting)
    {
        var covered = reporting.SelectMany(r => r.Organization.AncestorIds.Append(r.Organization.Id)).ToHashSet(StringComparer.Ordinal);
        return addressed.Where(o => !covered.Contains(o.Id)).ToList();
    }
}

internal static class ReportExtensions
{
    public static DateTimeOffset? MinOrNull<T>(this IReadOnlyList<T> items, Func<T, DateTimeOffset> value) => items.Count == 0 ? null : items.Min(value);

    public static DateTimeOffset? MaxOrNull<T>(this IReadOnlyList<T> items, Func<T, DateTimeOffset> value) => items.Count == 0 ? null : items.Max(value);
}
