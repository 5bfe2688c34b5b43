namespace Dangjian.Core.Importing;

/// <summary>The kinds of file a directive is imported from.</summary>
public enum SourceFormat
{
    /// <summary>Plain text: UTF-8, UTF-16 with a byte order mark, or GB18030.</summary>
    Text,

    /// <summary>A Word document (Office Open XML, .docx).</summary>
    Docx,

    /// <summary>A PDF with a text layer.</summary>
    Pdf,
}

/// <summary>The text of a file to import, how it was read (for people: "UTF-8", "GB18030", "Word", "PDF, 3 pages").</summary>
public sealed record ExtractedText(string Text, SourceFormat Format, string ReadAs);

/// <summary>
/// Reads the text of a file to import: a text file, a Word document or a PDF. The format is decided by the file's
/// first bytes, not by its name: a Word file saved as .txt is read as Word, and a file named .pdf that is not a PDF is
/// refused instead of being read as text (it is most likely damaged). Everything about a file is bounded
/// (<see cref="ImportOptions"/>): its size as sent, what a ZIP expands to, the pages read; a file that breaks a
/// bound, is damaged, encrypted, or a scan without text is refused with a typed error and nothing is written.
/// </summary>
public sealed class SourceFileReader(ImportOptions options)
{
    private const int SniffBytes = 1024;

    /// <summary>The file extensions the importer reads, for the command's folder search and the web page's file picker.</summary>
    public static IReadOnlyList<string> Extensions { get; } = [".txt", ".docx", ".pdf"];

    public ImportOptions Options => options;

    /// <summary>Reads at most <see cref="ImportOptions.MaxFileBytes"/> from <paramref name="content"/> and extracts its text.</summary>
    public async Task<Result<ExtractedText>> ReadAsync(Stream content, string? fileName, CancellationToken cancellationToken)
    {
        var bytes = await ReadBoundedAsync(content, cancellationToken);
        if (bytes is null)
            return TooLarge($"The file is larger than {Sizes.Format(options.MaxFileBytes)}, the most accepted.");
        return Extract(bytes, fileName, cancellationToken);
    }

    /// <summary>Extracts the text of a file already in memory (see the class summary).</summary>
    public Result<ExtractedText> Extract(byte[] bytes, string? fileName, CancellationToken cancellationToken)
    {
        if (bytes.LongLength > options.MaxFileBytes)
            return TooLarge($"The file is {Sizes.Format(bytes.LongLength)}; at most {Sizes.Format(options.MaxFileBytes)} is accepted.");
        var sniffed = Sniff(bytes);
        var claimed = Claimed(fileName);
        if (sniffed.Refusal is { } refusal)
            return Unsupported($"This is {refusal}; import a .txt, .docx or .pdf file.");
        if (claimed is { } named && named != sniffed.Format)
            return Unsupported($"The file is named {Path.GetFileName(fileName)} but is not a {Describe(named)} file (it looks like {Describe(sniffed.Format)}); it may be damaged or misnamed.");
        switch (sniffed.Format)
        {
            case SourceFormat.Pdf:
                var pdf = PdfTextLayer.Extract(bytes, options, cancellationToken);
                return pdf.IsSuccess
                    ? new ExtractedText(pdf.Value.Text, SourceFormat.Pdf, $"PDF, {pdf.Value.Pages} page{(pdf.Value.Pages == 1 ? "" : "s")}")
                    : pdf.Error!;
            case SourceFormat.Docx:
                var docx = DocxText.Extract(bytes, options, cancellationToken);
                return docx.IsSuccess ? new ExtractedText(docx.Value, SourceFormat.Docx, "Word") : docx.Error!;
            default:
                var decoded = TextDecoding.Decode(bytes);
                return decoded.IsSuccess ? new ExtractedText(decoded.Value.Text, SourceFormat.Text, decoded.Value.EncodingName) : decoded.Error!;
        }
    }

