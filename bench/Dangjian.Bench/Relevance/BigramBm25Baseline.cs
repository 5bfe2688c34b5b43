using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Cjk;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Lucene.Net.Util;

namespace Dangjian.Bench.Relevance;

/// <summary>
/// The plainest search that knows no Chinese words: Lucene's CJKAnalyzer (overlapping character pairs, Latin words
/// whole, its default English stop words) over one field holding the title and the text, ranked by BM25 with default
/// parameters. A query is every pair of what was typed, any of them may match (OR), as Lucene's classic query
/// parser builds it; no phrase, no title weight, no syntax (quotes and minus signs are dropped with the punctuation).
/// </summary>
public sealed class BigramBm25Baseline : IDisposable
{
    private const string Content = "content";
    private const string Key = "key";
    private const LuceneVersion Version = LuceneVersion.LUCENE_48;

    private readonly FSDirectory _directory;
    private readonly Analyzer _analyzer = new CJKAnalyzer(Version);
    private readonly BM25Similarity _similarity = new();
    private DirectoryReader? _reader;
    private IndexSearcher? _searcher;

    public BigramBm25Baseline(string path)
    {
        _directory = FSDirectory.Open(path);
    }

    public void Build(IEnumerable<BenchDocument> documents)
    {
        var config = new IndexWriterConfig(Version, _analyzer) { OpenMode = OpenMode.CREATE, Similarity = _similarity, RAMBufferSizeMB = 64 };
        using (var writer = new IndexWriter(_directory, config))
        {
            foreach (var document in documents)
            {
                writer.AddDocument(new Lucene.Net.Documents.Document
                {
                    new StringField(Key, document.Key, Field.Store.YES),
                    new TextField(Content, document.Title + "\n" + string.Join('\n', document.Parts.Where(p => p.Length > 0)), Field.Store.NO),
                });
            }
            writer.Commit();
        }
        Open();
    }

    /// <summary>Opens an index built before (a kept work folder).</summary>
    public void Open()
    {
        _reader = DirectoryReader.Open(_directory);
        _searcher = new IndexSearcher(_reader) { Similarity = _similarity };
    }

    /// <summary>The keys of the best <paramref name="count"/> documents, best first.</summary>
    public IReadOnlyList<string> Search(string text, int count)
    {
        var searcher = _searcher ?? throw new InvalidOperationException("Build the index first.");
        var query = new BooleanQuery();
        foreach (var pair in Pairs(text).Distinct(StringComparer.Ordinal))
            query.Add(new TermQuery(new Term(Content, pair)), Occur.SHOULD);
        if (query.Clauses.Count == 0)
            return [];
        return searcher.Search(query, count).ScoreDocs.Select(hit => searcher.Doc(hit.Doc).Get(Key)).ToList();
    }

    private List<string> Pairs(string text)
    {
        var pairs = new List<string>();
        using var stream = _analyzer.GetTokenStream(Content, text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
            pairs.Add(term.ToString());
        stream.End();
        return pairs;
    }

    public void Dispose()
    {
        _reader?.Dispose();
        _analyzer.Dispose();
        _directory.Dispose();
    }
}
