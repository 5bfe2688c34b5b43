using System.Text.RegularExpressions;
using Dangjian.Core.Documents;
using Dangjian.Core.Importing;
using Dangjian.Tests.Support;

namespace Dangjian.Tests.Importing;

/// <summary>The parser on the founding notice (the done-when checks of issue 3) and on one sample per rule.</summary>
public sealed class DirectiveParserTests
{
    private static IReadOnlyList<string> Codes(ParsedDirective parsed) => parsed.Warnings.Select(w => w.Code).ToList();

    [Fact]
    public void The_founding_notice_is_read_as_issued()
    {
        var parsed = DirectiveParser.Parse(Texts.FoundingNotice);

        Assert.Equal("中共娄底市直属机关工作委员会", parsed.Issuer);
        Assert.Equal("关于动员市直基层党组织和党员干部在疫情防控阻击战中冲在前、勇担当、作表率的通知", parsed.Title);
        Assert.Equal(DocumentType.Notice, parsed.DocumentType);
        Assert.Equal(["市直各基层党组织"], parsed.Addressees);
        Assert.Equal(new DateOnly(2020, 1, 29), parsed.IssuedOn);
        Assert.Equal(
            ["在政治坚定狠抓落实上作表率", "在敢战敢胜能战能胜上作表率", "在联防联控群防群治上作表率", "在以身作则率先垂范上作表率", "在监督约束激励保障上作表率"],
            parsed.Sections.Select(s => s.Heading));
        Assert.Equal(["ldjgdj1616@163.com"], parsed.Contact.Emails);
        Assert.Equal("邮箱：ldjgdj1616@163.com", parsed.Contact.Text);
        Assert.Contains("习近平总书记重要指示精神", parsed.Sections[0].Body, StringComparison.Ordinal);
        Assert.Contains("1月27日", parsed.Preamble, StringComparison.Ordinal);
        Assert.Equal(TextLayout.Wrapped, parsed.Layout);
        Assert.Empty(parsed.Warnings);
    }

    [Fact]
    public void The_founding_notice_loses_no_text_and_keeps_no_stray_space_or_break()
    {
        var parsed = DirectiveParser.Parse(Texts.FoundingNotice);
        var structured = parsed.Preamble + string.Concat(parsed.Sections.Select(s => s.Heading + "。" + s.Body));

        // Every character of the body survives, in order: the original from 当前是 to the end of section five, without
        // its spaces, line breaks and section numbers.
        var original = string.Concat(Texts.FoundingNotice.Where(c => !char.IsWhiteSpace(c)));
        var end = "突出事迹请及时反馈。";
        var body = original[original.IndexOf("当前是", StringComparison.Ordinal)..(original.IndexOf(end, StringComparison.Ordinal) + end.Length)];
        Assert.Equal(Regex.Replace(body, "(?<=[。：])[一二三四五]、", ""), structured);
        Assert.DoesNotContain(' ', structured);
        Assert.Contains("严峻形势", parsed.Sections[0].Body, StringComparison.Ordinal);
        Assert.Contains("政治动员不能停", parsed.Sections[1].Body, StringComparison.Ordinal);
        Assert.Contains("街道社区党组织报告", parsed.Sections[3].Body, StringComparison.Ordinal);
    }

    [Fact]
    public void A_decision_takes_issuer_and_date_from_its_adoption_line_under_the_title()
    {
        var parsed = DirectiveParser.Parse(Texts.Decision);

        Assert.Equal(DocumentType.Decision, parsed.DocumentType);
        Assert.Equal("中共娄底市直属机关工作委员会关于表彰疫情防控工作先进基层党组织和优秀共产党员的决定", parsed.Title);
        Assert.Equal("中共娄底市直属机关工作委员会", parsed.Issuer);
        Assert.Equal(new DateOnly(2020, 3, 6), parsed.IssuedOn);
        Assert.Empty(parsed.Addressees);
        Assert.Empty(parsed.Signature);
        Assert.StartsWith("新冠肺炎疫情发生以来", parsed.Preamble, StringComparison.Ordinal);
        Assert.EndsWith("市直机关工委决定：", parsed.Preamble, StringComparison.Ordinal);
        Assert.Equal(2, parsed.Sections.Count);
        Assert.Equal("授予张三等20名同志“疫情防控优秀共产党员”称号", parsed.Sections[1].Heading);
        // A decision has no addressees, so none are missing.
        Assert.Empty(parsed.Warnings);
    }