    /// <summary>The file's bytes, or null when there are more than allowed; never reads more than one byte past the bound.</summary>
    private async Task<byte[]?> ReadBoundedAsync(Stream content, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        while (true)
        {
            var wanted = (int)Math.Min(chunk.Length, options.MaxFileBytes + 1 - buffer.Length);
            var read = await content.ReadAsync(chunk.AsMemory(0, wanted), cancellationToken);
            if (read == 0)
                return buffer.ToArray();
            await buffer.WriteAsync(chunk.AsMemory(0, read), cancellationToken);
            if (buffer.Length > options.MaxFileBytes)
                return null;
        }
    }

    private readonly record struct Sniffed(SourceFormat Format, string? Refusal = null);

    /// <summary>What the first bytes say a file is (the magic numbers of the formats people send instead).</summary>
    private static Sniffed Sniff(ReadOnlySpan<byte> bytes)
    {
        var head = bytes[..Math.Min(bytes.Length, SniffBytes)];
        // A PDF's header may follow some junk (the format allows it within the first 1024 bytes, readers accept it).
        if (head.IndexOf("%PDF-"u8) >= 0)
            return new(SourceFormat.Pdf);
        if (head.StartsWith("PK\u0003\u0004"u8) || head.StartsWith("PK\u0005\u0006"u8))
            return new(SourceFormat.Docx);
        if (head.StartsWith((ReadOnlySpan<byte>)[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]))
            return new(SourceFormat.Text, "an old Word (.doc) file or an encrypted Office document: save it as .docx without a password");
        if (head.StartsWith("{\\rtf"u8))
            return new(SourceFormat.Text, "a rich-text (.rtf) file: save it as .docx");
        if (head.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47]) || head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]) || head.StartsWith("GIF8"u8)
            || head.StartsWith("II*\0"u8) || head.StartsWith("MM\0*"u8) || (head.StartsWith("RIFF"u8) && head.Length >= 12 && head[8..12].SequenceEqual("WEBP"u8)))
            return new(SourceFormat.Text, "an image: a scanned document needs text recognition (OCR) first");
        if (head.StartsWith((ReadOnlySpan<byte>)[0x1F, 0x8B]) || head.StartsWith("7z"u8) || head.StartsWith("Rar!"u8))
            return new(SourceFormat.Text, "a compressed archive");
        return new(SourceFormat.Text);
    }

    /// <summary>The format a file's name claims; null for names that claim none the importer reads (then the content decides).</summary>
    private static SourceFormat? Claimed(string? fileName) => Path.GetExtension(fileName ?? "").ToLowerInvariant() switch
    {
        ".pdf" => SourceFormat.Pdf,
        ".docx" => SourceFormat.Docx,
        _ => null,
    };

    private static string Describe(SourceFormat format) => format switch
    {
        SourceFormat.Pdf => "PDF",
        SourceFormat.Docx => "Word (.docx)",
        _ => "text",
    };

    internal static Error Unsupported(string message) => new(ErrorCodes.UnsupportedFile, message, ["input", "file"]);

    internal static Error TooLarge(string message) => new(ErrorCodes.FileTooLarge, message, ["input", "file"]);
}

/// <summary>Sizes for people.</summary>
internal static class Sizes
{
    public static string Format(long bytes) => bytes switch
    {
        >= 1 << 20 => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{bytes / 1048576.0:0.#} MB ({bytes:N0} bytes)"),
        >= 1 << 10 => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KB ({bytes:N0} bytes)"),
        _ => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{bytes} bytes"),
    };

    /// <summary>Whether an exception thrown by a file-format library while reading hostile bytes means "this file cannot be read".</summary>
    /// <remarks>
    /// The PDF and Open XML readers throw many kinds of exception on damaged input (format, XML, index, null reference
    /// deep inside their parsers); any of them means the same to an editor. Cancellation and running out of memory
    /// are not about the file and are let through.
    /// </remarks>
    public static bool IsReadFailure(Exception e) => e is not (OperationCanceledException or OutOfMemoryException or InsufficientExecutionStackException);
}
