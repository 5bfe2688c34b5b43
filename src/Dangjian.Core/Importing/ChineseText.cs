using System.Text;

namespace Dangjian.Core.Importing;

/// <summary>
/// Spacing rules for Chinese text that went through a PDF. Extractors put spaces where the typesetter changed font
/// or width ("1 月", "通 知"), indent with full-width spaces, and drop the line break's meaning. Chinese needs no
/// spaces between characters, so a space next to a full-width character is noise; a space between two Latin
/// letters or digits is a word boundary ("COVID 19", "Word 2010") and stays.
/// </summary>
internal static class ChineseText
{
    /// <summary>
    /// True for characters set full-width in Chinese text: ideographs, CJK and full-width punctuation, and the curly
    /// quotes, dashes and dots Chinese typesetting uses. Surrogates are ideographs of the supplementary planes.
    /// </summary>
    public static bool IsWide(char c) =>
        (c >= '\u2E80' && c is not (>= '\uFF61' and <= '\uFFDC')) || c is '“' or '”' or '‘' or '’' or '…' or '—' or '·';

    /// <summary>ASCII letters and digits: the only characters a line break between means a space.</summary>
    public static bool IsLatinWordChar(char c) => char.IsAsciiLetterOrDigit(c);

    /// <summary>Full-width characters count two, others one: about the width the text takes on the page.</summary>
    public static int Width(string text)
    {
        var width = 0;
        foreach (var c in text)
            width += IsWide(c) ? 2 : 1;
        return width;
    }

    /// <summary>
    /// One line made clean: control and invisible format characters dropped (a PDF's form feeds, soft hyphens, byte
    /// order marks), spaces next to full-width characters removed, other runs of spaces made one, ends trimmed.
    /// </summary>
    public static string Clean(ReadOnlySpan<char> line)
    {
        var builder = new StringBuilder(line.Length);
        var pendingSpace = false;
        foreach (var c in line)
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = builder.Length > 0;
                continue;
            }
            if (char.IsControl(c) || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format)
                continue;
            if (pendingSpace && !IsWide(builder[^1]) && !IsWide(c))
                builder.Append(' ');
            pendingSpace = false;
            builder.Append(c);
        }
        return builder.ToString();
    }

    /// <summary>
    /// Two pieces of one paragraph that a line break separated: joined directly, except between two Latin letters or
    /// digits, where the break stood for the space the extractor dropped.
    /// </summary>
    public static string Join(string first, string second)
    {
        if (first.Length == 0)
            return second;
        if (second.Length == 0)
            return first;
        return IsLatinWordChar(first[^1]) && IsLatinWordChar(second[0]) ? first + " " + second : first + second;
    }

    public static string Join(IEnumerable<string> pieces) => pieces.Aggregate("", Join);

    /// <summary>Leading spaces that indent a paragraph: a full-width space, a tab, or at least two spaces.</summary>
    /// <remarks>A single ASCII space is not indentation: PDF extractors leave one at the start of a page.</remarks>
    public static bool IsIndented(ReadOnlySpan<char> line)
    {
        var spaces = 0;
        foreach (var c in line)
        {
            if (c is '\u3000' or '\t')
                return true;
            if (c is '\f' or '\v' || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format)
                continue;
            if (!char.IsWhiteSpace(c))
                break;
            spaces++;
        }
        return spaces >= 2;
    }
}
