using Dangjian.Core.Importing;

namespace Dangjian.Tests.Importing;

/// <summary>The rules under the parser: spacing, dates, where paragraphs end, contact details.</summary>
public sealed class TextRulesTests
{
    [Theory]
    [InlineData("通 知", "通知")]
    [InlineData("2020 年 1 月 29 日", "2020年1月29日")]
    [InlineData("　　当前是关键时期。1 月", "当前是关键时期。1月")]
    [InlineData(" 严峻形势，要旗帜鲜明讲政治", "严峻形势，要旗帜鲜明讲政治")]
    [InlineData("标题注明“COVID 19 防控”字样", "标题注明“COVID 19防控”字样")]
    [InlineData("文件格式为 Word 2010，请用  Microsoft   Word", "文件格式为Word 2010，请用Microsoft Word")]
    [InlineData("学习\u3000习近平\u00A0新时代", "学习习近平新时代")]
    [InlineData("\f第二页\u00AD的文字\u200B", "第二页的文字")]
    public void A_line_keeps_no_space_next_to_a_chinese_character_and_one_between_latin_words(string line, string clean) =>
        Assert.Equal(clean, ChineseText.Clean(line));

    [Theory]
    [InlineData("切实把思想和行动统一到习近", "平总书记重要指示精神上来", "切实把思想和行动统一到习近平总书记重要指示精神上来")]
    [InlineData("防控关键时期。1月", "27日，习近平总书记", "防控关键时期。1月27日，习近平总书记")]
    [InlineData("文件格式为Word", "2010，标题注明", "文件格式为Word 2010，标题注明")]
    [InlineData("注明COVID-", "19字样", "注明COVID-19字样")]
    [InlineData("邮箱：ldjgdj1616@", "163.com", "邮箱：ldjgdj1616@163.com")]
    public void A_line_break_inside_a_paragraph_is_a_space_only_between_latin_words(string first, string second, string joined) =>
        Assert.Equal(joined, ChineseText.Join(first, second));

    [Theory]
    [InlineData("　　当前是", true)]
    [InlineData("\t当前是", true)]
    [InlineData("    当前是", true)]
    [InlineData(" 严峻形势", false)]
    [InlineData("当前是", false)]
    public void Indentation_is_a_full_width_space_a_tab_or_two_spaces_not_the_single_space_a_page_break_leaves(string line, bool indented) =>
        Assert.Equal(indented, ChineseText.IsIndented(line));

    [Theory]
    [InlineData("2020年1月29日", 2020, 1, 29)]
    [InlineData("二〇二〇年一月二十九日", 2020, 1, 29)]
    [InlineData("二零二零年十二月三十一日", 2020, 12, 31)]
    [InlineData("二○二○年二月十日", 2020, 2, 10)]
    [InlineData("２０２０年２月３日", 2020, 2, 3)]
    [InlineData("2020年元月6日", 2020, 1, 6)]
    [InlineData("2020-01-29", 2020, 1, 29)]
    [InlineData("2020.2.3", 2020, 2, 3)]
    [InlineData("（2020年2月7日）", 2020, 2, 7)]
    public void Dates_are_read_in_the_forms_official_documents_use(string written, int year, int month, int day) =>
        Assert.Equal(new DateOnly(year, month, day), ChineseDates.WholeLine(written)?.Date);

    [Theory]
    [InlineData("2020年2月30日")]
    [InlineData("2020年13月1日")]
    [InlineData("二〇二〇年二月三十日")]
    public void A_date_that_does_not_exist_is_found_but_not_valid(string written)
    {
        var found = ChineseDates.WholeLine(written);

        Assert.NotNull(found);
        Assert.False(found.Value.IsValid);
    }

    [Theory]
    [InlineData("一", 1)]
    [InlineData("十", 10)]
    [InlineData("十二", 12)]
    [InlineData("二十", 20)]
    [InlineData("二十九", 29)]
    [InlineData("廿九", 29)]
    [InlineData("九十九", 99)]
    public void Chinese_numerals_are_read(string numeral, int value) => Assert.Equal(value, ChineseNumerals.Parse(numeral));

    private static SourceLine Line(string text, int number = 1, bool indented = false, bool blankBefore = true) =>
        new(number, text, indented, blankBefore);

    private const int Full = 40;

    [Fact]
    public void A_paragraph_ends_where_a_sentence_ends_and_the_next_line_is_indented()
    {
        Assert.True(Paragraphs.EndsBetween(Line("各单位要落实值班制度，做好防控工作，确保。"), Line("党员要带头", indented: true), Full, false));
        // Indented, but the sentence goes on: the indentation is the extractor's doing.
        Assert.False(Paragraphs.EndsBetween(Line("各单位要落实值班制度，做好防控工作，确保"), Line("党员要带头", indented: true), Full, false));
        // The sentence ends, but nothing says a paragraph starts: a full line that ends a sentence is mid-paragraph.
        Assert.False(Paragraphs.EndsBetween(Line("各单位要落实值班制度，做好防控工作，确保。"), Line("党员要带头"), Full, false));
    }

