namespace Dangjian.Core.Search;

/// <summary>A word or a quoted phrase of a query, as the user wrote it.</summary>
public sealed record SearchTerm(string Text, bool IsPhrase);

/// <summary>
/// A parsed query: every group must match (a group of several terms is an OR: any of them), and no excluded
/// term may. Plain data, so that the syntax is tested without an index.
/// </summary>
public sealed record ParsedQuery(IReadOnlyList<IReadOnlyList<SearchTerm>> Required, IReadOnlyList<SearchTerm> Excluded);

/// <summary>
/// The query language, small enough to use without training: words, "quoted phrases", -word to exclude, and OR
/// between two words. Nothing else is syntax: field:value, wildcards, ~, brackets are just characters, which the
/// analyzers then drop, so no input can make Lucene's own parser fail or run something expensive.
/// Anything odd is read as plain words: an unbalanced quote is ignored, an OR without a word on each side is the word "OR".
/// </summary>
public static class SearchQuerySyntax
{
    private const string Or = "OR";

    public static Result<ParsedQuery> Parse(string? text, int maxLength, int maxTerms)
    {
        if (string.IsNullOrWhiteSpace(text))
            return Invalid("Enter a word or a \"quoted phrase\" to search for.");
        if (text.Length > maxLength)
            return Invalid($"The query is {text.Length} characters long; at most {maxLength} are searched. Shorten it to its key words.");

        var tokens = Tokenize(text);
        if (tokens.Count > maxTerms)
            return Invalid($"The query has {tokens.Count} words and phrases; at most {maxTerms} are searched.");

        var required = new List<List<SearchTerm>>();
        var excluded = new List<SearchTerm>();
        var orPending = false;
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            var operand = i > 0 && !tokens[i - 1].Excluded && i + 1 < tokens.Count && !tokens[i + 1].Excluded;
            if (token.IsBareOr && !orPending && operand)
            {
                orPending = true;
            }
            else if (token.Excluded)
            {
                excluded.Add(token.Term);
            }
            else if (orPending)
            {
                required[^1].Add(token.Term);
                orPending = false;
            }
            else
            {
                required.Add([token.Term]);
            }
        }
        if (required.Count == 0)
            return Invalid("Add at least one word to find: a query of -words only excludes, it finds nothing.");
        return new ParsedQuery(required, excluded);
    }

    private static Error Invalid(string message) => new(ErrorCodes.InvalidQuery, message, ["query"]);

    private static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < text.Length)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                i++;
                continue;
            }
            var excluded = false;
            if (text[i] == '-' && i + 1 < text.Length && !char.IsWhiteSpace(text[i + 1]))
            {
                excluded = true;
                i++;
            }
            if (ClosingQuote(text[i]) is { } close)
            {
                var end = text.IndexOf(close, i + 1);
                if (end > i)
                {
                    var phrase = text[(i + 1)..end].Trim();
                    if (phrase.Length > 0)
                        tokens.Add(new Token(new SearchTerm(phrase, IsPhrase: true), excluded, IsBareOr: false));
                    i = end + 1;
                    continue;
                }
                // No closing quote: read what follows as plain words.
                i++;
                continue;
            }
            var start = i;
            while (i < text.Length && !char.IsWhiteSpace(text[i]) && ClosingQuote(text[i]) is null)
                i++;
            var word = text[start..i];
            tokens.Add(new Token(new SearchTerm(word, IsPhrase: false), excluded, IsBareOr: !excluded && word == Or));
        }
        return tokens;
    }

    /// <summary>Straight quotes, and the curly and corner quotes Chinese input methods type.</summary>
    private static char? ClosingQuote(char c) => c switch
    {
        '"' => '"',
        '\uFF02' => '\uFF02', // ＂
        '\u201C' => '\u201D', // “ ”
        '\u300C' => '\u300D', // 「 」
        _ => null,
    };

    private sealed record Token(SearchTerm Term, bool Excluded, bool IsBareOr);
}
