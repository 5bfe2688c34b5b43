using Dangjian.Core.Documents;
using Dangjian.Core.Storage;

namespace Dangjian.Core.Access;

/// <summary>
/// What a caller may see of the links and the history of a document they may see. A visible document can point at
/// hidden ones (a published story at a draft directive's section, an activity at an archived study material): the
/// links themselves, and filters on them, must then behave as if the hidden document did not exist, or the raw id
/// (and a <c>some: { eq: … }</c> count) would confirm it. Likewise a published story's review notes and reviewers
/// belong to editors and the submitting branch; others see the public facts of its workflow.
/// </summary>
public sealed class LinkVisibility(IDocumentStore store, Caller caller)
{
    /// <summary>The most hidden documents of one kind a link filter is checked against (drafts and archived material).</summary>
    public const int MaxHidden = 50_000;

    /// <summary>True when the caller may read a story's whole workflow: who moved it, and the notes.</summary>
    public static bool SeesReview(Story story, Caller caller) =>
        caller.IsEditor || (caller.Role == Role.Branch && caller.InScope(story.SubmittingOrganizationId));

    /// <summary>
    /// A story's workflow as <paramref name="caller"/> may see it: all of it for editors and the submitting branch;
    /// otherwise only that and when it was published (its submission is <see cref="Story.SubmittedAt"/>), without who
    /// took the step or the note given with it. The review steps, and notes written while it was hidden, stay internal.
    /// </summary>
    public static IReadOnlyList<StoryTransition> TransitionsFor(Story story, Caller caller) => SeesReview(story, caller) || story.Transitions is null
        ? story.Transitions!
        : story.Transitions.Where(t => t.To == StoryStatus.Published).Select(t => t with { By = null, Note = null }).ToList();

    /// <summary>
    /// The documents as the caller may see them: links to documents they may not see removed, and a
    /// story's workflow reduced to its public facts. Reads each kind of linked document once for all of them.
    /// </summary>
    public async Task<IReadOnlyList<Document>> RedactAsync(IReadOnlyList<Document> documents, CancellationToken cancellationToken)
    {
        if (caller.IsEditor || documents.Count == 0)
            return documents;
        var sections = documents.SelectMany(d => d switch
        {
            Story s => s.SectionIds,
            ActivityLog a => a.SectionIds,
            _ => [],
        }).ToHashSet(StringComparer.Ordinal);
        var materials = documents.OfType<ActivityLog>().SelectMany(a => a.StudyMaterialIds).ToHashSet(StringComparer.Ordinal);
        var organizations = documents.OfType<Story>().SelectMany(s => s.OrganizationIds).ToHashSet(StringComparer.Ordinal);
        var visibleSections = await VisibleSectionsAsync(sections, cancellationToken);
        var visibleMaterials = await VisibleIdsAsync(Kinds.StudyMaterial, materials, cancellationToken);
        var visibleOrganizations = await VisibleIdsAsync(Kinds.Organization, organizations, cancellationToken);
        return documents.Select(d => d switch
        {
            Story s => s with
            {
                SectionIds = s.SectionIds.Where(visibleSections.Contains).ToList(),
                OrganizationIds = s.OrganizationIds.Where(visibleOrganizations.Contains).ToList(),
                Transitions = TransitionsFor(s, caller),
            },
            ActivityLog a => a with
            {
                SectionIds = a.SectionIds.Where(visibleSections.Contains).ToList(),
                StudyMaterialIds = a.StudyMaterialIds.Where(visibleMaterials.Contains).ToList(),
            },
            _ => d,
        }).ToList();
    }

    /// <summary>One document as the caller may see it (see <see cref="RedactAsync(IReadOnlyList{Document}, CancellationToken)"/>).</summary>
    public async Task<T> RedactAsync<T>(T document, CancellationToken cancellationToken) where T : Document =>
        (T)(await RedactAsync([document], cancellationToken))[0];

