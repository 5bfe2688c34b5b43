using Dangjian.Core.Access;
using Dangjian.Core.Documents;
using Dangjian.Core.Reading;
using Lucene.Net.Index;
using Lucene.Net.Queries.Mlt;
using Lucene.Net.Search;
using Lucene.Net.Search.Highlight;
using Lucene.Net.Search.VectorHighlight;
using Lucene.Net.Util;

namespace Dangjian.Core.Search;

/// <summary>
/// Searches the index on behalf of a caller. The caller's visibility is part of the Lucene query itself, so what
/// a caller may not see never reaches the hits, the total, the facets, the highlights or the related documents.
/// </summary>
public sealed class SearchService(SearchIndex index, SearchOptions options, PagingOptions paging)
{
    // Control characters never occur in documents (the encoder removes any): they mark matches in a fragment,
    // which is then split into parts, so that the API chooses the tags and escapes the text itself.
    private const char MatchStart = '\u0001';
    private const char MatchEnd = '\u0002';
    private static readonly string[] PreTags = [MatchStart.ToString()];
    private static readonly string[] PostTags = [MatchEnd.ToString()];

    /// <summary>Fragments end at Chinese and Latin sentence and clause punctuation where one is near.</summary>
    private static readonly char[] Boundaries = ['。', '！', '？', '；', '，', '、', '：', '.', '!', '?', ';', ',', ' ', '\t', '\n'];

    private readonly SearchQueryBuilder _builder = new(index.Words, index.Bigrams, options.TitleBoost);
    private readonly FastVectorHighlighter _highlighter = new(phraseHighlight: true, fieldMatch: true);
    private readonly IFragListBuilder _wholeField = new SingleFragListBuilder();
    private readonly IFragListBuilder _fragments = new SimpleFragListBuilder();
    private readonly IFragmentsBuilder _titleBuilder = new SimpleFragmentsBuilder(PreTags, PostTags);
    private readonly IFragmentsBuilder _textBuilder = new ScoreOrderFragmentsBuilder(PreTags, PostTags, new SimpleBoundaryScanner(20, Boundaries))
    {
        IsDiscreteMultiValueHighlighting = true,
    };
    private readonly IEncoder _encoder = new MarkerSafeEncoder();
    private readonly Sort _relevance = new(
        new SortField(SearchFields.Kind, new KindTierComparerSource(TiersByTypeName(options.KindTiers)), reverse: true),
        SortField.FIELD_SCORE, new SortField(SearchFields.Key, SortFieldType.STRING));
    private readonly Sort _bestMatch = new(SortField.FIELD_SCORE, new SortField(SearchFields.Key, SortFieldType.STRING));
    private readonly Sort _newest = new(new SortField(SearchFields.Date, SortFieldType.INT64, reverse: true), new SortField(SearchFields.Key, SortFieldType.STRING));
    private readonly Sort _oldest = new(new SortField(SearchFields.Date, SortFieldType.INT64), new SortField(SearchFields.Key, SortFieldType.STRING));

    public Result<SearchResults> Search(SearchRequest request, Caller caller, CancellationToken cancellationToken)
    {
        var size = paging.CheckPageSize(request.First, "first");
        if (!size.IsSuccess)
            return size.Error!;
        var parsed = SearchQuerySyntax.Parse(request.Query, options.MaxQueryLength, options.MaxQueryTerms);
        if (!parsed.IsSuccess)
            return parsed.Error!;
        var query = _builder.Build(parsed.Value);
        if (!query.IsSuccess)
            return query.Error!;
        var filter = SearchFilters.Build(caller, request.Filter);
        if (!filter.IsSuccess)
            return filter.Error!;
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
        var top = TopFieldCollector.Create(SortFor(request.Order), size.Value + 1, after,
            fillFields: true, trackDocScores: true, trackMaxScore: false, docsScoredInOrder: false);
        var facets = request.WithFacets ? new FacetCollector() : null;
        searcher.Search(query.Value, filter.Value is { } f ? new QueryWrapperFilter(f) : null,
            facets is null ? top : MultiCollector.Wrap(top, facets));

        var docs = top.GetTopDocs().ScoreDocs;
        var fieldQuery = request.WithHighlights ? _highlighter.GetFieldQuery(query.Value, searcher.IndexReader) : null;
        var hits = new List<SearchHit>(Math.Min(docs.Length, size.Value));
        foreach (var doc in docs.Take(size.Value).Cast<FieldDoc>())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (kind, id) = SearchFields.ParseKey(((BytesRef)doc.Fields[^1]).Utf8ToString());
            var highlights = fieldQuery is null ? [] : Highlight(fieldQuery, searcher.IndexReader, doc.Doc);
            hits.Add(new SearchHit(kind, id, doc.Score, SearchCursor.Encode(request.Order, doc), highlights));
        }
        return new SearchResults(hits, top.TotalHits, HasNextPage: docs.Length > size.Value, HasPreviousPage: after is not null,
            facets?.Result(options.MaxFacetValues));
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
        var visible = SearchFilters.VisibleTo(caller);
        var hits = searcher.Search(query, visible is null ? null : new QueryWrapperFilter(visible), first).ScoreDocs;
        return hits.Select(h => SearchFields.ParseKey(SearchIndexReading.KeyOf(searcher.IndexReader, h.Doc))).ToList();
    }

    private List<SearchHighlight> Highlight(FieldQuery fieldQuery, IndexReader topReader, int topDoc)
    {
        // On the hit's own segment: FVH asks the reader for each matched term's document frequency, which on the
        // top-level reader means a term lookup in every segment, per term, per hit.
        var leaf = topReader.Leaves[ReaderUtil.SubIndex(topDoc, topReader.Leaves)];
        var reader = leaf.AtomicReader;
        var doc = topDoc - leaf.DocBase;
        var highlights = new List<SearchHighlight>(2);
        var title = _highlighter.GetBestFragments(fieldQuery, reader, doc, SearchFields.TitleBigrams, options.FragmentSize, 1,
            _wholeField, _titleBuilder, PreTags, PostTags, _encoder);
        if (title is { Length: > 0 })
            highlights.Add(new SearchHighlight(SearchHighlightField.Title, title.Select(Split).ToList()));
        var text = _highlighter.GetBestFragments(fieldQuery, reader, doc, SearchFields.TextBigrams, options.FragmentSize, options.MaxFragments,
            _fragments, _textBuilder, PreTags, PostTags, _encoder);
        if (text is { Length: > 0 })
            highlights.Add(new SearchHighlight(SearchHighlightField.Text, text.Select(Split).ToList()));
        return highlights;
    }

    private static HighlightedText Split(string fragment)
    {
        var parts = new List<(string, bool)>();
        var start = 0;
        var inMatch = false;
        for (var i = 0; i <= fragment.Length; i++)
        {
            if (i < fragment.Length && fragment[i] is not (MatchStart or MatchEnd))
                continue;
            if (i > start)
                parts.Add((fragment[start..i], inMatch));
            if (i < fragment.Length)
                inMatch = fragment[i] == MatchStart;
            start = i + 1;
        }
        return new HighlightedText(parts);
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

    private sealed class MarkerSafeEncoder : IEncoder
    {
        public string EncodeText(string originalText) =>
            originalText.Contains(MatchStart, StringComparison.Ordinal) || originalText.Contains(MatchEnd, StringComparison.Ordinal)
                ? originalText.Replace(MatchStart, ' ').Replace(MatchEnd, ' ')
                : originalText;
    }
}