    [Fact]
    public void An_opinion_keeps_its_numbered_items_inside_the_sections()
    {
        var parsed = DirectiveParser.Parse(Texts.Opinion);

        Assert.Equal(DocumentType.Opinion, parsed.DocumentType);
        Assert.Equal("中共娄底市直属机关工作委员会", parsed.Issuer);
        Assert.Equal("娄直工发〔2020〕5号", parsed.DocumentNumber);
        Assert.Equal(["总体要求", "主要任务", "组织保障"], parsed.Sections.Select(s => s.Heading));
        Assert.Equal(
            "（一）指导思想。坚持以习近平新时代中国特色社会主义思想为指导，把疫情防控一线作为检验党组织战斗力的考场。\n（二）工作目标。做到哪里任务险重，哪里就有党的组织。",
            parsed.Sections[0].Body);
        Assert.StartsWith("1.压实责任。", parsed.Sections[2].Body, StringComparison.Ordinal);
        Assert.Contains("\n2.强化督导。", parsed.Sections[2].Body, StringComparison.Ordinal);
        Assert.Equal(["《中共中央组织部关于在防控新型冠状病毒感染肺炎疫情斗争中进一步发挥基层党组织战斗堡垒作用和党员先锋模范作用的通知》"], parsed.References);
        Assert.Equal(new DateOnly(2020, 2, 10), parsed.IssuedOn);
        Assert.Empty(parsed.Warnings);
    }

    [Fact]
    public void A_bulletin_has_headings_without_full_stops_a_closing_and_a_date_in_chinese_numerals()
    {
        var parsed = DirectiveParser.Parse(Texts.Bulletin);

        Assert.Equal(DocumentType.Bulletin, parsed.DocumentType);
        Assert.Equal("关于2020年第一季度基层党建工作督查情况的通报", parsed.Title);
        Assert.Equal(new DateOnly(2020, 4, 3), parsed.IssuedOn);
        Assert.Equal(["总体情况", "存在的问题", "下一步工作要求"], parsed.Sections.Select(s => s.Heading));
        Assert.Equal("（一）部分支部“三会一课”记录不规范。\n（二）个别单位党员教育管理不到位。", parsed.Sections[1].Body);
        Assert.Equal("特此通报。", parsed.Closing);
        Assert.DoesNotContain("特此", parsed.Sections[2].Body, StringComparison.Ordinal);
        Assert.Equal(["中共娄底市直属机关工作委员会"], parsed.Signature);
        Assert.Empty(parsed.Warnings);
    }

    [Fact]
    public void A_letter_has_its_number_contact_and_attachments_apart_from_the_sections()
    {
        var parsed = DirectiveParser.Parse(Texts.Letter);

        Assert.Equal(DocumentType.Letter, parsed.DocumentType);
        Assert.Equal("娄底市卫生健康委员会", parsed.Issuer);
        Assert.Equal("娄卫函〔2020〕12号", parsed.DocumentNumber);
        Assert.Equal(["市直机关工委"], parsed.Addressees);
        Assert.Equal(new DateOnly(2020, 2, 5), parsed.IssuedOn);
        Assert.Equal(["服务内容", "时间安排"], parsed.Sections.Select(s => s.Heading));
        Assert.Equal("2020年2月10日至2月29日。", parsed.Sections[1].Body);
        Assert.Equal("妥否，请函复。", parsed.Closing);
        Assert.Equal(["志愿服务岗位需求表", "志愿者报名汇总表"], parsed.Attachments);
        Assert.Equal(["0738-8312345", "13807381234"], parsed.Contact.Phones);
        Assert.Equal("联系人：李四，联系电话：0738-8312345，13807381234", parsed.Contact.Text);
        Assert.Empty(parsed.Warnings);
    }

