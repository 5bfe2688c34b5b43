using System.Text;
using System.Text.Unicode;

namespace Dangjian.Core.Importing;

/// <summary>A file's text and the encoding it was read in.</summary>
public sealed record DecodedText(string Text, string EncodingName);

/// <summary>
/// Turns a file's bytes into text. Chinese documents come as UTF-8 (with or without a byte order mark), as UTF-16
/// from Windows' "Unicode" text, or as GB18030 (and its subsets GBK and GB2312) from older Chinese systems. Valid
/// UTF-8 is read as UTF-8; anything else that is valid GB18030 as GB18030. GB18030 comes from the code-pages provider
/// of the shared framework, asked directly, so nothing is registered process-wide.
/// </summary>
public static class TextDecoding
{
    private const int Gb18030CodePage = 54936;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static Result<DecodedText> Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith("\uFEFF"u8))
            return Utf8.IsValid(bytes[3..])
                ? new DecodedText(StrictUtf8.GetString(bytes[3..]), "UTF-8 (BOM)")
                : NotText("it starts with a UTF-8 byte order mark but is not valid UTF-8");
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            var bigEndian = bytes[0] == 0xFE;
            return Strict(new UnicodeEncoding(bigEndian, byteOrderMark: false, throwOnInvalidBytes: true), bytes[2..],
                bigEndian ? "UTF-16 BE" : "UTF-16 LE", "it starts with a UTF-16 byte order mark but is not valid UTF-16");
        }
        // A NUL byte never occurs in UTF-8 or GB18030 text; in binary files (images, Word documents, PDFs) it is everywhere.
        if (bytes.Contains((byte)0))
            return NotText("it contains NUL bytes (it may be a PDF, Word or image file; save it as text first)");
        if (Utf8.IsValid(bytes))
            return new DecodedText(StrictUtf8.GetString(bytes), "UTF-8");
        var gb18030 = CodePagesEncodingProvider.Instance.GetEncoding(Gb18030CodePage, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback)
            ?? throw new InvalidOperationException("The framework's code-pages provider has no GB18030.");
        return Strict(gb18030, bytes, "GB18030", "it is neither valid UTF-8 nor valid GB18030");
    }

    private static Result<DecodedText> Strict(Encoding encoding, ReadOnlySpan<byte> bytes, string name, string problem)
    {
        try
        {
            return new DecodedText(encoding.GetString(bytes), name);
        }
        catch (DecoderFallbackException)
        {
            return NotText(problem);
        }
    }

    private static Error NotText(string why) => Error.Validation($"This is not a text file: {why}.", "input", "text");
}
