using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Cjk;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Index;
using Lucene.Net.Search;

namespace Dangjian.Core.Search;

/// <summary>
/// Turns a <see cref="ParsedQuery"/> into a Lucene query. A quoted phrase, and an unquoted word that is kept whole
/// (<see cref="QueryWords"/>), matches where its bigrams occur in a row (in the title or the text), so Chinese text
/// is found as written wherever SmartCn cut it; where it also occurs as SmartCn words it scores higher, so a whole
/// word (防控) ranks above the same characters across a word boundary (预防控制). A question matches any of its
/// meaningful words (or a bigram of a long one), a term of three or more words all of them in any order; both are
/// ranked by how many words a document matches (coord) and BM25 over each, and most where the text occurs exactly
/// as typed.
/// Titles weigh <see cref="SearchOptions.TitleBoost"/>.
/// </summary>
/// <param name="expandsTo">
/// Which index terms an open end of a phrase may stand for; null for every term of <paramref name="reader"/>. A caller
/// who may not see everything passes "held by a document they may see": a term only hidden documents hold would
/// otherwise join the phrase, and its idf (summed into the phrase's weight) would move the scores of visible hits.
/// </param>
public sealed class SearchQueryBuilder(Analyzer words, Analyzer bigrams, SearchOptions weights, IndexReader? reader = null, SynonymList? synonyms = null,
    Func<Term, bool>? expandsTo = null)
{
    private readonly SynonymList _synonyms = synonyms ?? SynonymList.Empty;
    private readonly List<SearchExpansion> _expansions = [];

    /// <summary>The synonyms the last <see cref="Build"/> searched for besides what was typed, for the reader to see.</summary>
    public IReadOnlyList<SearchExpansion> Expansions => _expansions;

    private readonly float _titleBoost = weights.TitleBoost;

    /// <summary>The most index terms one open end of a phrase stands for (日 starts about 2,000 pairs in 100,000 laws).</summary>
    private const int MaxExpansions = 4096;

    /// <summary>The query, or an error when no word or phrase has anything searchable in it (only symbols).</summary>
    public Result<Query> Build(ParsedQuery parsed)
    {
        var query = new BooleanQuery(disableCoord: true);
        foreach (var group in parsed.Required)
        {
            var alternatives = group.Select(Term).OfType<Query>().ToList();
            if (alternatives.Count == 1)
            {
                query.Add(alternatives[0], Occur.MUST);
            }
            else if (alternatives.Count > 1)
            {
                var any = new BooleanQuery();
                foreach (var alternative in alternatives)
                    any.Add(alternative, Occur.SHOULD);
                query.Add(any, Occur.MUST);
            }
        }
        if (query.Clauses.Count == 0)
            return new Error(ErrorCodes.InvalidQuery, "The query has no letters, digits or characters to search for, only symbols.", ["query"]);
        foreach (var term in parsed.Excluded)
        {
            if (Match(MatchedText(term)) is { } match)
                query.Add(match, Occur.MUST_NOT);
        }
        return query;
    }

    /// <summary>
    /// What is highlighted for a term: the phrase, or the meaningful words of an unquoted run (each where it occurs).
    /// </summary>
    public IEnumerable<SearchTerm> HighlightTerms(SearchTerm term)
    {
        foreach (var expansion in _expansions)
        {
            if (expansion.Term == MatchedText(term) || ReadAsWords(term) is { } read && read.Words.Contains(expansion.Term))
            {
                foreach (var synonym in expansion.Synonyms)
                    yield return new SearchTerm(synonym, IsPhrase: true);
            }
        }
        if (ReadAsWords(term) is { } meaningful)
        {
            // Single characters would light up every 的-like occurrence; they only ever rank.
            foreach (var word in meaningful.Words.Where(w => w.Length > 1 || meaningful.Words.Count == 1))
                yield return new SearchTerm(word, IsPhrase: false);
            yield break;
        }
        yield return term with { Text = MatchedText(term) };
    }

    private static string MatchedText(SearchTerm term) => term.IsPhrase ? QueryWords.JoinHan(term.Text) : term.Text;

    private Query? Term(SearchTerm term)
    {
        var text = MatchedText(term);
        // The whole unquoted term as a synonym (新冠 → 新冠肺炎 …); a quoted phrase means exactly what it says.
        if (!term.IsPhrase && _synonyms.AlternativesOf(text) is { Count: > 0 })
            return WithSynonyms(text, Whole(text));
        return ReadAsWords(term) switch
        {
            { Words: [var only] } => WithSynonyms(only, Whole(only)),
            { } meaningful => Words(text, meaningful.Words, meaningful.Question),
            null => Whole(text),
        };
    }

    /// <summary>
    /// The word, or any of its synonyms (each matched whole, weighing <see cref="SearchOptions.SynonymBoost"/>), and
    /// the expansion recorded for the response.
    /// </summary>
    private Query? WithSynonyms(string text, Query? own)
    {
        var alternatives = _synonyms.AlternativesOf(text);
        if (alternatives.Count == 0)
            return own;
        var any = new BooleanQuery(disableCoord: true);
        if (own is not null)
            any.Add(own, Occur.SHOULD);
        var used = new List<string>();
        foreach (var alternative in alternatives)
        {
            if (Whole(alternative) is { } query)
            {
                query.Boost = weights.SynonymBoost;
                any.Add(query, Occur.SHOULD);
                used.Add(alternative);
            }
        }
        if (used.Count > 0 && !_expansions.Any(e => e.Term == text))
            _expansions.Add(new SearchExpansion(text, used));
        return any.Clauses.Count == 0 ? null : any;
    }

    /// <summary>
    /// The words an unquoted run is read as: a question (question words dropped), or a term of three or more words
    /// (突发公共卫生事件); null when it is matched whole.
    /// </summary>
    private (IReadOnlyList<string> Words, bool Question)? ReadAsWords(SearchTerm term)
    {
        if (term.IsPhrase || !QueryWords.ShouldSegment(term.Text))
            return null;
        var meaningful = QueryWords.Meaningful(words, term.Text, out var question);
        if (meaningful.Count == 0)
            return null;
        return question || meaningful.Count(w => w.Length > 1) > 2 ? (meaningful, question) : null;
    }

    /// <summary>One word or phrase: it must occur (bigrams); where it occurs as SmartCn words too, it scores higher.</summary>
    private Query? Whole(string text)
    {
        var match = Match(text);
        if (match is null)
            return null;
        var both = new BooleanQuery(disableCoord: true) { { match, Occur.MUST } };
        var ranking = Either(Phrase(words, SearchFields.TitleWords, text), Phrase(words, SearchFields.TextWords, text));
        if (ranking is not null)
        {
            ranking.Boost = weights.WordBoost;
            both.Add(ranking, Occur.SHOULD);
        }
        return both;
    }

    /// <summary>
    /// A run of words: both of two, or at least half of more, must occur (each as a whole word or as its bigrams), more of them score
    /// more (the coord of <see cref="SearchIndex.Similarity"/>), and the run as typed scores on top.
    /// </summary>
    private Query Words(string text, IReadOnlyList<string> meaningful, bool question)
    {
        var any = new BooleanQuery(disableCoord: false);
        var required = 0;
        foreach (var word in meaningful)
        {
            if (word.Length > 1)
            {
                if (WithSynonyms(word, Whole(word)) is { } whole)
                {
                    any.Add(whole, Occur.SHOULD);
                    required++;
                }
            }
            else if (Either(new TermQuery(new Term(SearchFields.TitleWords, word)), new TermQuery(new Term(SearchFields.TextWords, word))) is { } single)
            {
                // A one-character word (狗, 七) is searched as that word only (as the bigrams it starts it would match
                // everything), and it only ranks: it is never what makes a document match.
                any.Add(single, Occur.SHOULD);
            }
        }
        var query = new BooleanQuery(disableCoord: true);
        if (!question && required == any.Clauses.Count)
        {
            // A term written together (突发公共卫生事件): every word of it, in any order.
            any.MinimumNumberShouldMatch = required;
            query.Add(any, Occur.MUST);
        }
        else
        {
            // A question: any of its words, or any bigram of a long one (停车位 → 车位, the word the law uses), ranked
            // by how many words match (coord) and by BM25 over each.
            query.Add(any, Occur.SHOULD);
            var parts = new BooleanQuery(disableCoord: true);
            foreach (var word in meaningful.Where(w => w.Length > 2))
            {
                foreach (var (pair, _, _) in Analyze(bigrams, SearchFields.TextBigrams, word))
                {
                    parts.Add(new TermQuery(new Term(SearchFields.TitleBigrams, pair)) { Boost = _titleBoost }, Occur.SHOULD);
                    parts.Add(new TermQuery(new Term(SearchFields.TextBigrams, pair)), Occur.SHOULD);
                }
            }
            if (parts.Clauses.Count > 0)
            {
                parts.Boost = weights.PartialBoost;
                query.Add(parts, Occur.SHOULD);
            }
            query.MinimumNumberShouldMatch = 1;
        }
        if (Match(text) is { } exact)
        {
            exact.Boost = weights.ExactBoost;
            query.Add(exact, Occur.SHOULD);
        }
        return query;
    }

    /// <summary>Where the text occurs as written (its bigrams in a row), in the title or the text; null when nothing of it is searchable.</summary>
    public Query? Exact(string text) => Match(text);

    private Query? Match(string text) =>
        Either(Phrase(bigrams, SearchFields.TitleBigrams, text), Phrase(bigrams, SearchFields.TextBigrams, text));

    private BooleanQuery? Either(Query? title, Query? text)
    {
        if (title is null || text is null)
            return null;
        title.Boost = _titleBoost;
        return new BooleanQuery(disableCoord: true) { { title, Occur.SHOULD }, { text, Occur.SHOULD } };
    }

    /// <summary>
    /// The analysed text as a term or an exact phrase (tokens at their analysed positions); null when nothing is left.
    /// A lone Chinese character at either end of a phrase of bigrams (the 日 of 2021年1月1日, the 号 of …167号) is a
    /// pair in the text wherever more Chinese follows or precedes it (日起施行 → 日起, 167号文件 → 号文), so with a
    /// reader it stands for every pair it starts or ends; without one it must stand alone.
    /// </summary>
    private Query? Phrase(Analyzer analyzer, string field, string text)
    {
        var tokens = Analyze(analyzer, field, text);
        if (tokens.Count == 0)
            return null;
        if (tokens.Count == 1)
        {
            var (value, _, type) = tokens[0];
            // A lone Chinese character is indexed only inside pairs: find the pairs it starts (and itself, where it stood alone).
            return type == CJKBigramFilter.SINGLE_TYPE
                ? new PrefixQuery(new Term(field, value))
                : new TermQuery(new Term(field, value));
        }
        var openStart = tokens[0].Type == CJKBigramFilter.SINGLE_TYPE;
        var openEnd = tokens[^1].Type == CJKBigramFilter.SINGLE_TYPE;
        if (reader is not null && (openStart || openEnd))
        {
            var multi = new MultiPhraseQuery();
            for (var i = 0; i < tokens.Count; i++)
            {
                var (value, position, _) = tokens[i];
                var alternatives = new List<Term> { new(field, value) };
                if (i == 0 && openStart)
                    alternatives.AddRange(Expand(field, new WildcardQuery(new Term(field, "?" + value))));
                if (i == tokens.Count - 1 && openEnd)
                    alternatives.AddRange(Expand(field, new PrefixQuery(new Term(field, value))).Where(t => t.Text != value));
                multi.Add(alternatives.ToArray(), position);
            }
            return multi;
        }
        var phrase = new PhraseQuery();
        foreach (var (value, position, _) in tokens)
            phrase.Add(new Term(field, value), position);
        return phrase;
    }

    /// <summary>At most <see cref="MaxExpansions"/> index terms a wildcard or prefix stands for, in term order.</summary>
    private List<Term> Expand(string field, MultiTermQuery pattern)
    {
        var expanded = new List<Term>();
        if (MultiFields.GetTerms(reader, field) is not { } terms)
            return expanded;
        var compiled = pattern switch
        {
            WildcardQuery => new Lucene.Net.Util.Automaton.CompiledAutomaton(WildcardQuery.ToAutomaton(((WildcardQuery)pattern).Term)),
            PrefixQuery prefix => new Lucene.Net.Util.Automaton.CompiledAutomaton(Lucene.Net.Util.Automaton.BasicOperations.Concatenate(
                Lucene.Net.Util.Automaton.BasicAutomata.MakeString(prefix.Prefix.Text), Lucene.Net.Util.Automaton.BasicAutomata.MakeAnyString())),
            _ => throw new ArgumentException("Only wildcards and prefixes expand.", nameof(pattern)),
        };
        var termsEnum = compiled.GetTermsEnum(terms);
        while (expanded.Count < MaxExpansions && termsEnum.MoveNext())
        {
            var term = new Term(field, termsEnum.Term.Utf8ToString());
            if (expandsTo is null || expandsTo(term))
                expanded.Add(term);
        }
        return expanded;
    }

    internal static List<(string Value, int Position, string Type)> Analyze(Analyzer analyzer, string field, string text)
    {
        var tokens = new List<(string, int, string)>();
        using var stream = analyzer.GetTokenStream(field, text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        var increment = stream.AddAttribute<IPositionIncrementAttribute>();
        var type = stream.AddAttribute<ITypeAttribute>();
        stream.Reset();
        var position = -1;
        while (stream.IncrementToken())
        {
            position += increment.PositionIncrement;
            tokens.Add((term.ToString(), position, type.Type));
        }
        stream.End();
        return tokens;
    }
}