    [Theory]
    [InlineData("娄卫函[2020]12号")]
    [InlineData("娄卫函〔2020〕12号")]
    [InlineData("娄卫函﹝2020﹞12号")]
    [InlineData("娄卫函［2020］12号")]
    [InlineData("娄卫函〔 2020 〕12 号")]
    public void Document_numbers_are_written_in_the_standard_brackets_whichever_the_text_used(string written)
    {
        var parsed = DirectiveParser.Parse(Texts.Letter.Replace("娄卫函[2020]12号", written, StringComparison.Ordinal));

        Assert.Equal("娄卫函〔2020〕12号", parsed.DocumentNumber);
    }

    [Fact]
    public void Typed_text_is_one_paragraph_per_line_and_keeps_spaces_inside_latin_text_and_numbers()
    {
        var parsed = DirectiveParser.Parse(Texts.Typed);

        Assert.Equal(TextLayout.OneParagraphPerLine, parsed.Layout);
        Assert.Equal("请各单位于2月10日前通过OA系统报送党员参与疫情防控情况，文件格式为Word 2010，标题注明“COVID 19防控”字样。", parsed.Preamble);
        Assert.Equal(new DateOnly(2020, 2, 3), parsed.IssuedOn);
        Assert.Equal(["报送范围", "报送要求"], parsed.Sections.Select(s => s.Heading));
        Assert.Equal(["djxx@ldjg.gov.cn"], parsed.Contact.Emails);
        Assert.Equal("报送邮箱djxx@ldjg.gov.cn", parsed.Contact.Text);
        Assert.Equal("特此通知。", parsed.Closing);
        Assert.Empty(parsed.Warnings);
    }

    public static TheoryData<string> Samples => new() { "Decision", "Opinion", "Bulletin", "Letter", "Typed" };

    private static string Sample(string name) => (string)typeof(Texts).GetField(name)!.GetValue(null)!;

