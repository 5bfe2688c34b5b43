using Dangjian.Api.Features.ActivityLogs;
using Dangjian.Api.Features.Directives;
using Dangjian.Api.Features.Organizations;
using Dangjian.Api.Features.Stories;
using Dangjian.Api.Features.StudyMaterials;
using Dangjian.Api.GraphQL;
using Dangjian.Api.GraphQL.Filtering;
using Dangjian.Api.GraphQL.Relay;
using Dangjian.Core;
using Dangjian.Core.Documents;
using Dangjian.Core.Reading;
using Dangjian.Core.Search;
using Dangjian.Core.Storage;
using GraphQL;
using GraphQL.Types;
using GraphQL.Validation;

namespace Dangjian.Api.Features.Search;

/// <summary>A page of search results as the connection resolves it: the hits whose documents the caller may see, loaded.</summary>
public sealed record SearchPage(IReadOnlyList<SearchEdgeView> Edges, PageInfo PageInfo, int TotalCount, SearchFacets? Facets)
{
    public IReadOnlyList<SearchExpansion> Expansions { get; init; } = [];

    public SearchSuggestion? Suggestion { get; init; }
}

/// <summary>A hit with its loaded document; highlights are made from the document's text when the field is asked for.</summary>
public sealed record SearchEdgeView(SearchHit Hit, Document Node, SearchHighlighting? Highlighting)
{
    private IReadOnlyList<SearchHighlight>? _highlights;

    /// <summary>Computed once: `highlights` and `section` both read them.</summary>
    public IReadOnlyList<SearchHighlight> Highlights => _highlights ??= Highlighting?.For(Node) ?? Hit.Highlights;

    /// <summary>The directive section of the best text fragment, with its directive.</summary>
    public SectionView? Section =>
        Highlights.FirstOrDefault(h => h.Field == SearchHighlightField.Text)?.Fragments.FirstOrDefault() is { } best
        && SearchHighlighting.SectionOf(Node, best) is { } section ? new SectionView((Dangjian.Core.Documents.Directive)Node, section) : null;

    /// <summary>The study material part of the best text fragment.</summary>
    public StudyMaterialPart? Part =>
        Highlights.FirstOrDefault(h => h.Field == SearchHighlightField.Text)?.Fragments.FirstOrDefault() is { } best
            ? SearchHighlighting.PartOf(Node, best) : null;
}

public sealed class SearchDocumentUnion : UnionGraphType
{
    public SearchDocumentUnion()
    {
        Name = "SearchDocument";
        Description = "A document search can find: a directive, a study material, an activity log or a story.";
        Type<DirectiveGraphType>();
        Type<StudyMaterialGraphType>();
        Type<ActivityLogGraphType>();
        Type<StoryGraphType>();
    }
}

public sealed class SearchKindGraphType : EnumerationGraphType
{
    public SearchKindGraphType()
    {
        Name = "SearchKind";
        Description = "A kind of document search covers.";
        this.AddKinds(Kinds.Searchable, k => k.Description);
    }
}

/// <summary>
/// <c>order</c> for search in the lists' sort shape (a list of one-field inputs), as a HotChocolate client writes it.
/// One element: a search's cursor is kept on one key, so a second key has nothing to break ties with.
/// </summary>
public sealed class SearchSortInputType : InputObjectGraphType
{
    public SearchSortInputType()
    {
        Name = "SearchSortInput";
        Description = "How search results are ordered; give one field in one element, e.g. [{ date: DESC }].";
        Field<SortEnumType>("relevance").Description("DESC: best match first, within the kind tiers a deployment configures (the default). ASC is refused.");
        Field<SortEnumType>("score").Description("DESC: best match first across all kinds, by score alone. ASC is refused.");
        Field<SortEnumType>("date").Description("By the document's date: issued (directive), published (study material), occurred (activity log), its historical date (occurredOn), else published, else submitted (story). DESC newest first, ASC oldest first.");
    }

