namespace Dangjian.Core.Importing;

/// <summary>A non-blank line of the original text, cleaned (see <see cref="ChineseText.Clean"/>).</summary>
/// <param name="Number">1-based, counting every line of the original text, so warnings point where an editor looks.</param>
/// <param name="Indented">It starts with a paragraph indentation (full-width space, tab, two or more spaces).</param>
/// <param name="BlankBefore">A blank line comes before it.</param>
internal sealed record SourceLine(int Number, string Text, bool Indented, bool BlankBefore)
{
    public int Width { get; } = ChineseText.Width(Text);

    public override string ToString() => $"{Number}: {Text}";
}

/// <summary>How the text is laid out, which decides where its paragraphs end.</summary>
public enum TextLayout
{
    /// <summary>Typed or saved as text: every line is a paragraph.</summary>
    OneParagraphPerLine,

    /// <summary>
    /// Extracted from a PDF (or hard-wrapped): lines end where the page did, mostly in the middle of a sentence, and a
    /// paragraph is several lines.
    /// </summary>
    Wrapped,
}

internal static class SourceLines
{
    /// <summary>The non-blank lines of <paramref name="text"/>. Lines end at \n, \r\n or \r, as in any editor.</summary>
    public static IReadOnlyList<SourceLine> Read(string text)
    {
        var lines = new List<SourceLine>();
        var number = 0;
        var blankBefore = false;
        var rest = text.AsSpan();
        while (true)
        {
            number++;
            var end = rest.IndexOfAny('\r', '\n');
            var raw = end < 0 ? rest : rest[..end];
            var clean = ChineseText.Clean(raw);
            if (clean.Length == 0)
            {
                blankBefore = lines.Count > 0;
            }
            else
            {
                lines.Add(new SourceLine(number, clean, ChineseText.IsIndented(raw), blankBefore));
                blankBefore = false;
            }
            if (end < 0)
                break;
            var breakLength = rest[end] == '\r' && end + 1 < rest.Length && rest[end + 1] == '\n' ? 2 : 1;
            rest = rest[(end + breakLength)..];
        }
        return lines;
    }

    /// <summary>
    /// Wrapped when lines that run (nearly) the full width of the text mostly stop in mid-sentence. Typed text has
    /// long lines too, but they are whole paragraphs and end with 。 or ：; its lines without punctuation are short
    /// (headings, the signature).
    /// </summary>
    public static TextLayout DetectLayout(IReadOnlyList<SourceLine> lines)
    {
        if (lines.Count == 0)
            return TextLayout.OneParagraphPerLine;
        var full = Percentile(lines.Select(l => l.Width), 0.9);
        var wide = lines.Where(l => l.Width >= 16 && l.Width >= full * 0.7).ToList();
        var open = wide.Count(l => !Punctuation.EndsSentence(l.Text));
        return open >= 2 && open * 3 >= wide.Count ? TextLayout.Wrapped : TextLayout.OneParagraphPerLine;
    }

    /// <summary>The value below which <paramref name="fraction"/> of the values lie (nearest rank).</summary>
    public static int Percentile(IEnumerable<int> values, double fraction)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(fraction * sorted.Count) - 1, 0, sorted.Count - 1)];
    }
}
