using System.Text;
using Dangjian.Core;
using Dangjian.Core.Importing;

namespace Dangjian.Tests.Importing;

public sealed class TextDecodingTests
{
    private const string Notice = "关于做好疫情防控工作的通知\n市直各基层党组织：\n";

    public static Encoding Gb18030 { get; } = CodePagesEncodingProvider.Instance.GetEncoding(54936)!;

    [Fact]
    public void Utf8_is_read_with_or_without_a_byte_order_mark()
    {
        var plain = TextDecoding.Decode(Encoding.UTF8.GetBytes(Notice));
        var withBom = TextDecoding.Decode([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(Notice)]);

        Assert.Equal(new DecodedText(Notice, "UTF-8"), plain.Value);
        Assert.Equal(new DecodedText(Notice, "UTF-8 (BOM)"), withBom.Value);
    }

    [Fact]
    public void Text_that_is_not_utf8_is_read_as_gb18030()
    {
        var decoded = TextDecoding.Decode(Gb18030.GetBytes(Notice + "𠮷〇"));

        Assert.Equal(new DecodedText(Notice + "𠮷〇", "GB18030"), decoded.Value);
    }

    [Fact]
    public void Utf16_with_a_byte_order_mark_is_read()
    {
        var decoded = TextDecoding.Decode([.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(Notice)]);

        Assert.Equal(new DecodedText(Notice, "UTF-16 LE"), decoded.Value);
    }

    [Theory]
    [InlineData(new byte[] { 0x25, 0x50, 0x44, 0x46, 0x2D, 0x31, 0x2E, 0x37, 0x0A, 0x00, 0x01, 0x02 })]
    [InlineData(new byte[] { 0xC4, 0xE3, 0xFF, 0x80, 0xFF })]
    [InlineData(new byte[] { 0xEF, 0xBB, 0xBF, 0xC0, 0xC1 })]
    public void Bytes_that_are_no_text_are_refused(byte[] bytes)
    {
        var decoded = TextDecoding.Decode(bytes);

        Assert.False(decoded.IsSuccess);
        Assert.Equal(ErrorCodes.Validation, decoded.Error!.Code);
        Assert.StartsWith("This is not a text file", decoded.Error.Message, StringComparison.Ordinal);
    }
}
