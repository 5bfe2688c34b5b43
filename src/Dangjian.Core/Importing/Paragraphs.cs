namespace Dangjian.Core.Importing;

/// <summary>A paragraph rejoined from its lines; <paramref name="Line"/> is where it starts in the original text.</summary>
internal sealed record Paragraph(string Text, int Line);

/// <summary>
/// Rejoins lines into paragraphs. Typed text has one paragraph per line. In text extracted from a PDF a line ends
/// wherever the page did, so a paragraph ends between two lines only when
/// <list type="number">
/// <item>this line ends a sentence (。！？；： maybe before ” or ）) and the next starts a paragraph: it is indented,
/// starts a numbered item (一、 （一） 1.) or is the closing formula (特此通知);</item>
/// <item>or this line stops short of the margin (more than 15% narrower than a full line): justified Chinese text
/// fills every line but a paragraph's last one and a heading's, and extractors often drop the indentation that
/// would otherwise tell;</item>
/// <item>or a blank line separates them, in a text where blank lines are rare enough to mean something (the founding
/// notice has one after every line, so there they mean nothing).</item>
/// </list>
/// A line that merely starts with a space is not indented: extractors leave one at the top of a page.
/// </summary>
internal static class Paragraphs
{
    /// <summary>How much narrower than a full line a paragraph's last line is, at least.</summary>
    private const double ShortLine = 0.85;

    public static IReadOnlyList<Paragraph> Join(IReadOnlyList<SourceLine> lines, TextLayout layout, bool blankLinesSeparate)
    {
        if (layout == TextLayout.OneParagraphPerLine)
            return lines.Select(l => new Paragraph(l.Text, l.Number)).ToList();

        var fullWidth = SourceLines.Percentile(lines.Select(l => l.Width), 0.8);
        var paragraphs = new List<Paragraph>();
        var pieces = new List<string>();
        var start = 0;
        for (var i = 0; i < lines.Count; i++)
        {
            if (i > 0 && EndsBetween(lines[i - 1], lines[i], fullWidth, blankLinesSeparate))
            {
                paragraphs.Add(new Paragraph(ChineseText.Join(pieces), lines[start].Number));
                pieces.Clear();
                start = i;
            }
            pieces.Add(lines[i].Text);
        }
        if (pieces.Count > 0)
            paragraphs.Add(new Paragraph(ChineseText.Join(pieces), lines[start].Number));
        return paragraphs;
    }

    /// <summary>Whether a paragraph ends between <paramref name="line"/> and <paramref name="next"/> (rules in the class summary).</summary>
    public static bool EndsBetween(SourceLine line, SourceLine next, int fullWidth, bool blankLinesSeparate)
    {
        if (blankLinesSeparate && next.BlankBefore)
            return true;
        if (line.Width < fullWidth * ShortLine)
            return true;
        var nextStartsParagraph = next.Indented || DocumentPatterns.StartsItem(next.Text) || DocumentPatterns.IsClosing(next.Text);
        return nextStartsParagraph && Punctuation.EndsSentence(line.Text);
    }

    /// <summary>
    /// Whether blank lines mark paragraphs: not when most lines have one before them (a PDF extractor's double
    /// spacing), yes when they are occasional.
    /// </summary>
    public static bool BlankLinesSeparate(IReadOnlyList<SourceLine> lines) =>
        lines.Count > 1 && lines.Skip(1).Count(l => l.BlankBefore) * 2 < lines.Count - 1;
}