    [Theory]
    [InlineData("二、在敢战敢胜能战能胜上作表率。市直各")]
    [InlineData("（二）工作目标。做到哪里任务险重，哪里")]
    [InlineData("2.强化督导。市直机关工委将适时开展督查")]
    [InlineData("特此通知。")]
    public void A_paragraph_ends_where_a_sentence_ends_and_the_next_line_starts_a_numbered_item_or_the_closing(string next) =>
        Assert.True(Paragraphs.EndsBetween(Line("把中央和省委、市委各项部署要求落实落细。"), Line(next), Full, false));

    [Fact]
    public void A_line_that_stops_short_of_the_margin_ends_its_paragraph()
    {
        // A heading on its own line, and a paragraph's last line: both stop well before the margin.
        Assert.True(Paragraphs.EndsBetween(Line("一、总体情况"), Line("从督查情况看，各基层党组织认真落实疫情"), Full, false));
        Assert.True(Paragraphs.EndsBetween(Line("建工作成效的重要依据。"), Line("党员要带头"), Full, false));
        // A line that fills the width continues, whatever it ends with.
        Assert.False(Paragraphs.EndsBetween(Line("一、在政治坚定狠抓落实上作表率。面对疫"), Line("情加快蔓延的严峻形势"), Full, false));
        Assert.False(Paragraphs.EndsBetween(Line("控关键时期。1月"), Line("27日，习近平总书记就各级党组织"), 16, false));
    }

    [Fact]
    public void A_page_break_space_does_not_start_a_paragraph()
    {
        const string text = "　　一、在政治坚定狠抓落实上作表率。面对疫情加快蔓延的\n\n 严峻形势，要旗帜鲜明讲政治，增强“四个意识”、坚定“四\n\n个自信”。\n";

        var parsed = DirectiveParser.Parse("关于加强学习的通知\n\n" + text);

        Assert.Equal("面对疫情加快蔓延的严峻形势，要旗帜鲜明讲政治，增强“四个意识”、坚定“四个自信”。", Assert.Single(parsed.Sections).Body);
    }

    [Fact]
    public void Blank_lines_separate_paragraphs_only_where_they_are_rare()
    {
        var lines = new[] { Line("甲", 1, blankBefore: false), Line("乙", 3), Line("丙", 5) };
        Assert.False(Paragraphs.BlankLinesSeparate(lines));
        var rare = new[] { Line("甲", 1, blankBefore: false), Line("乙", 2, blankBefore: false), Line("丙", 3, blankBefore: false), Line("丁", 5) };
        Assert.True(Paragraphs.BlankLinesSeparate(rare));
        Assert.True(Paragraphs.EndsBetween(Line("各单位要落实值班制度，做好防控工作，确保"), Line("党员要带头"), Full, blankLinesSeparate: true));
    }

    [Fact]
    public void Page_numbers_between_the_lines_of_a_pdf_are_dropped()
    {
        const string text = """
            关于加强学习的通知

            市直各基层党组织：

            　　一、加强学习。各单位要认真组织党员学习习近平总书记重

            — 2 —

            要指示精神，做到学懂弄通。

            　　二、注重实效。要把学习成果转化为工作成效，推动各

            第2页 共3页

            项工作落实。
            """;

        var parsed = DirectiveParser.Parse(text);

        Assert.Equal(TextLayout.Wrapped, parsed.Layout);
        Assert.Equal("各单位要认真组织党员学习习近平总书记重要指示精神，做到学懂弄通。", parsed.Sections[0].Body);
        Assert.Equal("要把学习成果转化为工作成效，推动各项工作落实。", parsed.Sections[1].Body);
    }

    [Fact]
    public void Typed_and_wrapped_layouts_are_told_apart()
    {
        Assert.Equal(TextLayout.Wrapped, DirectiveParser.Parse(Texts.FoundingNotice).Layout);
        Assert.Equal(TextLayout.OneParagraphPerLine, DirectiveParser.Parse(Texts.Bulletin).Layout);
        Assert.Equal(TextLayout.OneParagraphPerLine, DirectiveParser.Parse(Texts.News).Layout);
    }

    [Theory]
    [InlineData("联系电话：0738-8312345", "0738-8312345")]
    [InlineData("电话：（0738）8312345", "（0738）8312345")]
    [InlineData("手机13807381234", "13807381234")]
    [InlineData("联系电话：8312345", "8312345")]
    public void Telephone_numbers_are_found(string text, string phone) =>
        Assert.Equal([phone], ContactFinder.Find([text]).Phones);

    [Theory]
    [InlineData("于2020年2月10日前报送")]
    [InlineData("共筹集资金12345678元")]
    [InlineData("身份证号43130219900101123X")]
    [InlineData("邮箱13807381234@qq.com")]
    public void Dates_amounts_and_ids_are_not_telephone_numbers(string text) => Assert.Empty(ContactFinder.Find([text]).Phones);

    [Fact]
    public void A_text_full_of_numbers_yields_a_bounded_list_of_contacts()
    {
        var text = string.Concat(Enumerable.Range(0, 500).Select(i => $"（手机1380{i:D7}，邮箱u{i}@ldjg.gov.cn）"));

        var contact = ContactFinder.Find([text]);

        Assert.Equal(20, contact.Phones.Count);
        Assert.Equal(20, contact.Emails.Count);
        Assert.Equal("13800000000", contact.Phones[0]);
        Assert.True(contact.Text!.Length <= 2000);
        Assert.StartsWith("手机13800000000，邮箱u0@ldjg.gov.cn；", contact.Text, StringComparison.Ordinal);
    }
}