    [Theory]
    [MemberData(nameof(Samples))]
    public void A_pdf_extraction_that_keeps_the_indentation_parses_exactly_like_the_typed_text(string name)
    {
        var typed = DirectiveParser.Parse(Sample(name));
        var pdf = DirectiveParser.Parse(PdfText.Wrap(Sample(name), columns: 40, keepIndent: true));

        Assert.Equal(typed, pdf, new ParsedDirectiveComparer());
        Assert.Equal(Codes(typed), Codes(pdf));
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void A_pdf_extraction_without_indentation_keeps_the_structure_and_every_word(string name)
    {
        var typed = DirectiveParser.Parse(Sample(name));
        var pdf = DirectiveParser.Parse(PdfText.Wrap(Sample(name), columns: 40));

        Assert.Equal(typed.Title, pdf.Title);
        Assert.Equal(typed.Issuer, pdf.Issuer);
        Assert.Equal(typed.IssuedOn, pdf.IssuedOn);
        Assert.Equal(typed.Addressees, pdf.Addressees);
        Assert.Equal(typed.Sections.Select(s => s.Heading), pdf.Sections.Select(s => s.Heading));
        Assert.Equal(typed.Attachments, pdf.Attachments);
        Assert.Equal(typed.Closing, pdf.Closing);
        // Two paragraphs may become one where a paragraph's last line happens to fill the width: nothing else changes.
        Assert.Equal(typed.Preamble.Replace("\n", ""), pdf.Preamble.Replace("\n", ""));
        Assert.Equal(typed.Sections.Select(s => s.Body.Replace("\n", "")), pdf.Sections.Select(s => s.Body.Replace("\n", "")));
    }

    [Fact]
    public void Text_with_no_structure_becomes_the_preamble_of_a_directive_with_warnings()
    {
        var parsed = DirectiveParser.Parse(Texts.News);

        Assert.Equal(Texts.News.Trim().ReplaceLineEndings("\n"), parsed.Preamble);
        Assert.Empty(parsed.Sections);
        Assert.Null(parsed.Issuer);
        Assert.Null(parsed.IssuedOn);
        Assert.Equal("今天下午，市直机关工委召开疫情防控工作调度会，传达学习习近平总书记重要指示精神", parsed.Title);
        Assert.Equal([ImportWarningCodes.Unstructured, ImportWarningCodes.TitleGuessed, ImportWarningCodes.DateNotFound, ImportWarningCodes.IssuerNotFound],
            Codes(parsed));
        Assert.Equal(1, parsed.Warnings.Single(w => w.Code == ImportWarningCodes.TitleGuessed).Line);
    }

    [Fact]
    public void What_the_parser_cannot_find_is_a_warning_not_a_guess()
    {
        const string text = """
            关于做好春节期间疫情防控工作的通知
            　　各单位要落实值班制度，做好防控工作。
            """;

        var parsed = DirectiveParser.Parse(text);

        Assert.Null(parsed.IssuedOn);
        Assert.Null(parsed.Issuer);
        Assert.Equal("各单位要落实值班制度，做好防控工作。", parsed.Preamble);
        Assert.Equal(
            [ImportWarningCodes.DateNotFound, ImportWarningCodes.IssuerNotFound, ImportWarningCodes.NoAddressees, ImportWarningCodes.NoSections],
            Codes(parsed).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_date_that_does_not_exist_is_reported_with_its_line()
    {
        var parsed = DirectiveParser.Parse(Texts.Bulletin.Replace("二〇二〇年四月三日", "二〇二〇年二月三十日", StringComparison.Ordinal));

        Assert.Null(parsed.IssuedOn);
        var warning = Assert.Single(parsed.Warnings);
        Assert.Equal(ImportWarningCodes.DateInvalid, warning.Code);
        Assert.Equal(14, warning.Line);
        Assert.Contains("二〇二〇年二月三十日", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_section_numbered_out_of_order_is_reported()
    {
        var parsed = DirectiveParser.Parse(Texts.Bulletin.Replace("三、下一步", "四、下一步", StringComparison.Ordinal));

        Assert.Equal(3, parsed.Sections.Count);
        var warning = Assert.Single(parsed.Warnings);
        Assert.Equal(ImportWarningCodes.SectionNumberUnexpected, warning.Code);
        Assert.Equal(10, warning.Line);
    }

    [Fact]
    public void Lines_after_the_date_that_are_not_a_colophon_or_contact_are_reported_not_structured()
    {
        var text = Texts.Bulletin + "\n（此件公开发布）\n抄送：市委组织部。\n附件\n督查问题清单\n";

        var parsed = DirectiveParser.Parse(text);

        var warning = Assert.Single(parsed.Warnings);
        Assert.Equal(ImportWarningCodes.TrailingText, warning.Code);
        Assert.Equal(17, warning.Line);
        Assert.StartsWith("2 line(s)", warning.Message, StringComparison.Ordinal);
        Assert.Equal(new DateOnly(2020, 4, 3), parsed.IssuedOn);
    }

    [Fact]
    public void Joint_issuers_are_reported_and_the_first_is_the_issuer()
    {
        var text = "中共娄底市委组织部\n娄底市卫生健康委员会\n" + Texts.Letter[(Texts.Letter.IndexOf('\n', StringComparison.Ordinal) + 1)..];

        var parsed = DirectiveParser.Parse(text);

        Assert.Equal("中共娄底市委组织部", parsed.Issuer);
        Assert.Equal([ImportWarningCodes.JointIssuers], Codes(parsed));
    }

    /// <summary>Compares parses field by field (records compare lists by reference).</summary>
    private sealed class ParsedDirectiveComparer : IEqualityComparer<ParsedDirective>
    {
        public bool Equals(ParsedDirective? x, ParsedDirective? y) => x is not null && y is not null && Describe(x) == Describe(y);

        public int GetHashCode(ParsedDirective obj) => Describe(obj).GetHashCode(StringComparison.Ordinal);

        private static string Describe(ParsedDirective p) => string.Join("|", p.Title, p.DocumentType, p.Issuer, p.DocumentNumber,
            string.Join("、", p.Addressees), p.IssuedOn, p.Preamble, string.Join("§", p.Sections.Select(s => $"{s.WrittenNumber}:{s.Heading}:{s.Body}")),
            p.Closing, string.Join("、", p.Signature), string.Join("、", p.Contact.Emails), string.Join("、", p.Contact.Phones), p.Contact.Text,
            string.Join("、", p.Attachments), string.Join("、", p.References));
    }
}