    public static Result<SearchOrder> Parse(object? order)
    {
        var fields = (order as IEnumerable<object?> ?? []).OfType<IDictionary<string, object?>>()
            .SelectMany(e => e.Where(p => p.Value is not null)).ToList();
        if (fields.Count == 0)
            return SearchOrder.Relevance;
        if (fields.Count > 1)
            return new Error(ErrorCodes.InvalidSort, "Search is ordered by one field; give one, e.g. order: [{ date: DESC }].", ["order"]);
        var (name, direction) = (fields[0].Key, (SortDirection)fields[0].Value!);
        return (name, direction) switch
        {
            ("relevance", SortDirection.Descending) => SearchOrder.Relevance,
            ("score", SortDirection.Descending) => SearchOrder.BestMatch,
            ("date", SortDirection.Descending) => SearchOrder.Newest,
            ("date", SortDirection.Ascending) => SearchOrder.Oldest,
            _ => new Error(ErrorCodes.InvalidSort, $"Search results cannot be ordered by {name} ascending; use DESC.", ["order"]),
        };
    }
}

public sealed class SearchHighlightFieldGraphType() : DescribedEnumType<SearchHighlightField>("SearchHighlightField",
    "The part of a document a highlighted fragment comes from.",
    new Dictionary<SearchHighlightField, string>
    {
        [SearchHighlightField.Title] = "The title, whole.",
        [SearchHighlightField.Text] = "The searchable text: a directive's document number, preamble, sections, contact line and attachment titles; a study material's summary, body (with each part's heading) and source; an activity log's summary, place and participants; a story's summary, body (as read, without Markdown marks) and people; and tags.",
    });

public sealed class SearchDateRangeInputType : InputObjectGraphType
{
    public SearchDateRangeInputType()
    {
        Name = "SearchDateRangeInput";
        Description = "A range of days (China time, UTC+8), both ends included; leave an end out for an open range.";
        Field<DateType>("from").Description("The first day.");
        Field<DateType>("to").Description("The last day.");
    }
}

public sealed class SearchFilterInputType : InputObjectGraphType
{
    public SearchFilterInputType()
    {
        Name = "SearchFilterInput";
        Description = "Limits a search. Conditions combine with AND; a list matches any of its values.";
        Field<ListGraphType<NonNullGraphType<SearchKindGraphType>>>("kinds").Description("Only documents of these kinds.");
        Field<IdGraphType>("organizationId")
            .Description("Only documents of this organisation or any organisation below it: activity logs by its organisation, stories by the submitting organisation or those they are about, directives by their issuer.");
        Field<SearchDateRangeInputType>("date")
            .Description("Only documents dated in this range: issued (directive), published (study material), occurred (activity log), its historical date (occurredOn), else published, else submitted (story).");
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("tags").Description("Only documents with any of these tags.");
        Field<ListGraphType<NonNullGraphType<StoryStatusGraphType>>>("storyStatus")
            .Description("Only stories in any of these statuses (documents of other kinds are not affected). Editors only.");
    }
}

public sealed class SearchConnectionType : ObjectGraphType<SearchPage>
{
    public SearchConnectionType()
    {
        Name = "SearchConnection";
        Description = "A page of search results with cursors, in the Relay connection shape, with the total and facet counts over all results.";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SearchEdgeType>>>>("edges")
            .Description("The results on this page, best first (or in the order asked for), each with its cursor, score and highlights.")
            .Resolve(c => c.Source.Edges);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SearchDocumentUnion>>>>("nodes")
            .Description("The documents on this page, without cursors.").Resolve(c => c.Source.Edges.Select(e => e.Node));
        Field<NonNullGraphType<PageInfoType>>("pageInfo").Description("Where this page lies in the results.").Resolve(c => c.Source.PageInfo);
        Field<NonNullGraphType<IntGraphType>>("totalCount").Description("How many documents match, in all.").Resolve(c => c.Source.TotalCount);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SearchExpansionType>>>>("expansions")
            .Description("The synonyms and abbreviations this search also looked for (from the editors' synonym list), so the reader sees why a document without the typed word was found. Empty when none applied; a quoted phrase is never expanded.")
            .Resolve(c => c.Source.Expansions);
        Field<SearchSuggestionType>("suggestion")
            .Description("On zero or few results (3 or fewer by default): the query with a likely misspelling corrected (习进平 → 习近平), when the corrected query finds more. Taken from the words of the documents you may see, never from others. Null when there is nothing better to suggest, and on pages after the first.")
            .Resolve(c => c.Source.Suggestion);
        Field<NonNullGraphType<SearchFacetsType>>("facets")
            .Description("Counts over all matching documents (not just this page), for narrowing the search.")
            .Resolve(c => c.Source.Facets);
    }
}

