using System.Security.Cryptography;
using System.Text;

namespace Dangjian.Core.Importing;

/// <summary>
/// What makes two files one document's text: the same directive saved as GB18030 with CRLF and as UTF-8 with LF, or
/// typed with full-width letters and spaces in one copy and half-width in the other, has one fingerprint. The text is
/// compared after NFKC (full-width letters, digits, punctuation and the ideographic space become their half-width
/// forms), with each line cleaned as the parser cleans lines (<see cref="ChineseText.Clean"/>: invisible characters
/// dropped, spaces beside Chinese characters removed, other runs of spaces made one), blank lines dropped, and lines
/// joined by one line feed whatever the file used. Line breaks themselves still count: a text wrapped differently is
/// another text to this check (the editor sees both and decides).
/// </summary>
public static class TextFingerprint
{
    /// <summary>The prefix names the normalisation, so a later, different one never matches an old fingerprint by accident.</summary>
    private const string Version = "n1:";

    public static string Normalize(string text)
    {
        var folded = text.Normalize(NormalizationForm.FormKC);
        var lines = folded.Split(['\r', '\n', '\u2028', '\u2029', '\u0085']);
        return string.Join('\n', lines.Select(line => ChineseText.Clean(line)).Where(line => line.Length > 0));
    }

    /// <summary>The fingerprint: the SHA-256 of the normalised text's UTF-8, in lowercase hex, after a version prefix.</summary>
    public static string Of(string text) => Version + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Normalize(text))));
}
