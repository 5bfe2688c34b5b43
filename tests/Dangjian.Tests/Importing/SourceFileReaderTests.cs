using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Dangjian.Core;
using Dangjian.Core.Importing;
using Dangjian.Tests.Importing.Fixtures;
using Dangjian.Tests.Support;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;
using Paragraph = DocumentFormat.OpenXml.Wordprocessing.Paragraph;

namespace Dangjian.Tests.Importing;

/// <summary>
/// Reading files to import: the founding notice as a Word document (built with the Open XML SDK) and as a PDF
/// (LibreOffice's conversion of that document, with an embedded CJK font) gives the parser the directive the text
/// file gives; a file's content decides its format; hostile files are refused with typed errors.
/// </summary>
public sealed class SourceFileReaderTests
{
    private static readonly SourceFileReader Reader = new(new ImportOptions());

    private static string Fixture(string name) => RepositoryFiles.Path("tests", "Dangjian.Tests", "Importing", "Fixtures", name);

    /// <summary>Everything of a parsed directive an editor sees, as one comparable value.</summary>
    private static string Shape(ParsedDirective d) => JsonSerializer.Serialize(new
    {
        d.Title,
        d.DocumentType,
        d.Issuer,
        d.DocumentNumber,
        Addressees = string.Join("|", d.Addressees),
        d.IssuedOn,
        d.Preamble,
        Sections = string.Join("\n", d.Sections.Select(s => $"{s.WrittenNumber}|{s.Heading}|{s.Body}")),
        d.Closing,
        Emails = string.Join("|", d.Contact.Emails),
        Phones = string.Join("|", d.Contact.Phones),
        d.Contact.Text,
        Attachments = string.Join("|", d.Attachments),
        References = string.Join("|", d.References),
    }, new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    private static ParsedDirective FromFile(string name)
    {
        var read = Reader.Extract(File.ReadAllBytes(Fixture(name)), name, TestContext.Current.CancellationToken);
        Assert.True(read.IsSuccess, read.Error?.Message);
        return DirectiveParser.Parse(read.Value.Text);
    }

    [Fact]
    public void The_founding_notice_from_the_docx_fixture_is_the_directive_from_its_text()
    {
        var expected = DirectiveParser.Parse(Texts.FoundingNotice);
        var fromWord = FromFile("notice-2020-01-29.docx");

        Assert.Equal(5, fromWord.Sections.Count);
        Assert.Equal("中共娄底市直属机关工作委员会", fromWord.Issuer);
        Assert.Equal(new DateOnly(2020, 1, 29), fromWord.IssuedOn);
        Assert.Equal(["ldjgdj1616@163.com"], fromWord.Contact.Emails);
        Assert.Equal(Shape(expected), Shape(fromWord));
    }

    [Fact]
    public void The_founding_notice_from_the_pdf_fixture_is_the_directive_from_its_text()
    {
        var expected = DirectiveParser.Parse(Texts.FoundingNotice);
        var fromPdf = FromFile("notice-2020-01-29.pdf");

        Assert.Equal(TextLayout.Wrapped, fromPdf.Layout);
        Assert.Equal(5, fromPdf.Sections.Count);
        Assert.Equal(Shape(expected), Shape(fromPdf));
    }

    [Fact]
    public void The_pdf_fixture_has_an_embedded_cjk_font()
    {
        var bytes = File.ReadAllBytes(Fixture("notice-2020-01-29.pdf"));
        var raw = Encoding.Latin1.GetString(bytes);

        Assert.Contains("WenQuanYi", raw, StringComparison.Ordinal);
        Assert.Contains("/FontFile2", raw, StringComparison.Ordinal);
    }

    [Fact]
    public void The_committed_docx_is_what_the_builder_makes_from_the_notice()
    {
        var built = Reader.Extract(NoticeDocx.Build(Texts.FoundingNotice), "built.docx", TestContext.Current.CancellationToken);
        var committed = Reader.Extract(File.ReadAllBytes(Fixture("notice-2020-01-29.docx")), "notice.docx", TestContext.Current.CancellationToken);

        Assert.Equal(committed.Value.Text, built.Value.Text);
        Assert.Equal(SourceFormat.Docx, committed.Value.Format);
    }

    [Fact]
    public void The_founding_notice_in_gb18030_is_the_directive_from_utf8()
    {
        var read = Reader.Extract(TextDecodingTests.Gb18030.GetBytes(Texts.FoundingNotice), "notice.txt", TestContext.Current.CancellationToken);

        Assert.Equal("GB18030", read.Value.ReadAs);
        Assert.Equal(Shape(DirectiveParser.Parse(Texts.FoundingNotice)), Shape(DirectiveParser.Parse(read.Value.Text)));
    }

    [Fact]
    public void The_content_decides_the_format_not_the_name()
    {
        var docx = File.ReadAllBytes(Fixture("notice-2020-01-29.docx"));
        var pdf = File.ReadAllBytes(Fixture("notice-2020-01-29.pdf"));

        Assert.Equal(SourceFormat.Docx, Reader.Extract(docx, "notice.txt", TestContext.Current.CancellationToken).Value.Format);
        Assert.Equal(SourceFormat.Pdf, Reader.Extract(pdf, null, TestContext.Current.CancellationToken).Value.Format);
        Assert.StartsWith("PDF, ", Reader.Extract(pdf, "notice.bin", TestContext.Current.CancellationToken).Value.ReadAs, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("notice.pdf", "text")]
    [InlineData("notice.docx", "text")]
    public void A_text_named_as_a_pdf_or_word_file_is_refused(string name, string looksLike)
    {
        var read = Reader.Extract(Encoding.UTF8.GetBytes(Texts.Bulletin), name, TestContext.Current.CancellationToken);

        Assert.Equal(ErrorCodes.UnsupportedFile, read.Error!.Code);
        Assert.Contains($"looks like {looksLike}", read.Error.Message, StringComparison.Ordinal);
        Assert.Equal(["input", "file"], read.Error.Path);
    }

    [Fact]
    public void A_word_file_named_pdf_is_refused_as_misnamed()
    {
        var read = Reader.Extract(File.ReadAllBytes(Fixture("notice-2020-01-29.docx")), "notice.pdf", TestContext.Current.CancellationToken);

        Assert.Equal(ErrorCodes.UnsupportedFile, read.Error!.Code);
    }

    [Theory]
    [InlineData(new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0, 0 }, "old Word")]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0 }, "an image")]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10 }, "an image")]
    [InlineData(new byte[] { 0x7B, 0x5C, 0x72, 0x74, 0x66, 0x31 }, "rich-text")]
    [InlineData(new byte[] { 0x1F, 0x8B, 0x08, 0x00 }, "compressed archive")]
    public void Files_of_other_formats_are_refused_saying_what_they_are(byte[] bytes, string what)
    {
        var read = Reader.Extract(bytes, "notice.txt", TestContext.Current.CancellationToken);

        Assert.Equal(ErrorCodes.UnsupportedFile, read.Error!.Code);
        Assert.Contains(what, read.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_larger_than_allowed_is_refused_without_reading_it_all()
    {
        var reader = new SourceFileReader(new ImportOptions { MaxFileBytes = 1000 });
        var stream = new CountingStream(new byte[100_000]);

        var read = await reader.ReadAsync(stream, "big.txt", TestContext.Current.CancellationToken);

        Assert.Equal(ErrorCodes.FileTooLarge, read.Error!.Code);
        Assert.True(stream.Position <= 1001, $"read {stream.Position} bytes");
    }

    [Fact]
    public void A_zip_bomb_is_refused_after_expanding_at_most_the_bound()
    {
        // 200 MB of zeros compresses to about 200 KB; the declared sizes are honest here, the counting does not rely on them.
        var bomb = Zip(("[Content_Types].xml", Encoding.UTF8.GetBytes("<Types/>")), ("word/document.xml", new byte[200 * 1024 * 1024]));

        var read = new SourceFileReader(new ImportOptions { MaxExpandedBytes = 8 * 1024 * 1024 }).Extract(bomb, "bomb.docx", TestContext.Current.CancellationToken);

        Assert.Equal(ErrorCodes.FileTooLarge, read.Error!.Code);
        Assert.Contains("zip bomb", read.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_zip_with_too_many_parts_is_refused()
    {
        var parts = Enumerable.Range(0, 30).Select(i => ($"p{i}.xml", new byte[1])).Prepend(("[Content_Types].xml", new byte[1])).ToArray();

        var read = new SourceFileReader(new ImportOptions { MaxArchiveEntries = 20 }).Extract(Zip(parts), "many.docx", TestContext.Current.CancellationToken);

        Assert.Equal(ErrorCodes.FileTooLarge, read.Error!.Code);
    }

    [Fact]
    public void A_zip_that_is_not_a_word_document_is_refused()
    {
        var plainZip = Zip(("notice.txt", Encoding.UTF8.GetBytes(Texts.Bulletin)));
        var notWord = Zip(("[Content_Types].xml", Encoding.UTF8.GetBytes("<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>")));

        Assert.Equal(ErrorCodes.UnsupportedFile, Reader.Extract(plainZip, "a.docx", TestContext.Current.CancellationToken).Error!.Code);
        Assert.Equal(ErrorCodes.UnsupportedFile, Reader.Extract(notWord, "b.docx", TestContext.Current.CancellationToken).Error!.Code);
    }

    [Fact]
    public void Damaged_word_and_pdf_files_are_refused()
    {
        var docx = File.ReadAllBytes(Fixture("notice-2020-01-29.docx"));
        var pdf = File.ReadAllBytes(Fixture("notice-2020-01-29.pdf"));

        var truncatedDocx = Reader.Extract(docx[..(docx.Length / 2)], "notice.docx", TestContext.Current.CancellationToken);
        var truncatedPdf = Reader.Extract(pdf[..1200], "notice.pdf", TestContext.Current.CancellationToken);
        var garbagePdf = Reader.Extract([.. "%PDF-1.7\n"u8, .. Enumerable.Range(0, 5000).Select(i => (byte)(i * 7919 % 251))], "x.pdf", TestContext.Current.CancellationToken);

        Assert.Equal(ErrorCodes.UnsupportedFile, truncatedDocx.Error!.Code);
        Assert.Contains(truncatedPdf.Error!.Code, new[] { ErrorCodes.UnsupportedFile, ErrorCodes.NoTextLayer });
        Assert.Contains(garbagePdf.Error!.Code, new[] { ErrorCodes.UnsupportedFile, ErrorCodes.NoTextLayer });
    }

    [Fact]
    public void A_scanned_pdf_without_a_text_layer_is_a_typed_error()
    {
        var builder = new PdfDocumentBuilder();
        var page = builder.AddPage(UglyToad.PdfPig.Content.PageSize.A4);
        page.AddPng(Png(40, 60), new PdfRectangle(50, 50, 545, 792));
        var scanned = builder.Build();

        var read = Reader.Extract(scanned, "scan.pdf", TestContext.Current.CancellationToken);

        Assert.Equal(ErrorCodes.NoTextLayer, read.Error!.Code);
        Assert.Contains("scan", read.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pdf_of_blank_pages_has_no_text_to_import()
    {
        var builder = new PdfDocumentBuilder();
        builder.AddPage(UglyToad.PdfPig.Content.PageSize.A4);

        Assert.Equal(ErrorCodes.NoTextLayer, Reader.Extract(builder.Build(), "blank.pdf", TestContext.Current.CancellationToken).Error!.Code);
    }

    [Fact]
    public void A_pdf_with_more_pages_than_allowed_is_refused()
    {
        var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        for (var i = 0; i < 5; i++)
            builder.AddPage(UglyToad.PdfPig.Content.PageSize.A4).AddText($"Page {i}", 12, new PdfPoint(72, 700), font);

        var read = new SourceFileReader(new ImportOptions { MaxPdfPages = 3 }).Extract(builder.Build(), "long.pdf", TestContext.Current.CancellationToken);

        Assert.Equal(ErrorCodes.FileTooLarge, read.Error!.Code);
    }

    [Fact]
    public void Pdf_lines_come_top_to_bottom_with_indentation_gaps_and_spaces_between_words()
    {
        var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        var page = builder.AddPage(UglyToad.PdfPig.Content.PageSize.A4);
        // Drawn out of order: the extractor orders by position, not by drawing order.
        page.AddText("second line at the margin", 12, new PdfPoint(72, 686), font);
        page.AddText("first line indented", 12, new PdfPoint(100, 700), font);
        page.AddText("after a gap", 12, new PdfPoint(72, 640), font);
        page.AddText("third", 12, new PdfPoint(72, 672), font);

        var read = Reader.Extract(builder.Build(), "lines.pdf", TestContext.Current.CancellationToken);

        Assert.Equal("\u3000\u3000first line indented\nsecond line at the margin\nthird\n\nafter a gap", read.Value.Text);
    }

    [Fact]
    public void Word_text_keeps_paragraphs_line_breaks_tables_and_text_boxes_and_leaves_out_deletions_and_hidden_text()
    {
        var bytes = Docx(
            new Paragraph(new Run(new Text("标题第一行")), new Run(new Break(), new Text("第二行"))),
            new Paragraph(new ParagraphProperties(new Indentation { FirstLineChars = 200 }), new Run(new Text("正文。"))),
            new Paragraph(new Run(new Text("保留")), new DeletedRun(new Run(new DeletedText("删除"))), new Run(new RunProperties(new Vanish()), new Text("隐藏")),
                new Run(new FieldCode(" PAGE ")), new Run(new TabChar(), new Text("尾"))),
            new Table(new TableRow(new TableCell(new Paragraph(new Run(new Text("单元格一")))), new TableCell(new Paragraph(new Run(new Text("单元格二")))))),
            new Paragraph(new Run(new Text("锚")), new Run(new Picture(new DocumentFormat.OpenXml.Vml.Shape(new DocumentFormat.OpenXml.Vml.TextBox(new TextBoxContent(new Paragraph(new Run(new Text("文本框")))))))))
        );

        var read = Reader.Extract(bytes, "sample.docx", TestContext.Current.CancellationToken);

        Assert.Equal("标题第一行\n第二行\n\u3000\u3000正文。\n保留\t尾\n单元格一\n单元格二\n文本框\n锚", read.Value.Text);
    }

    private static byte[] Docx(params OpenXmlElement[] blocks)
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
            document.AddMainDocumentPart().Document = new Document(new Body(blocks));
        return stream.ToArray();
    }

    private static byte[] Zip(params (string Name, byte[] Content)[] entries)
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var entry = zip.CreateEntry(name, CompressionLevel.SmallestSize).Open();
                entry.Write(content);
            }
        }
        return stream.ToArray();
    }

    /// <summary>A grey PNG, as a scanner's page image would be (made here so the test needs no image file).</summary>
    private static byte[] Png(int width, int height)
    {
        var raw = new byte[height * (width + 1)];
        for (var y = 0; y < height; y++)
            raw.AsSpan(y * (width + 1) + 1, width).Fill(0x80);
        using var compressed = new MemoryStream();
        using (var z = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
            z.Write(raw);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bit depth; colour type 0 (grey), compression, filter and interlace 0
        using var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        Chunk(png, "IHDR", header);
        Chunk(png, "IDAT", compressed.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void Chunk(Stream png, string type, byte[] data)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        png.Write(length);
        var typed = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        png.Write(typed);
        BinaryPrimitives.WriteUInt32BigEndian(length, Crc32(typed));
        png.Write(length);
    }

    private static uint Crc32(byte[] data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
        }
        return ~crc;
    }

    /// <summary>A stream that remembers how far it was read.</summary>
    private sealed class CountingStream(byte[] content) : MemoryStream(content);
}
