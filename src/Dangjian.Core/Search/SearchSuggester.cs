using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util.Automaton;

namespace Dangjian.Core.Search;

/// <summary>A word of the query and what the suggestion puts in its place.</summary>
public sealed record SearchCorrection(string From, string To);

/// <summary>"Did you mean": the query with its likely misspellings corrected, and how many documents it would find.</summary>
public sealed record SearchSuggestion(string Query, int TotalCount, IReadOnlyList<SearchCorrection> Corrections);

/// <summary>
/// Suggests the likely query when a search finds nothing or little (习进平 → 习近平, 联防连控 → 联防联控, 网格圆 → 网格员),
/// from the index's own vocabulary: a word of Chinese characters is compared with every word one character away from
/// it that the text holds (a character replaced, the commonest slip of a pinyin or handwriting input method), and the
/// one the most documents hold wins, if it is much more common than what was typed.
/// <para>
/// Candidates come from the bigram terms: a character at position i may become c where the pairs (w[i−1], c) and
/// (c, w[i+1]) are both in the index, so only spellings the archive writes are tried. Each candidate is then counted
/// as a phrase over the documents the caller may see, with the search's own filter: a suggestion, and its count,
/// come only from visible documents, so a word that only hidden documents hold is never offered (which would both
/// mislead and leak it). Which candidates are counted is chosen by the whole index's pair frequencies (counting every
/// candidate over visible documents would cost too much); that choice decides what is tried, never what is shown.
/// </para>
/// <para>
/// No pinyin or shape table is available to the project (none is a package it may use), so homophones and similar
/// shapes get no bonus: among one-character corrections the most frequent wins, which found the intended word for
/// every near miss of issue 18.
/// </para>
/// </summary>
internal sealed class SearchSuggester(SearchOptions options)
{
    /// <summary>Words longer than this are not corrected (a sentence is read as words anyway).</summary>
    private const int MaxWordLength = 12;

    /// <summary>Candidates per character position counted over visible documents, the commonest pairs first.</summary>
    private const int MaxCandidatesPerPosition = 24;

    /// <summary>Terms an open pair (w[i−1], ?) or (?, w[i+1]) is read from, at most.</summary>
    private const int MaxPairs = 4096;

    /// <summary>
    /// The suggestion for a search that found <paramref name="totalCount"/> documents, or null.
    /// <paramref name="count"/> counts the documents a query matches for the caller (visibility and filters applied);
    /// <paramref name="match"/> is the query a word or phrase matches with.
    /// </summary>
    public SearchSuggestion? Suggest(string queryText, ParsedQuery parsed, int totalCount, IndexReader reader,
        Func<string, Query?> match, Func<Query, int> count, Func<string, int> countQuery, CancellationToken cancellationToken)
    {
        if (totalCount > options.SuggestBelow)
            return null;
        var corrections = new List<SearchCorrection>();
        foreach (var term in parsed.Required.SelectMany(g => g).DistinctBy(t => t.Text))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var word = QueryWords.JoinHan(term.Text).Trim();
            if (word.Length is < 2 or > MaxWordLength || !word.All(IsHan))
                continue;
            var own = match(word) is { } ownQuery ? count(ownQuery) : 0;
            var best = Candidates(reader, word)
                .Select(candidate => (Candidate: candidate, Count: match(candidate) is { } q ? count(q) : 0))
                .Where(c => c.Count > 0 && c.Count > own * options.SuggestFactor)
                .OrderByDescending(c => c.Count)
                .ThenBy(c => c.Candidate, StringComparer.Ordinal)
                .FirstOrDefault();
            if (best.Candidate is not null)
                corrections.Add(new SearchCorrection(term.Text, best.Candidate));
        }
        if (corrections.Count == 0)
            return null;
        var corrected = queryText;
        foreach (var (from, to) in corrections)
        {
            var at = corrected.IndexOf(from, StringComparison.Ordinal);
            if (at >= 0)
                corrected = string.Concat(corrected.AsSpan(0, at), to, corrected.AsSpan(at + from.Length));
        }
        var found = countQuery(corrected);
        return found > totalCount ? new SearchSuggestion(corrected, found, corrections) : null;
    }

    /// <summary>Every spelling one character away from <paramref name="word"/> whose changed pairs the index holds.</summary>
    private static List<string> Candidates(IndexReader reader, string word)
    {
        var candidates = new List<string>();
        if (MultiFields.GetTerms(reader, SearchFields.TextBigrams) is not { } terms)
            return candidates;
        for (var i = 0; i < word.Length; i++)
        {
            // The pairs the new character would form with its neighbours: (left, ?) where there is a left neighbour, else (?, right).
            var (pattern, at) = i > 0
                ? (BasicOperations.Concatenate(BasicAutomata.MakeChar(word[i - 1]), BasicAutomata.MakeAnyChar()), 1)
                : (BasicOperations.Concatenate(BasicAutomata.MakeAnyChar(), BasicAutomata.MakeChar(word[i + 1])), 0);
            var pairs = new List<(char Character, int DocFreq)>();
            var termsEnum = new CompiledAutomaton(pattern).GetTermsEnum(terms);
            while (pairs.Count < MaxPairs && termsEnum.MoveNext())
            {
                var pair = termsEnum.Term.Utf8ToString();
                if (pair.Length != 2 || pair[at] == word[i] || !IsHan(pair[at]))
                    continue;
                var character = pair[at];
                // Both neighbours must pair with it somewhere in the archive.
                var docFreq = termsEnum.DocFreq;
                if (i > 0 && i < word.Length - 1)
                {
                    var right = reader.DocFreq(new Term(SearchFields.TextBigrams, new string([character, word[i + 1]])));
                    if (right == 0)
                        continue;
                    docFreq = Math.Min(docFreq, right);
                }
                pairs.Add((character, docFreq));
            }
            foreach (var (character, _) in pairs.OrderByDescending(p => p.DocFreq).ThenBy(p => p.Character).Take(MaxCandidatesPerPosition))
                candidates.Add(string.Concat(word.AsSpan(0, i), character.ToString(), word.AsSpan(i + 1)));
        }
        return candidates;
    }

    private static bool IsHan(char c) => c is >= '\u4E00' and <= '\u9FFF' or >= '\u3400' and <= '\u4DBF';
}
