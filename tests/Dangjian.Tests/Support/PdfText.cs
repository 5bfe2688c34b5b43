using System.Text;

namespace Dangjian.Tests.Support;

/// <summary>
/// Text as a PDF extractor returns it, made from a typed text: every line broken at a page's width (never before
/// closing punctuation, which Chinese typesetting keeps on the line before), a blank line after every line, and the
/// paragraph indentation dropped unless <c>keepIndent</c>.
/// </summary>
public static class PdfText
{
    private const string NoLineStart = "。，、；：？！”）》";

    public static string Wrap(string typed, int columns = 40, bool keepIndent = false)
    {
        var lines = new List<string>();
        foreach (var raw in typed.ReplaceLineEndings("\n").Split('\n'))
        {
            var indented = raw.StartsWith('\u3000');
            var text = raw.Trim(' ', '\u3000');
            if (text.Length == 0)
                continue;
            var line = new StringBuilder(indented && keepIndent ? "\u3000\u3000" : "");
            var width = line.Length * 2;
            foreach (var c in text)
            {
                var w = c >= '\u2E80' || c is '“' or '”' ? 2 : 1;
                // Typesetting breaks Chinese anywhere but a Latin word or a number never.
                var insideWord = line.Length > 0 && char.IsAsciiLetterOrDigit(line[^1]) && char.IsAsciiLetterOrDigit(c);
                if (width + w > columns && !NoLineStart.Contains(c) && !insideWord)
                {
                    lines.Add(line.ToString());
                    line.Clear();
                    width = 0;
                }
                line.Append(c);
                width += w;
            }
            lines.Add(line.ToString());
        }
        return string.Join("\n\n", lines) + "\n";
    }
}
