using System.Globalization;
using Dangjian.Core.Access;
using Dangjian.Core.Documents;
using Dangjian.Core.Reading;
using Lucene.Net.Index;
using Lucene.Net.Queries.Mlt;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace Dangjian.Core.Search;

/// <summary>
/// Searches the index on behalf of a caller. The caller's visibility is part of the Lucene query itself, so what
/// a caller may not see never reaches the hits, the total, the facets, the highlights or the related documents.
/// </summary>
public sealed class SearchService(SearchIndex index, SearchOptions options, PagingOptions paging, SynonymSource? synonyms = null)
{
    private const int MaxCachedVisibilityRules = 256;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<Query, Filter> _visibility = new();
    private readonly SearchHighlighter _highlighter = new(index.Bigrams, options.FragmentSize, options.MaxFragments);
    private readonly Sort _relevance = new(
        new SortField(SearchFields.Kind, new KindTierComparerSource(TiersByTypeName(options.KindTiers)), reverse: true),
        SortField.FIELD_SCORE, new SortField(SearchFields.Key, SortFieldType.STRING));
    private readonly Sort _bestMatch = new(SortField.FIELD_SCORE, new SortField(SearchFields.Key, SortFieldType.STRING));
    private readonly Sort _newest = new(new SortField(SearchFields.Date, SortFieldType.INT64, reverse: true), new SortField(SearchFields.Key, SortFieldType.STRING));
    private readonly Sort _oldest = new(new SortField(SearchFields.Date, SortFieldType.INT64), new SortField(SearchFields.Key, SortFieldType.STRING));

