namespace Dangjian.Core.Importing;

internal static class Punctuation
{
    /// <summary>Marks that end a sentence or clause, full-width and ASCII (a period is not one: it ends numbers and addresses too).</summary>
    private const string SentenceEnds = "。！？；：…!?;:";

    /// <summary>Closing quotes and brackets that may follow the sentence end: 。” or 。）</summary>
    private const string Closers = "”’」』）)】》〕";

    /// <summary>Opening and closing brackets, for splitting lists only outside them: 各级党委（党组、党委）。</summary>
    private const string Openers = "（(【《〔「『“‘[";

    private const string AllClosers = "）)】》〕」』”’]";

    /// <summary>True when the line ends a sentence: 。！？；： maybe followed by a closing quote or bracket.</summary>
    public static bool EndsSentence(string text)
    {
        var end = text.AsSpan().TrimEnd(Closers);
        return end.Length > 0 && SentenceEnds.Contains(end[^1], StringComparison.Ordinal);
    }

    /// <summary>Splits on the separators outside any brackets: "各县市区委，市直单位党组（党委）" → two parts.</summary>
    public static IReadOnlyList<string> SplitOutsideBrackets(string text, string separators)
    {
        var parts = new List<string>();
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (Openers.Contains(c, StringComparison.Ordinal))
                depth++;
            else if (AllClosers.Contains(c, StringComparison.Ordinal))
                depth = Math.Max(0, depth - 1);
            else if (depth == 0 && separators.Contains(c, StringComparison.Ordinal))
            {
                parts.Add(text[start..i]);
                start = i + 1;
            }
        }
        parts.Add(text[start..]);
        return parts.Select(p => p.Trim()).Where(p => p.Length > 0).ToList();
    }

    /// <summary>The text up to the first 。 (exclusive), and the rest after it; no 。 → all of it and "".</summary>
    public static (string First, string Remainder) SplitFirstSentence(string text)
    {
        var stop = text.IndexOf('。', StringComparison.Ordinal);
        return stop < 0 ? (text, "") : (text[..stop], text[(stop + 1)..]);
    }
}
