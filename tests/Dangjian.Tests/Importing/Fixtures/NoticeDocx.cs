using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Dangjian.Core.Importing;
using WordParagraph = DocumentFormat.OpenXml.Wordprocessing.Paragraph;

namespace Dangjian.Tests.Importing.Fixtures;

/// <summary>
/// Builds the founding notice as a Word document would hold it, with the Open XML SDK: the text of
/// seed-data/notice-2020-01-29.txt (extracted from the original PDF) rejoined into its paragraphs, then laid out as a
/// 公文 is typed (GB/T 9704): the issuer centred in red, the title centred over three lines (line breaks inside one
/// paragraph), the addressees flush left, every body paragraph with a two-character first-line indent, the signature
/// and date to the right. Fonts are WenQuanYi Micro Hei, which Debian's LibreOffice embeds when it makes the PDF
/// fixture from this file (see README.md beside it).
/// </summary>
public static class NoticeDocx
{
    private const string Font = "WenQuanYi Micro Hei";

    public static byte[] Build(string noticeText)
    {
        var lines = SourceLines.Read(noticeText);
        // The signature and the date are lines of their own; the rest is rejoined into paragraphs.
        var (signature, date) = (lines[^2].Text, lines[^1].Text);
        var paragraphs = Paragraphs.Join(lines.SkipLast(2).ToList(), TextLayout.Wrapped, Paragraphs.BlankLinesSeparate(lines)).Select(p => p.Text).ToList();
        var addressees = paragraphs.FindIndex(p => p.EndsWith('：'));
        var issuer = paragraphs[0];
        var title = paragraphs[1..addressees];
        var body = paragraphs[addressees..];

        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            var content = new Body();
            content.Append(Paragraph(JustificationValues.Center, indent: false, [issuer], size: 44, bold: false, color: "FF0000"));
            content.Append(Paragraph(JustificationValues.Center, indent: false, title, size: 40, bold: true));
            content.Append(Paragraph(JustificationValues.Left, indent: false, [body[0]]));
            foreach (var paragraph in body.Skip(1))
                content.Append(Paragraph(JustificationValues.Both, indent: true, [paragraph]));
            content.Append(Paragraph(JustificationValues.Right, indent: false, [signature]));
            content.Append(Paragraph(JustificationValues.Right, indent: false, [date]));
            // A4 with the margins of GB/T 9704 (top 37 mm, left 28 mm, a 156 × 225 mm text area).
            content.Append(new SectionProperties(
                new PageSize { Width = 11906, Height = 16838 },
                new PageMargin { Top = 2098, Bottom = 1984, Left = 1588, Right = 1474, Header = 851, Footer = 992, Gutter = 0 }));
            main.Document = new Document(content);
        }
        return stream.ToArray();
    }

    /// <summary>One paragraph; several <paramref name="lines"/> are kept apart by line breaks, as a title typed over lines is.</summary>
    private static WordParagraph Paragraph(JustificationValues justification, bool indent, IReadOnlyList<string> lines, int size = 32, bool bold = false, string? color = null)
    {
        var properties = new ParagraphProperties(
            new SpacingBetweenLines { Line = "579", LineRule = LineSpacingRuleValues.Exact, Before = "0", After = "0" },
            new Justification { Val = justification });
        if (indent)
            properties.Append(new Indentation { FirstLineChars = 200, FirstLine = "640" });
        var paragraph = new WordParagraph(properties);
        for (var i = 0; i < lines.Count; i++)
        {
            var run = new Run(RunProperties(size, bold, color));
            if (i > 0)
                run.Append(new Break());
            run.Append(new Text(lines[i]) { Space = SpaceProcessingModeValues.Preserve });
            paragraph.Append(run);
        }
        return paragraph;
    }

    private static RunProperties RunProperties(int halfPoints, bool bold, string? color)
    {
        var properties = new RunProperties(new RunFonts { Ascii = Font, HighAnsi = Font, EastAsia = Font, ComplexScript = Font });
        if (bold)
            properties.Append(new Bold());
        if (color is not null)
            properties.Append(new Color { Val = color });
        properties.Append(new FontSize { Val = halfPoints.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        return properties;
    }
}
