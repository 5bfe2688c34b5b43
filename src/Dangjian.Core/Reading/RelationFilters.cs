using Dangjian.Core.Access;
using Dangjian.Core.Documents;
using Dangjian.Core.Storage;

namespace Dangjian.Core.Reading;

/// <summary>
/// Turns each <see cref="RelationCondition"/> of a filter into a condition a store runs, without a join: the ids of the
/// linked kind's documents that match its filter are read first, with the caller's visibility applied as to any list
/// of that kind (<see cref="Visibility.FilterFor"/>, and <see cref="LinkVisibility"/> for the linked kind's own link
/// lists), and the condition becomes an <c>in</c> on the link (<c>some</c>/<c>all</c>/<c>none</c> of its elements for a
/// list). A linked document the caller may not see is never among the ids, so it matches as if it did not exist. At
/// most <c>maxMatches</c> ids are read for one condition: beyond that it is refused with
/// <see cref="ErrorCodes.RelationFilterTooBroad"/>, since the answer would need an unbounded list of ids.
/// </summary>
public sealed class RelationFilters(IDocumentStore store, Caller caller)
{
    private static readonly IReadOnlyList<SortField> ById = [new("id", SortDirection.Ascending)];

    /// <summary><paramref name="where"/> (a filter on <paramref name="kind"/>) with every relation condition resolved, inner ones first.</summary>
    public async Task<Result<Filter>> ResolveAsync(DocumentKind kind, Filter where, int maxMatches, CancellationToken cancellationToken)
    {
        if (!Contains(where))
            return where;
        switch (where)
        {
            case AndFilter and:
            {
                var parts = await ResolveAllAsync(kind, and.Operands, maxMatches, cancellationToken);
                return parts.IsSuccess ? new AndFilter(parts.Value) : parts.Error!;
            }
            case OrFilter or:
            {
                var parts = await ResolveAllAsync(kind, or.Operands, maxMatches, cancellationToken);
                return parts.IsSuccess ? new OrFilter(parts.Value) : parts.Error!;
            }
            case NotFilter not:
            {
                var operand = await ResolveAsync(kind, not.Operand, maxMatches, cancellationToken);
                return operand.IsSuccess ? new NotFilter(operand.Value) : operand.Error!;
            }
            case RelationCondition relation:
                return await ResolveOneAsync(kind, relation, maxMatches, cancellationToken);
            default:
                return where;
        }
    }

    /// <summary>Whether <paramref name="filter"/> holds a relation condition anywhere (most filters do not, and are left as they are).</summary>
    public static bool Contains(Filter filter) => filter switch
    {
        RelationCondition => true,
        AndFilter and => and.Operands.Any(Contains),
        OrFilter or => or.Operands.Any(Contains),
        NotFilter not => Contains(not.Operand),
        _ => false,
    };

    private async Task<Result<IReadOnlyList<Filter>>> ResolveAllAsync(DocumentKind kind, IReadOnlyList<Filter> filters, int maxMatches,
        CancellationToken cancellationToken)
    {
        var resolved = new List<Filter>(filters.Count);
        foreach (var filter in filters)
        {
            var one = await ResolveAsync(kind, filter, maxMatches, cancellationToken);
            if (!one.IsSuccess)
                return one.Error!;
            resolved.Add(one.Value);
        }
        return resolved;
    }

    private async Task<Result<Filter>> ResolveOneAsync(DocumentKind kind, RelationCondition relation, int maxMatches, CancellationToken cancellationToken)
    {
        var link = kind.Field(relation.Field);
        var target = link?.RelatedKind
            ?? throw new ArgumentException($"{kind}.{relation.Field} is not a link to documents of a kind.", nameof(relation));
        if (link.IsList != relation.Quantifier is not null)
            throw new ArgumentException($"{kind}.{relation.Field}: a list link takes some/all/none, a single link none.", nameof(relation));
        var inner = await ResolveAsync(target, relation.Related, maxMatches, cancellationToken);
        if (!inner.IsSuccess)
            return inner.Error!;
        // As any list of the linked kind is read for this caller: its visibility rule, and its own link lists read as if
        // links to hidden documents were not there.
        var restricted = await new LinkVisibility(store, caller).RestrictAsync(target, inner.Value, cancellationToken);
        var matches = await store.QueryAsync(target, Filter.And(Visibility.FilterFor(target, caller), restricted), ById, maxMatches + 1, cancellationToken);
        if (matches.Count > maxMatches)
        {
            return new Error(ErrorCodes.RelationFilterTooBroad,
                $"More than {maxMatches} {target} items match the conditions on '{relation.Path.Split('.').Where(p => p is not ("some" or "all" or "none")).Last()}'. " +
                "Narrow them, or filter on the link by id.",
                relation.Path.Split('.'));
        }
        var ids = matches.Select(d => (object?)d.Id).ToList();
        return relation.Quantifier is { } quantifier
            ? new ListCondition(link.Name, quantifier, Filter.In(ListCondition.Element, ids))
            : Filter.In(link.Name, ids);
    }
}
