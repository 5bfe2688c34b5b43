using Dangjian.Core.Access;
using Dangjian.Core.Documents;
using Dangjian.Core.Search;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;
using LuceneQuery = Lucene.Net.Search.Query;

namespace Dangjian.Bench;

/// <summary>
/// One query of the fixed mix: what a researcher types, and the same thing as plain terms for FTS5 and for the
/// ground truth (a document matches when each term occurs, as written, in its title or in one of its text parts).
/// </summary>
public sealed record MixQuery(string Name, string Text, string[] Terms, bool DirectivesSince2010 = false, bool Facets = false)
{
    public static readonly IReadOnlyList<MixQuery> All =
    [
        new("one word (3 chars)", "传染病", ["传染病"]),
        new("one word (2 chars)", "疫情", ["疫情"]),
        new("two words", "突发事件 应急", ["突发事件", "应急"]),
        new("two words (long)", "人民政府 行政处罚", ["人民政府", "行政处罚"]),
        new("phrase", "\"公共卫生事件\"", ["公共卫生事件"]),
        new("word + filter + facets", "安全", ["安全"], DirectivesSince2010: true, Facets: true),
    ];

    public static readonly DateOnly Since = new(2010, 1, 1);

    private const string Hit = "cursor score highlights { field fragments } node { __typename ... on Directive { id title issuedOn } ... on StudyMaterial { id title publishedOn } ... on Story { id title } ... on ActivityLog { id title } }";
    private const string Facet = "facets { kinds { value count } years { value count } organizations { organization { name } count } tags { value count } }";

    public BenchRequest ToRequest() => BenchRequest.GraphQL(Name,
        $"query ($q: String!, $where: SearchFilterInput) {{ search(query: $q, where: $where, first: 20) {{ totalCount pageInfo {{ hasNextPage endCursor }} edges {{ {Hit} }} {(Facets ? Facet : "")} }} }}",
        new { q = Text, where = DirectivesSince2010 ? new { kinds = new[] { "DIRECTIVE" }, date = new { from = Since.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) } } : null });

    public SearchRequest ToSearchRequest() => new()
    {
        Query = Text,
        Filter = DirectivesSince2010 ? new SearchFilter { Kinds = [Kinds.Directive], From = Since } : SearchFilter.None,
        First = 20,
        WithHighlights = true,
        WithFacets = Facets,
    };

    public bool Matches(BenchDocument document) =>
        (!DirectivesSince2010 || document.Kind == "Directive" && document.Date >= Since)
        && Terms.All(term => document.Title.Contains(term, StringComparison.Ordinal) || document.Parts.Any(p => p.Contains(term, StringComparison.Ordinal)));

    /// <summary>Every document the index matches (not just a page): the query and filter SearchService runs, collected whole.</summary>
    public HashSet<string> LuceneKeys(SearchIndex index, SearchOptions options)
    {
        var parsed = SearchQuerySyntax.Parse(Text, options.MaxQueryLength, options.MaxQueryTerms).Value;
        LuceneQuery query = new SearchQueryBuilder(index.Words, index.Bigrams, options).Build(parsed).Value;
        var filter = SearchFilters.Build(Caller.Anonymous, ToSearchRequest().Filter).Value;
        var keys = new HashSet<string>(StringComparer.Ordinal);
        using var lease = index.Acquire();
        SortedDocValues? values = null;
        var scratch = new BytesRef();
        lease.Searcher.Search(query, filter is null ? null : new QueryWrapperFilter(filter), Collector.NewAnonymous(
            setScorer: _ => { },
            collect: doc =>
            {
                values!.Get(doc, scratch);
                keys.Add(scratch.Utf8ToString());
            },
            setNextReader: context => values = context.AtomicReader.GetSortedDocValues(SearchFields.Key),
            acceptsDocsOutOfOrder: () => true));
        return keys;
    }
}

/// <summary>A searchable document's text as the index maps it (title; the other text one part per value), for FTS5 and the truth.</summary>
public sealed record BenchDocument(string Key, string Kind, DateOnly Date, string Title, IReadOnlyList<string> Parts)
{
    public long Characters => Title.Length + Parts.Sum(p => (long)p.Length);

    public static BenchDocument Of(Document document) => document switch
    {
        Directive d => new(MakeKey("Directive", d.Id), "Directive", d.IssuedOn, d.Title,
            [d.DocumentNumber ?? "", d.Preamble, .. d.Sections.SelectMany(s => new[] { s.Heading, s.Body }), .. d.Tags]),
        StudyMaterial m => new(MakeKey("StudyMaterial", m.Id), "StudyMaterial", m.PublishedOn, m.Title, [m.Summary, m.Body, m.Source ?? "", .. m.Tags]),
        ActivityLog a => new(MakeKey("ActivityLog", a.Id), "ActivityLog", DateOnly.FromDateTime(a.OccurredAt.ToOffset(TimeSpan.FromHours(8)).DateTime), a.Title,
            [a.Summary, a.Place ?? "", .. a.Tags]),
        Story s => new(MakeKey("Story", s.Id), "Story", DateOnly.FromDateTime((s.PublishedAt ?? s.SubmittedAt).ToOffset(TimeSpan.FromHours(8)).DateTime), s.Title,
            [s.Summary, s.Body, .. s.People, .. s.Tags]),
        _ => throw new ArgumentException($"{document.GetType().Name} is not searchable.", nameof(document)),
    };

    private static string MakeKey(string kind, string id) => kind + ":" + id;
}
