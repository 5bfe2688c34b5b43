using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Cjk;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Index;
using Lucene.Net.Search;

namespace Dangjian.Core.Search;

/// <summary>
/// Turns a <see cref="ParsedQuery"/> into a Lucene query. A word or phrase matches where its bigrams occur in a
/// row (in the title or the text), so Chinese text is found as written, wherever SmartCn cut it; the same words
/// cut by SmartCn add to the score where they occur as words. Titles weigh <see cref="SearchOptions.TitleBoost"/>.
/// </summary>
public sealed class SearchQueryBuilder(Analyzer words, Analyzer bigrams, float titleBoost)
{
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
            if (Match(term) is { } match)
                query.Add(match, Occur.MUST_NOT);
        }
        return query;
    }

    /// <summary>One word or phrase: it must occur (bigrams); where it occurs as SmartCn words too, it scores higher.</summary>
    private Query? Term(SearchTerm term)
    {
        var match = Match(term);
        if (match is null)
            return null;
        var both = new BooleanQuery(disableCoord: true) { { match, Occur.MUST } };
        var ranking = Either(Phrase(words, SearchFields.TitleWords, term.Text), Phrase(words, SearchFields.TextWords, term.Text));
        if (ranking is not null)
            both.Add(ranking, Occur.SHOULD);
        return both;
    }

    private Query? Match(SearchTerm term) =>
        Either(Phrase(bigrams, SearchFields.TitleBigrams, term.Text), Phrase(bigrams, SearchFields.TextBigrams, term.Text));

    private BooleanQuery? Either(Query? title, Query? text)
    {
        if (title is null || text is null)
            return null;
        title.Boost = titleBoost;
        return new BooleanQuery(disableCoord: true) { { title, Occur.SHOULD }, { text, Occur.SHOULD } };
    }

    /// <summary>The analysed text as a term or an exact phrase (tokens at their analysed positions); null when nothing is left.</summary>
    private static Query? Phrase(Analyzer analyzer, string field, string text)
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
        var phrase = new PhraseQuery();
        foreach (var (value, position, _) in tokens)
            phrase.Add(new Term(field, value), position);
        return phrase;
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
