using System.Globalization;
using Dangjian.Core.Access;
using Dangjian.Core.Documents;
using Dangjian.Core.Reading;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace Dangjian.Core.Search;

/// <summary>
/// Searches the index on behalf of a caller. The caller's visibility is part of the Lucene query itself, so what
/// a caller may not see never reaches the hits, the total, the facets, the highlights or the related documents.
/// </summary>
public sealed class SearchService(SearchIndex index, SearchOptions options, PagingOptions paging, SynonymSource? synonyms = null)
{
    private const int RelatedTerms = 30;
    private const int RelatedMaxTokensPerField = 5000;

    /// <summary>Distinct filter clauses kept per segment (each a bit per document: 64 at a million documents are 8 MB).</summary>
    private const int MaxCachedClausesPerSegment = 64;

    private readonly VisibleStatistics _visible = new();
    private readonly FilterBitsets _requested = new(MaxCachedClausesPerSegment);
    private readonly FacetValueCache _facetValues = new();
    private readonly SearchSuggester _suggester = new(options);
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
        var rule = SearchFilters.VisibleTo(caller);
        var filter = Combine(rule, requested.Value);
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
        // Scores from what the caller may see only (see VisibleStatistics): hidden documents move no reader's score.
        var searcher = rule is null ? lease.Searcher : _visible.SearcherFor(lease.Searcher.IndexReader, rule);
        // Built over the reader it runs on: the open ends of a phrase expand into that reader's terms, and only those a
        // document the caller may see holds (a term of hidden documents alone would add its idf to the phrase's weight).
        var reader = searcher.IndexReader;
        var builder = new SearchQueryBuilder(index.Words, index.Bigrams, options, reader, synonyms?.Current,
            rule is null ? null : term => _visible.DocFreq(reader, rule, term) > 0);
        var query = builder.Build(parsed.Value);
        if (!query.IsSuccess)
            return query.Error!;
        var sort = SortFor(request.Order);
        var slices = SlicedSearch.SliceCount(reader, options.SearchSlices, options.MinDocumentsPerSlice);
        var tops = new TopFieldCollector[slices];
        var facets = request.WithFacets ? new FacetCollector[slices] : null;
        var collectors = new ICollector[slices];
        for (var i = 0; i < slices; i++)
        {
            tops[i] = TopFieldCollector.Create(sort, size.Value + 1, after,
                fillFields: true, trackDocScores: true, trackMaxScore: false, docsScoredInOrder: false);
            ICollector collector = tops[i];
            if (facets is not null)
                collector = MultiCollector.Wrap(collector, facets[i] = new FacetCollector(_facetValues));
            collectors[i] = new DeadlineCollector(collector, deadline, cancellationToken);
        }
        try
        {
            SlicedSearch.Search(searcher, query.Value, filter, collectors, cancellationToken);
        }
        catch (TimeoutException)
        {
            return new Error(ErrorCodes.Timeout, string.Create(CultureInfo.InvariantCulture,
                $"The search was stopped after {options.Timeout.TotalSeconds:0.###} s. Add a rarer word, a \"phrase\" or a filter (kind, date range, organisation) to narrow it."));
        }

