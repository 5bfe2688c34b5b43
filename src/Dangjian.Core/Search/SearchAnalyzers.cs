using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Cjk;
using Lucene.Net.Analysis.Cn.Smart;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Util;

namespace Dangjian.Core.Search;

/// <summary>
/// Chinese text is analysed twice. <see cref="Words"/> (SmartCn) cuts it into dictionary words, which rank well;
/// <see cref="Bigrams"/> cuts it into overlapping character pairs, so any run of two or more characters is found
/// as a phrase of pairs even where SmartCn split it (防控, 习近平, 冠状病毒). Analyzers are thread-safe: each keeps
/// its token streams per thread and reuses them, so one instance serves every query and every indexing thread.
/// </summary>
public static class SearchAnalyzers
{
    internal const LuceneVersion Version = LuceneVersion.LUCENE_48;

    /// <summary>
    /// Between the values of a multi-valued field (a directive's sections, a story's people): large enough that no
    /// phrase matches across two values, and highlighted fragments never straddle them.
    /// </summary>
    private const int ValueGap = 100;

    public static Analyzer Words() => new WordAnalyzer();

    public static Analyzer Bigrams() => new BigramAnalyzer();

    /// <summary>The analyzer for an index writer: words for the word fields, bigrams for the bigram fields.</summary>
    public static Analyzer PerField(Analyzer words, Analyzer bigrams) =>
        new PerFieldAnalyzerWrapper(bigrams, new Dictionary<string, Analyzer>
        {
            [SearchFields.TitleWords] = words,
            [SearchFields.TextWords] = words,
        });

    private sealed class WordAnalyzer : Analyzer
    {
        protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
        {
            // What SmartChineseAnalyzer does (it lowercases Latin itself; its stop list is punctuation), with our value gap.
            var tokenizer = new HMMChineseTokenizer(reader);
            TokenStream stream = new PorterStemFilter(tokenizer);
            stream = new StopFilter(Version, stream, SmartChineseAnalyzer.DefaultStopSet);
            return new TokenStreamComponents(tokenizer, stream);
        }

        public override int GetPositionIncrementGap(string fieldName) => ValueGap;
    }

    private sealed class BigramAnalyzer : Analyzer
    {
        protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
        {
            // CJKAnalyzer without its stop words: every pair counts, 的 and 了 included, or phrases would have holes.
            var tokenizer = new StandardTokenizer(Version, reader);
            TokenStream stream = new CJKWidthFilter(tokenizer);
            stream = new LowerCaseFilter(Version, stream);
            stream = new CJKBigramFilter(stream);
            return new TokenStreamComponents(tokenizer, stream);
        }

        public override int GetPositionIncrementGap(string fieldName) => ValueGap;
    }
}