public sealed class SearchSuggestionType : ObjectGraphType<SearchSuggestion>
{
    public SearchSuggestionType()
    {
        Name = "SearchSuggestion";
        Description = "A corrected query the archive has more results for (\"did you mean\").";
        Field<NonNullGraphType<StringGraphType>>("query").Description("The whole query with the corrections made, ready to search for.").Resolve(c => c.Source.Query);
        Field<NonNullGraphType<IntGraphType>>("totalCount").Description("How many documents the corrected query finds (of those you may see).").Resolve(c => c.Source.TotalCount);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SearchCorrectionType>>>>("corrections")
            .Description("Each word of the query that was corrected, and what it became.").Resolve(c => c.Source.Corrections);
    }
}

public sealed class SearchCorrectionType : ObjectGraphType<SearchCorrection>
{
    public SearchCorrectionType()
    {
        Name = "SearchCorrection";
        Description = "One word of a query and its likely intended spelling.";
        Field<NonNullGraphType<StringGraphType>>("from").Description("The word as typed, e.g. 习进平.").Resolve(c => c.Source.From);
        Field<NonNullGraphType<StringGraphType>>("to").Description("The word the archive holds, e.g. 习近平.").Resolve(c => c.Source.To);
    }
}

public sealed class SearchExpansionType : ObjectGraphType<SearchExpansion>
{
    public SearchExpansionType()
    {
        Name = "SearchExpansion";
        Description = "A word of the query searched for by its synonyms too.";
        Field<NonNullGraphType<StringGraphType>>("term").Description("The word as the query has it, e.g. 新冠.").Resolve(c => c.Source.Term);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("synonyms")
            .Description("The forms searched for besides it, e.g. 新冠肺炎, COVID-19.").Resolve(c => c.Source.Synonyms);
    }
}

public sealed class SearchEdgeType : ObjectGraphType<SearchEdgeView>
{
    /// <summary>Longest highlight tag: room for an element with a class or a short style, not for a payload.</summary>
    public const int MaxTagLength = 64;

    public SearchEdgeType()
    {
        Name = "SearchEdge";
        Description = "One search result.";
        Field<NonNullGraphType<StringGraphType>>("cursor").Description("An opaque cursor for this result, for `after`.").Resolve(c => c.Source.Hit.Cursor);
        Field<NonNullGraphType<SearchDocumentUnion>>("node").Description("The document found.").Resolve(c => c.Source.Node);
        Field<NonNullGraphType<FloatGraphType>>("score")
            .Description("How well it matches (higher is better); comparable only within one search.").Resolve(c => (double)c.Source.Hit.Score);
        Field<DirectiveSectionGraphType>("section")
            .Description("For a directive: the section the best text fragment comes from (its number, heading and anchor), the unit to cite and link to; null when the match is in the title, document number or preamble, and for other kinds.")
            .Resolve(c => c.Source.Section);
        Field<StudyMaterialPartGraphType>("part")
            .Description("For a study material with parts (一、…, or Markdown headings): the part the best text fragment comes from (its number, heading and anchor), as `section` is for a directive; null when the material has no parts, when the match is in the title, summary or the lead before the first part, and for other kinds.")
            .Resolve(c => c.Source.Part);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SearchHighlightType>>>>("highlights")
            .Description("Fragments of the title and text with the matches marked, HTML-escaped; empty where nothing matched in that part.")
            .Argument<StringGraphType>("preTag", $"Inserted before each match (at most {MaxTagLength} characters).", a => a.DefaultValue = "<em>")
            .Argument<StringGraphType>("postTag", $"Inserted after each match (at most {MaxTagLength} characters).", a => a.DefaultValue = "</em>")
            // Refused before anything runs: a tag is repeated at every match, so its length multiplies the response.
            .ValidateArguments(c =>
            {
                foreach (var name in (string[])["preTag", "postTag"])
                {
                    if (c.GetArgument<string?>(name)?.Length > MaxTagLength)
                        throw new ValidationError($"{name} may be at most {MaxTagLength} characters: it is repeated at every match.") { Code = ErrorCodes.ArgumentTooLong };
                }
            })
            .Resolve(c =>
            {
                var pre = c.GetArgument("preTag", "<em>");
                var post = c.GetArgument("postTag", "</em>");
                return c.Source.Highlights.Select(h => new SearchHighlightView(h.Field, h.Fragments.Select(f => f.ToHtml(pre, post)).ToList()));
            });
    }
}

