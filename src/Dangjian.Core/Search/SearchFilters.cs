using System.Globalization;
using Dangjian.Core.Access;
using Dangjian.Core.Documents;
using Dangjian.Core.Storage;
using Lucene.Net.Index;
using Lucene.Net.Queries;
using Lucene.Net.Search;
using Lucene.Net.Util;
using Filter = Dangjian.Core.Storage.Filter;

namespace Dangjian.Core.Search;

/// <summary>What a search is limited to, besides its words. Null or empty means "no limit".</summary>
public sealed record SearchFilter
{
    public static readonly SearchFilter None = new();

    public IReadOnlyList<DocumentKind>? Kinds { get; init; }

    /// <summary>Documents of this organisation or any organisation below it.</summary>
    public string? OrganizationId { get; init; }

    /// <summary>First day (inclusive, China time) of the document's date.</summary>
    public DateOnly? From { get; init; }

    /// <summary>Last day (inclusive, China time).</summary>
    public DateOnly? To { get; init; }

    /// <summary>Documents with any of these tags.</summary>
    public IReadOnlyList<string>? Tags { get; init; }

    /// <summary>Stories in any of these statuses (documents of other kinds are not affected). Editors only.</summary>
    public IReadOnlyList<StoryStatus>? StoryStatuses { get; init; }
}

/// <summary>
/// The non-scoring part of a search: the caller's visibility and the request's filters, as one Lucene query.
/// Visibility is not restated here: it is <see cref="Visibility.FilterFor"/>, the rule the stores apply,
/// translated term for term, so the index and the store cannot disagree about who sees what.
/// </summary>
public static class SearchFilters
{
    /// <summary>Visibility and the request's filters together; null when nothing limits the search (an editor with no filters).</summary>
    public static Result<Query?> Build(Caller caller, SearchFilter filter)
    {
        var requested = BuildRequested(caller, filter);
        if (!requested.IsSuccess || VisibleTo(caller) is not { } visible)
            return requested;
        return requested.Value is { } limits ? new BooleanQuery { { visible, Occur.MUST }, { limits, Occur.MUST } } : visible;
    }

    /// <summary>
    /// The request's filters alone, without the caller's visibility (which the search service adds from its cache);
    /// null when the request sets none. Story status is still refused to non-editors here.
    /// </summary>
    public static Result<Query?> BuildRequested(Caller caller, SearchFilter filter)
    {
        if (filter.StoryStatuses is { Count: > 0 } && !caller.IsEditor)
            return new Error(ErrorCodes.Forbidden, "Only editors may filter by story status.", ["where", "storyStatus"]);
        var all = new BooleanQuery();
        if (filter.Kinds is { Count: > 0 } kinds)
            all.Add(Terms(SearchFields.Kind, kinds.Select(k => k.TypeName)), Occur.MUST);
        if (filter.OrganizationId is { } organization)
            all.Add(new TermQuery(new Term(SearchFields.Organization, organization)), Occur.MUST);
        if (filter.From is not null || filter.To is not null)
        {
            if (filter.From > filter.To)
                return new Error(ErrorCodes.InvalidFilter, "The date range ends before it starts.", ["where", "date"]);
            all.Add(NumericRangeQuery.NewInt32Range(SearchFields.Day,
                filter.From is { } from ? SearchDocumentMapper.DayNumber(from) : null,
                filter.To is { } to ? SearchDocumentMapper.DayNumber(to) : null, true, true), Occur.MUST);
        }
        if (filter.Tags is { Count: > 0 } tags)
            all.Add(Terms(SearchFields.Tag, tags), Occur.MUST);
        if (filter.StoryStatuses is { Count: > 0 } statuses)
        {
            // Stories in these statuses, or anything that is not a story.
            var stories = Translate(Filter.In("status", statuses.Select(s => (object?)EnumNames.ToConstant(s)).ToList()));
            var either = new BooleanQuery
            {
                { new BooleanQuery { { Kind(Kinds.Story), Occur.MUST }, { stories, Occur.MUST } }, Occur.SHOULD },
                { new BooleanQuery { { new MatchAllDocsQuery(), Occur.MUST }, { Kind(Kinds.Story), Occur.MUST_NOT } }, Occur.SHOULD },
            };
            all.Add(either, Occur.MUST);
        }
        return all.Clauses.Count == 0 ? Result<Query?>.Success(null) : all;
    }

    /// <summary>
    /// What <paramref name="caller"/> may see, over every searchable kind: each kind's <see cref="Visibility.FilterFor"/>
    /// rule, or the whole kind where the rule is "everything". Null when the caller sees everything.
    /// </summary>
    public static Query? VisibleTo(Caller caller)
    {
        var rules = SearchFields.Kinds.Select(kind => (kind, rule: Visibility.FilterFor(kind, caller))).ToList();
        if (rules.All(r => r.rule is null))
            return null;
        var any = new BooleanQuery();
        foreach (var (kind, rule) in rules)
        {
            any.Add(rule is null
                ? Kind(kind)
                : new BooleanQuery { { Kind(kind), Occur.MUST }, { Translate(rule), Occur.MUST } }, Occur.SHOULD);
        }
        return any;
    }

    /// <summary>
    /// A store-neutral filter as a Lucene query over the exact-value fields the mapper indexes (enum and id fields).
    /// Only what visibility and the status filter use is supported; anything else is a programming error.
    /// </summary>
    public static Query Translate(Filter filter) => filter switch
    {
        Condition { Operator: Operator.Eq, Value: not null } c => new TermQuery(new Term(SearchFields.ValueField(c.Field), Text(c.Value))),
        Condition { Operator: Operator.In, Value: IReadOnlyList<object?> values } c => Terms(SearchFields.ValueField(c.Field), values.Select(Text)),
        ListCondition { Quantifier: ListQuantifier.Some, ElementFilter: Condition { Field: ListCondition.Element } element } list =>
            Translate(element with { Field = list.Field }),
        AndFilter { Operands.Count: 0 } => new MatchAllDocsQuery(),
        AndFilter and => All(and.Operands.Select(Translate), Occur.MUST),
        OrFilter or => All(or.Operands.Select(Translate), Occur.SHOULD),
        NotFilter not => new BooleanQuery { { new MatchAllDocsQuery(), Occur.MUST }, { Translate(not.Operand), Occur.MUST_NOT } },
        _ => throw new NotSupportedException($"The search index cannot apply the filter {filter}."),
    };

    private static BooleanQuery All(IEnumerable<Query> parts, Occur occur)
    {
        var query = new BooleanQuery();
        foreach (var part in parts)
            query.Add(part, occur);
        return query;
    }

    private static TermQuery Kind(DocumentKind kind) => new(new Term(SearchFields.Kind, kind.TypeName));

    /// <summary>Any of many values (a branch's subtree can be thousands of ids: more than a BooleanQuery takes).</summary>
    private static Query Terms(string field, IEnumerable<string> values)
    {
        var terms = values.Distinct(StringComparer.Ordinal).Select(v => new BytesRef(v)).ToList();
        // An empty BooleanQuery matches nothing, as "any of no values" should.
        return terms.Count == 0 ? new BooleanQuery() : new ConstantScoreQuery(new TermsFilter(field, terms));
    }

    private static string Text(object? value) => Convert.ToString(value, CultureInfo.InvariantCulture)
        ?? throw new NotSupportedException("The search index cannot match a missing value.");
}
