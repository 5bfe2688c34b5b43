using System.IO.Compression;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using WordParagraph = DocumentFormat.OpenXml.Wordprocessing.Paragraph;

namespace Dangjian.Core.Importing;

/// <summary>
/// The text of a Word document (.docx), read with the Open XML SDK, as the parser reads typed text: one line per
/// paragraph, in document order, a first-line indent as two full-width spaces, a line break inside a paragraph as a
/// line break, each table cell's paragraphs as lines, a text box's paragraphs before the paragraph that anchors it
/// (the red-header issuer often sits in one). Deleted and moved-away revisions, field codes, hidden text, headers and
/// footers (page numbers) are left out. Automatic list numbering is not rendered: a section numbered by Word's list
/// feature rather than typed 一、 loses its number.
/// </summary>
internal static class DocxText
{
    public static Result<string> Extract(byte[] bytes, ImportOptions options, CancellationToken cancellationToken)
    {
        if (CheckArchive(bytes, options, cancellationToken) is { } refused)
            return refused;
        try
        {
            using var stream = new MemoryStream(bytes, writable: false);
            using var document = WordprocessingDocument.Open(stream, isEditable: false,
                new OpenSettings { MaxCharactersInPart = options.MaxExpandedBytes, AutoSave = false });
            if (document.MainDocumentPart?.Document?.Body is not { } body)
                return SourceFileReader.Unsupported("This Word file has no document body: it may be damaged.");
            var lines = new List<string>();
            Blocks(body, lines, cancellationToken);
            return string.Join('\n', lines);
        }
        catch (Exception e) when (Sizes.IsReadFailure(e))
        {
            return SourceFileReader.Unsupported($"This is not a Word document that can be read (a ZIP archive of another kind, or a damaged .docx): {e.Message}");
        }
    }

    /// <summary>
    /// Refuses a ZIP that holds too many parts or expands to too much, by decompressing every part and counting
    /// (the sizes an archive declares can lie), before the SDK reads any of it.
    /// </summary>
    private static Error? CheckArchive(byte[] bytes, ImportOptions options, CancellationToken cancellationToken)
    {
        try
        {
            using var zip = new ZipArchive(new MemoryStream(bytes, writable: false), ZipArchiveMode.Read);
            if (zip.Entries.Count > options.MaxArchiveEntries)
                return SourceFileReader.TooLarge($"This ZIP archive has {zip.Entries.Count} parts; a Word document has far fewer (at most {options.MaxArchiveEntries} are read).");
            if (zip.GetEntry("[Content_Types].xml") is null)
                return SourceFileReader.Unsupported("This is a ZIP archive but not a Word document (it has no [Content_Types].xml).");
            var total = 0L;
            var buffer = new byte[81920];
            foreach (var entry in zip.Entries)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var part = entry.Open();
                int read;
                while ((read = part.Read(buffer)) > 0)
                {
                    total += read;
                    if (total > options.MaxExpandedBytes)
                        return SourceFileReader.TooLarge($"This archive expands to more than {Sizes.Format(options.MaxExpandedBytes)} (a zip bomb?); nothing was imported.");
                }
            }
            return null;
        }
        catch (Exception e) when (Sizes.IsReadFailure(e))
        {
            return SourceFileReader.Unsupported($"This ZIP archive is damaged: {e.Message}");
        }
    }

    private static void Blocks(OpenXmlElement container, List<string> lines, CancellationToken cancellationToken)
    {
        foreach (var element in container.ChildElements)
        {
            switch (element)
            {
                case WordParagraph paragraph:
                    cancellationToken.ThrowIfCancellationRequested();
                    ParagraphLines(paragraph, lines, cancellationToken);
                    break;
                case DocumentFormat.OpenXml.AlternateContentFallback or SectionProperties or DeletedRun or MoveFromRun:
                    break;
                default:
                    // Tables, rows, cells, content controls, custom XML and inserted revisions hold paragraphs.
                    if (element.HasChildren)
                        Blocks(element, lines, cancellationToken);
                    break;
            }
        }
    }

    private static void ParagraphLines(WordParagraph paragraph, List<string> lines, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        if (FirstLineIndented(paragraph))
            text.Append("\u3000\u3000");
        var boxes = new List<string>();
        Inline(paragraph, text, boxes, cancellationToken);
        lines.AddRange(boxes);
        lines.AddRange(text.ToString().Split('\n'));
    }

    private static void Inline(OpenXmlElement element, StringBuilder text, List<string> boxes, CancellationToken cancellationToken)
    {
        foreach (var child in element.ChildElements)
        {
            switch (child)
            {
                case Text t:
                    text.Append(t.Text);
                    break;
                case TabChar:
                    text.Append('\t');
                    break;
                case Break or CarriageReturn:
                    text.Append('\n');
                    break;
                case NoBreakHyphen:
                    text.Append('-');
                    break;
                case TextBoxContent box:
                    Blocks(box, boxes, cancellationToken);
                    break;
                case Run run when Hidden(run):
                    break;
                case DocumentFormat.OpenXml.AlternateContentFallback or ParagraphProperties or RunProperties or DeletedRun or MoveFromRun:
                    break;
                default:
                    if (child.HasChildren)
                        Inline(child, text, boxes, cancellationToken);
                    break;
            }
        }
    }

    private static bool Hidden(Run run) => run.RunProperties?.Vanish is { } vanish && (vanish.Val is null || vanish.Val.Value);

    private static bool FirstLineIndented(WordParagraph paragraph) =>
        paragraph.ParagraphProperties?.Indentation is { } indentation
        && ((indentation.FirstLineChars?.Value ?? 0) > 0 || (long.TryParse(indentation.FirstLine?.Value, out var twips) && twips > 0));
}