public sealed class StudyMaterialPartGraphType : ObjectGraphType<StudyMaterialPart>
{
    public StudyMaterialPartGraphType()
    {
        Name = "StudyMaterialPart";
        Description = "A part of a study material, cut at its numbered headings (一、二、…) or Markdown headings.";
        Field<NonNullGraphType<IntGraphType>>("number").Description("Its place among the parts: 1 for the first.").Resolve(c => c.Source.Number);
        Field<NonNullGraphType<StringGraphType>>("heading").Description("The heading, up to its first full stop or colon, e.g. 提高政治站位.").Resolve(c => c.Source.Heading);
        Field<NonNullGraphType<StringGraphType>>("anchor").Description("The fragment of the material's page meant to show this part, e.g. part-2.").Resolve(c => c.Source.Anchor);
    }
}

public sealed record SearchHighlightView(SearchHighlightField Field, IReadOnlyList<string> Fragments);

public sealed class SearchHighlightType : ObjectGraphType<SearchHighlightView>
{
    public SearchHighlightType()
    {
        Name = "SearchHighlight";
        Description = "Highlighted fragments of one part of a document.";
        Field<NonNullGraphType<SearchHighlightFieldGraphType>>("field").Description("The part they come from.").Resolve(c => c.Source.Field);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("fragments")
            .Description("The fragments, best first: HTML-escaped text with each match between the tags.").Resolve(c => c.Source.Fragments);
    }
}

public sealed class SearchFacetsType : ObjectGraphType<SearchFacets>
{
    public SearchFacetsType()
    {
        Name = "SearchFacets";
        Description = "How the matching documents divide, each list most frequent first (years newest first).";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SearchKindCountType>>>>("kinds").Description("Matches by kind.").Resolve(c => c.Source.Kinds);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SearchYearCountType>>>>("years").Description("Matches by year of their date (China time).").Resolve(c => c.Source.Years);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SearchOrganizationCountType>>>>("organizations")
            .Description("Matches by top-level organisation (the one just under the root of the tree; the most frequent 20).").Resolve(c => c.Source.Organizations);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SearchTagCountType>>>>("tags").Description("Matches by tag (the most frequent 20).").Resolve(c => c.Source.Tags);
    }
}

public sealed class SearchKindCountType : ObjectGraphType<FacetCount<DocumentKind>>
{
    public SearchKindCountType()
    {
        Name = "SearchKindCount";
        Description = "How many matches are of one kind.";
        Field<NonNullGraphType<SearchKindGraphType>>("value").Description("The kind.").Resolve(c => c.Source.Value);
        Field<NonNullGraphType<IntGraphType>>("count").Description("How many matches.").Resolve(c => c.Source.Count);
    }
}

public sealed class SearchYearCountType : ObjectGraphType<FacetCount<int>>
{
    public SearchYearCountType()
    {
        Name = "SearchYearCount";
        Description = "How many matches are dated in one year.";
        Field<NonNullGraphType<IntGraphType>>("value").Description("The year.").Resolve(c => c.Source.Value);
        Field<NonNullGraphType<IntGraphType>>("count").Description("How many matches.").Resolve(c => c.Source.Count);
    }
}

public sealed class SearchTagCountType : ObjectGraphType<FacetCount<string>>
{
    public SearchTagCountType()
    {
        Name = "SearchTagCount";
        Description = "How many matches have one tag.";
        Field<NonNullGraphType<StringGraphType>>("value").Description("The tag.").Resolve(c => c.Source.Value);
        Field<NonNullGraphType<IntGraphType>>("count").Description("How many matches.").Resolve(c => c.Source.Count);
    }
}

public sealed class SearchOrganizationCountType : ObjectGraphType<FacetCount<string>>
{
    public SearchOrganizationCountType()
    {
        Name = "SearchOrganizationCount";
        Description = "How many matches belong to one top-level organisation or anything below it.";
        Field<NonNullGraphType<IdGraphType>>("organizationId").Description("The organisation's global ID.")
            .Resolve(c => GlobalId.Encode(Kinds.Organization.TypeName, c.Source.Value));
        Field<OrganizationGraphType>("organization").Description("The organisation; null if it is not in the store.")
            .Resolve(c => c.Request().Loader(Kinds.Organization).Load(c.Source.Value));
        Field<NonNullGraphType<IntGraphType>>("count").Description("How many matches.").Resolve(c => c.Source.Count);
    }
}