    /// <summary>
    /// <paramref name="where"/> with every condition on a link list read as if the links to documents the caller may not
    /// see were not there: <c>some</c>/<c>none</c> look only at visible targets, <c>all</c> ignores hidden ones and
    /// <c>any</c> asks for a visible one. Unchanged when it names no such list, or for editors.
    /// </summary>
    public async Task<Filter> RestrictAsync(DocumentKind kind, Filter where, CancellationToken cancellationToken)
    {
        if (caller.IsEditor)
            return where;
        var hiddenByField = new Dictionary<string, IReadOnlyList<object?>>(StringComparer.Ordinal);
        foreach (var field in LinkLists(kind, where).Distinct(StringComparer.Ordinal))
        {
            if (kind.Field(field)?.References is { } target && await HiddenAsync(target, cancellationToken) is { } hidden)
                hiddenByField[field] = hidden;
        }
        return hiddenByField.Count == 0 ? where : Rewrite(where, hiddenByField);
    }

    private static IEnumerable<string> LinkLists(DocumentKind kind, Filter filter) => filter switch
    {
        ListCondition list when kind.Field(list.Field) is { IsList: true, References: not null } => [list.Field],
        AndFilter and => and.Operands.SelectMany(f => LinkLists(kind, f)),
        OrFilter or => or.Operands.SelectMany(f => LinkLists(kind, f)),
        NotFilter not => LinkLists(kind, not.Operand),
        _ => [],
    };

    private static Filter Rewrite(Filter filter, IReadOnlyDictionary<string, IReadOnlyList<object?>> hiddenByField) => filter switch
    {
        ListCondition list when hiddenByField.TryGetValue(list.Field, out var hidden) => Restrict(list, hidden),
        AndFilter and => new AndFilter(and.Operands.Select(f => Rewrite(f, hiddenByField)).ToList()),
        OrFilter or => new OrFilter(or.Operands.Select(f => Rewrite(f, hiddenByField)).ToList()),
        NotFilter not => new NotFilter(Rewrite(not.Operand, hiddenByField)),
        _ => filter,
    };

    private static Filter Restrict(ListCondition list, IReadOnlyList<object?> hidden)
    {
        if (hidden.Count == 0)
            return list;
        var isHidden = Filter.In(ListCondition.Element, hidden);
        var isVisible = Filter.Not(isHidden);
        return list.Quantifier switch
        {
            ListQuantifier.Some or ListQuantifier.None => list with { ElementFilter = Filter.And(list.ElementFilter, isVisible) },
            ListQuantifier.All => list with { ElementFilter = Filter.Or(list.ElementFilter ?? Filter.All, isHidden) },
            _ => new ListCondition(list.Field, ListQuantifier.Some, isVisible),
        };
    }

    /// <summary>The ids of documents of the referenced type the caller may not see; null when they see them all.</summary>
    private async Task<IReadOnlyList<object?>?> HiddenAsync(string referenced, CancellationToken cancellationToken)
    {
        var owner = referenced == "DirectiveSection" ? Kinds.Directive : Kinds.FromTypeName(referenced);
        if (owner is null || Visibility.FilterFor(owner, caller) is not { } rule)
            return null;
        var hidden = await store.QueryAsync(owner, Filter.Not(rule), [new SortField("id", SortDirection.Ascending)], MaxHidden, cancellationToken);
        return hidden.SelectMany(d => d is Directive directive && referenced == "DirectiveSection" ? directive.SectionIds : [d.Id])
            .Select(id => (object?)id).ToList();
    }

    private async Task<HashSet<string>> VisibleSectionsAsync(IReadOnlyCollection<string> sectionIds, CancellationToken cancellationToken)
    {
        var directiveIds = sectionIds.Select(DirectiveSection.DirectiveIdOf).OfType<string>().ToHashSet(StringComparer.Ordinal);
        if (directiveIds.Count == 0)
            return [];
        var directives = await store.GetManyAsync(Kinds.Directive, directiveIds, cancellationToken);
        return directives.Where(d => Visibility.CanSee(d, caller)).SelectMany(d => d.SectionIds).Where(sectionIds.Contains).ToHashSet(StringComparer.Ordinal);
    }

    private async Task<HashSet<string>> VisibleIdsAsync<T>(DocumentKind<T> kind, IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
        where T : Document
    {
        if (ids.Count == 0)
            return [];
        var found = await store.GetManyAsync(kind, ids, cancellationToken);
        return found.Where(d => Visibility.CanSee(d, caller)).Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
    }
}
