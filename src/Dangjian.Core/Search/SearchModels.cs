using System.Text;
using Dangjian.Core.Documents;

namespace Dangjian.Core.Search;

public enum SearchOrder
{
    /// <summary>
    /// The default: by the kind's source tier (<see cref="SearchOptions.KindTiers"/>; none unless configured), best
    /// match first within a tier.
    /// </summary>
    Relevance,
    /// <summary>Best match first across all kinds (BM25 score alone).</summary>
    BestMatch,
    /// <summary>Latest date first.</summary>
    Newest,
    /// <summary>Earliest date first.</summary>
    Oldest,
}

public sealed record SearchRequest
{
    public required string Query { get; init; }

    public SearchFilter Filter { get; init; } = SearchFilter.None;

    public SearchOrder Order { get; init; } = SearchOrder.Relevance;

    /// <summary>Page size; null for the configured default.</summary>
    public int? First { get; init; }

    public string? After { get; init; }

    /// <summary>Count facets over all matches (costs a little per match; skipped when nobody asks).</summary>
    public bool WithFacets { get; init; }

    /// <summary>Highlight the hits on the page.</summary>
    public bool WithHighlights { get; init; }

    /// <summary>
    /// With <see cref="WithHighlights"/>: leave <see cref="SearchHit.Highlights"/> empty and return
    /// <see cref="SearchResults.Highlighting"/>, for a caller that loads the hits' documents anyway and highlights their text.
    /// </summary>
    public bool HighlightLater { get; init; }
}

public sealed record SearchResults(IReadOnlyList<SearchHit> Hits, int TotalCount, bool HasNextPage, bool HasPreviousPage, SearchFacets? Facets)
{
    /// <summary>Highlights a document's text for this search's words (set when highlights were asked for).</summary>
    public SearchHighlighting? Highlighting { get; init; }

    /// <summary>The synonyms searched for besides what was typed (from the curated list), for the reader to see.</summary>
    public IReadOnlyList<SearchExpansion> Expansions { get; init; } = [];

    /// <summary>A corrected query, on zero or few results, when one finds more (from visible documents only); null otherwise.</summary>
    public SearchSuggestion? Suggestion { get; init; }
}

public sealed record SearchHit(DocumentKind Kind, string Id, float Score, string Cursor, IReadOnlyList<SearchHighlight> Highlights);

public enum SearchHighlightField
{
    Title,
    Text,
}

public sealed record SearchHighlight(SearchHighlightField Field, IReadOnlyList<HighlightedText> Fragments);

/// <summary>A fragment of a document's text, split into the parts that matched the query and those that did not.</summary>
public sealed record HighlightedText(IReadOnlyList<(string Text, bool Match)> Parts)
{
    /// <summary>Which text value of the document (as <see cref="SearchDocumentMapper"/> lists them, blanks left out) it was cut from; −1 for a title.</summary>
    public int Value { get; init; } = -1;

    /// <summary>The fragment as HTML: the text escaped, each match between <paramref name="preTag"/> and <paramref name="postTag"/>.</summary>
    public string ToHtml(string preTag = "<em>", string postTag = "</em>")
    {
        var html = new StringBuilder();
        foreach (var (text, match) in Parts)
        {
            if (match)
                html.Append(preTag);
            foreach (var c in text)
            {
                _ = c switch
                {
                    '&' => html.Append("&amp;"),
                    '<' => html.Append("&lt;"),
                    '>' => html.Append("&gt;"),
                    '"' => html.Append("&quot;"),
                    '\'' => html.Append("&#39;"),
                    _ => html.Append(c),
                };
            }
            if (match)
                html.Append(postTag);
        }
        return html.ToString();
    }

    public override string ToString() => string.Concat(Parts.Select(p => p.Text));
}

/// <summary>Counts over every visible match, not just the page.</summary>
public sealed record SearchFacets(
    IReadOnlyList<FacetCount<DocumentKind>> Kinds,
    IReadOnlyList<FacetCount<int>> Years,
    IReadOnlyList<FacetCount<string>> Organizations,
    IReadOnlyList<FacetCount<string>> Tags);

public sealed record FacetCount<T>(T Value, int Count);