        // Every slice kept its own best size + 1; the merge keeps the best of those in the same order (the sort ends
        // with the key, so no two hits tie).
        var topDocs = slices == 1 ? tops[0].GetTopDocs() : TopDocs.Merge(sort, size.Value + 1, tops.Select(t => t.GetTopDocs()).ToArray());
        var totalHits = topDocs.TotalHits;
        var docs = topDocs.ScoreDocs;
        var highlightTerms = request.WithHighlights ? _highlighter.Prepare(parsed.Value.Required.SelectMany(g => g).SelectMany(builder.HighlightTerms)) : null;
        var hits = new List<SearchHit>(Math.Min(docs.Length, size.Value));
        foreach (var doc in docs.Take(size.Value).Cast<FieldDoc>())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (kind, id) = SearchFields.ParseKey(((BytesRef)doc.Fields[^1]).Utf8ToString());
            var highlights = highlightTerms is null || request.HighlightLater ? [] : Highlight(highlightTerms, reader, doc.Doc);
            hits.Add(new SearchHit(kind, id, doc.Score, SearchCursor.Encode(request.Order, doc), highlights));
        }
        var suggestion = after is null
            ? Suggest(request.Query, parsed.Value, totalHits, searcher, filter, builder, expandsTo: rule is null ? null : term => _visible.DocFreq(reader, rule, term) > 0, cancellationToken)
            : null;
        return new SearchResults(hits, totalHits, HasNextPage: docs.Length > size.Value, HasPreviousPage: after is not null,
            facets is null ? null : FacetCollector.Merge(facets, options.MaxFacetValues))
        {
            Highlighting = highlightTerms is null ? null : new SearchHighlighting(_highlighter, highlightTerms),
            Expansions = builder.Expansions,
            Suggestion = suggestion,
        };
    }

    /// <summary>
    /// The corrected query for a search with zero or few results, counted with the caller's own searcher and filter
    /// (visibility and the filters asked for), so that it never comes from, or counts, what the caller may not see.
    /// </summary>
    private SearchSuggestion? Suggest(string text, ParsedQuery parsed, int totalCount, IndexSearcher searcher, Filter? filter,
        SearchQueryBuilder builder, Func<Term, bool>? expandsTo, CancellationToken cancellationToken)
    {
        int Count(Query query)
        {
            var counter = new TotalHitCountCollector();
            searcher.Search(BitsFirst.Filter(query, filter), counter);
            return counter.TotalHits;
        }
        int CountQuery(string corrected)
        {
            var reparsed = SearchQuerySyntax.Parse(corrected, options.MaxQueryLength, options.MaxQueryTerms);
            if (!reparsed.IsSuccess)
                return 0;
            var query = new SearchQueryBuilder(index.Words, index.Bigrams, options, searcher.IndexReader, synonyms?.Current, expandsTo).Build(reparsed.Value);
            return query.IsSuccess ? Count(query.Value) : 0;
        }
        return _suggester.Suggest(text, parsed, totalCount, searcher.IndexReader, builder.Exact, Count, CountQuery, cancellationToken);
    }

    /// <summary>
    /// The documents most like one, visible to the caller, never the document itself: MoreLikeThis's method (its
    /// bigrams, each weighted by its frequency in the document times its idf, the 30 heaviest as the query) with every
    /// document frequency counted over what the caller may see, so hidden documents pick no term and move no rank.
    /// Empty when the document is not (yet) in the index.
    /// </summary>
    public IReadOnlyList<(DocumentKind Kind, string Id)> Related(DocumentKind kind, string id, Caller caller, int first)
    {
        if (first <= 0)
            return [];
        var key = SearchFields.KeyOf(kind, id);
        using var lease = index.Acquire();
        var rule = SearchFilters.VisibleTo(caller);
        var searcher = rule is null ? lease.Searcher : _visible.SearcherFor(lease.Searcher.IndexReader, rule);
        var reader = searcher.IndexReader;
        var self = new TermQuery(new Term(SearchFields.Key, key));
        var found = searcher.Search(self, 1).ScoreDocs;
        if (found.Length == 0)
            return [];
        var like = LikeQuery(reader, found[0].Doc, rule);
        if (like.Clauses.Count == 0)
            return [];
        var query = new BooleanQuery { { like, Occur.MUST }, { self, Occur.MUST_NOT } };
        // Ties in score go by key, as in search's best-match order: by position they would follow how this instance's
        // index happened to be built, and two instances over one store would list equally similar documents differently.
        var hits = searcher.Search(BitsFirst.Filter(query, rule is null ? null : _visible.FilterFor(rule)), first, _bestMatch).ScoreDocs;
        return hits.Select(h => SearchFields.ParseKey(SearchIndexReading.KeyOf(reader, h.Doc))).ToList();
    }

    /// <summary>The "more like this" query for one entry: its stored bigram fields' terms, weighted by tf × idf over the visible documents.</summary>
    private BooleanQuery LikeQuery(IndexReader reader, int doc, Query? rule)
    {
        string[] fields = [SearchFields.TitleBigrams, SearchFields.TextBigrams];
        var stored = reader.Document(doc);
        var frequencies = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var field in fields)
        {
            foreach (var text in stored.GetValues(field))
            {
                foreach (var (value, _, _) in SearchQueryBuilder.Analyze(index.Bigrams, field, text).Take(RelatedMaxTokensPerField))
                    frequencies[value] = frequencies.GetValueOrDefault(value) + 1;
            }
        }
        var documents = rule is null ? reader.NumDocs : _visible.VisibleCount(reader, rule);
        var similarity = new Lucene.Net.Search.Similarities.DefaultSimilarity();
        var scored = new List<(string Word, string Field, float Score)>(frequencies.Count);
        foreach (var (word, frequency) in frequencies)
        {
            // The field where the word is most common, as MoreLikeThis picks it.
            var (field, docFreq) = fields.Select(f => (f, DocFreq(reader, rule, new Term(f, word)))).MaxBy(p => p.Item2);
            if (docFreq == 0)
                continue;
            scored.Add((word, field, frequency * similarity.Idf(docFreq, documents)));
        }
        var query = new BooleanQuery();
        foreach (var (word, field, _) in scored.OrderByDescending(s => s.Score).ThenBy(s => s.Word, StringComparer.Ordinal).Take(RelatedTerms))
            query.Add(new TermQuery(new Term(field, word)), Occur.SHOULD);
        return query;
    }

    private long DocFreq(IndexReader reader, Query? rule, Term term) => rule is null ? reader.DocFreq(term) : _visible.DocFreq(reader, rule, term);

    /// <summary>
    /// Visibility and the request's filters as one filter over cached per-segment bitsets: the visibility rule's, and
    /// one per clause of the request (a kind, a date range, an organisation), each kept for its next use by anyone.
    /// </summary>
    private Filter? Combine(Query? visibility, Query? requested)
    {
        var clauses = new List<(FilterBitsets, Query)>();
        if (visibility is not null)
            clauses.Add(_visible.Clause(visibility));
        if (requested is BooleanQuery { Clauses: var parts } && parts.All(c => c.Occur == Occur.MUST))
            clauses.AddRange(parts.Select(c => (_requested, c.Query)));
        else if (requested is not null)
            clauses.Add((_requested, requested));
        return clauses.Count == 0 ? null : new CachedConjunctionFilter(clauses);
    }

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