    public Result<SearchResults> Search(SearchRequest request, Caller caller, CancellationToken cancellationToken)
    {
        // From the start: parsing and rewriting count against the limit too.
        var deadline = DeadlineCollector.DeadlineAfter(options.Timeout);
        var size = paging.CheckPageSize(request.First, "first");
        if (!size.IsSuccess)
            return size.Error!;
        var parsed = SearchQuerySyntax.Parse(request.Query, options.MaxQueryLength, options.MaxQueryTerms);
        if (!parsed.IsSuccess)
            return parsed.Error!;
        var requested = SearchFilters.BuildRequested(caller, request.Filter);
        if (!requested.IsSuccess)
            return requested.Error!;
        var filter = Combine(VisibilityFilter(caller), requested.Value);
        FieldDoc? after = null;
        if (request.After is not null)
        {
            var decoded = SearchCursor.Decode(request.Order, request.After);
            if (!decoded.IsSuccess)
                return decoded.Error!;
            after = decoded.Value;
        }
        cancellationToken.ThrowIfCancellationRequested();

        using var lease = index.Acquire();
        var searcher = lease.Searcher;
        // Built over the reader it runs on: the open ends of a phrase expand into that reader's terms.
        var builder = new SearchQueryBuilder(index.Words, index.Bigrams, options, searcher.IndexReader, synonyms?.Current);
        var query = builder.Build(parsed.Value);
        if (!query.IsSuccess)
            return query.Error!;
        var top = TopFieldCollector.Create(SortFor(request.Order), size.Value + 1, after,
            fillFields: true, trackDocScores: true, trackMaxScore: false, docsScoredInOrder: false);
        var facets = request.WithFacets ? new FacetCollector() : null;
        try
        {
            searcher.Search(query.Value, filter,
                new DeadlineCollector(facets is null ? top : MultiCollector.Wrap(top, facets), deadline, cancellationToken));
        }
        catch (TimeoutException)
        {
            return new Error(ErrorCodes.Timeout, string.Create(CultureInfo.InvariantCulture,
                $"The search was stopped after {options.Timeout.TotalSeconds:0.###} s. Add a rarer word, a \"phrase\" or a filter (kind, date range, organisation) to narrow it."));
        }

        var docs = top.GetTopDocs().ScoreDocs;
        var highlightTerms = request.WithHighlights ? _highlighter.Prepare(parsed.Value.Required.SelectMany(g => g).SelectMany(builder.HighlightTerms)) : null;
        var hits = new List<SearchHit>(Math.Min(docs.Length, size.Value));
        foreach (var doc in docs.Take(size.Value).Cast<FieldDoc>())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (kind, id) = SearchFields.ParseKey(((BytesRef)doc.Fields[^1]).Utf8ToString());
            var highlights = highlightTerms is null || request.HighlightLater ? [] : Highlight(highlightTerms, searcher.IndexReader, doc.Doc);
            hits.Add(new SearchHit(kind, id, doc.Score, SearchCursor.Encode(request.Order, doc), highlights));
        }
        return new SearchResults(hits, top.TotalHits, HasNextPage: docs.Length > size.Value, HasPreviousPage: after is not null,
            facets?.Result(options.MaxFacetValues))
        {
            Highlighting = highlightTerms is null ? null : new SearchHighlighting(_highlighter, highlightTerms),
            Expansions = builder.Expansions,
        };
    }

    /// <summary>
    /// The documents most like one (MoreLikeThis over its bigrams' term vectors), visible to the caller, never the
    /// document itself. Empty when the document is not (yet) in the index.
    /// </summary>
    public IReadOnlyList<(DocumentKind Kind, string Id)> Related(DocumentKind kind, string id, Caller caller, int first)
    {
        if (first <= 0)
            return [];
        var key = SearchFields.KeyOf(kind, id);
        using var lease = index.Acquire();
        var searcher = lease.Searcher;
        var self = new TermQuery(new Term(SearchFields.Key, key));
        var found = searcher.Search(self, 1).ScoreDocs;
        if (found.Length == 0)
            return [];
        var like = new MoreLikeThis(searcher.IndexReader)
        {
            FieldNames = [SearchFields.TitleBigrams, SearchFields.TextBigrams],
            Analyzer = index.Bigrams,
            // Short texts repeat few pairs and small archives have few documents: let any shared pair count.
            MinTermFreq = 1,
            MinDocFreq = 1,
            MaxQueryTerms = 30,
        }.Like(found[0].Doc);
        if (like is BooleanQuery { Clauses.Count: 0 })
            return [];
        var query = new BooleanQuery { { like, Occur.MUST }, { self, Occur.MUST_NOT } };
        var hits = searcher.Search(query, VisibilityFilter(caller), first).ScoreDocs;
        return hits.Select(h => SearchFields.ParseKey(SearchIndexReading.KeyOf(searcher.IndexReader, h.Doc))).ToList();
    }

    /// <summary>
    /// The caller's visibility as a filter that keeps its matching documents per segment (a bitset per segment core,
    /// live documents applied on use, so updates and deletes stay correct). Nearly every search is anonymous, with one
    /// rule; evaluating it from the kind and status terms on every search cost 0.3–1.3 ms at 100,000 documents.
    /// One filter per distinct rule (a branch's rule names its organisations); past the bound the cache starts over.
    /// </summary>
    private Filter? VisibilityFilter(Caller caller)
    {
        if (SearchFilters.VisibleTo(caller) is not { } visible)
            return null;
        if (_visibility.TryGetValue(visible, out var cached))
            return cached;
        if (_visibility.Count >= MaxCachedVisibilityRules)
            _visibility.Clear();
        return _visibility.GetOrAdd(visible, rule => new CachingWrapperFilter(new QueryWrapperFilter(rule)));
    }

    private static Filter? Combine(Filter? visibility, Query? requested) => (visibility, requested) switch
    {
        (null, null) => null,
        (not null, null) => visibility,
        (null, not null) => new QueryWrapperFilter(requested),
        _ => new QueryWrapperFilter(new BooleanQuery { { new ConstantScoreQuery(visibility), Occur.MUST }, { requested, Occur.MUST } }),
    };

    private List<SearchHighlight> Highlight(IReadOnlyList<HighlightTerm> terms, IndexReader topReader, int topDoc)
    {
        // On the hit's own segment: its term vectors and stored text are read there, with no lookup across segments.
        var leaf = topReader.Leaves[ReaderUtil.SubIndex(topDoc, topReader.Leaves)];
        return _highlighter.Highlight(terms, leaf.AtomicReader, topDoc - leaf.DocBase);
    }

    private Sort SortFor(SearchOrder order) => order switch
    {
        SearchOrder.Relevance => _relevance,
        SearchOrder.BestMatch => _bestMatch,
        SearchOrder.Newest => _newest,
        _ => _oldest,
    };

    /// <summary>The tier table keyed by each kind's exact type name (configuration keys may differ in case).</summary>
    public static IReadOnlyDictionary<string, int> TiersByTypeName(IReadOnlyDictionary<string, int> tiers)
    {
        var byTypeName = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (name, tier) in tiers)
        {
            var kind = SearchFields.Kinds.FirstOrDefault(k => string.Equals(k.TypeName, name, StringComparison.OrdinalIgnoreCase))
                ?? throw new ArgumentException($"Search:KindTiers names '{name}', which is not a searchable kind ({string.Join(", ", SearchFields.Kinds.Select(k => k.TypeName))}).", nameof(tiers));
            byTypeName[kind.TypeName] = tier;
        }
        return byTypeName;
    }
}
