using System.Text.RegularExpressions;
using Dangjian.Core.Documents;

namespace Dangjian.Core.Importing;

/// <summary>
/// The parts of an official document (公文) that have a fixed form, as the Regulations on Handling Party and Government
/// Documents and GB/T 9704 lay them out. Every pattern runs on one cleaned line or paragraph and is non-backtracking,
/// so matching takes time linear in the text whatever the text is.
/// </summary>
internal static class DocumentPatterns
{
    private const RegexOptions Linear = RegexOptions.NonBacktracking | RegexOptions.CultureInvariant;

    private const string CnNumber = "[一二三四五六七八九十]{1,3}";

    /// <summary>The document types (公文种类) a title ends with; the ones the model names map to their value.</summary>
    private static readonly (string Word, DocumentType Type)[] TypeWords =
    [
        ("通知", DocumentType.Notice), ("决定", DocumentType.Decision), ("意见", DocumentType.Opinion),
        ("通报", DocumentType.Bulletin), ("函", DocumentType.Letter), ("指示", DocumentType.Instruction),
        ("决议", DocumentType.Other), ("命令", DocumentType.Other), ("公报", DocumentType.Other), ("公告", DocumentType.Other),
        ("通告", DocumentType.Other), ("报告", DocumentType.Other), ("请示", DocumentType.Other), ("批复", DocumentType.Other),
        ("议案", DocumentType.Other), ("纪要", DocumentType.Other),
    ];

    /// <summary>The type a title names by its last word; null when it ends with none.</summary>
    public static DocumentType? TypeOfTitle(string title) =>
        TypeWords.Where(t => title.EndsWith(t.Word, StringComparison.Ordinal)).Select(t => (DocumentType?)t.Type).FirstOrDefault();

    /// <summary>一、 at the start of a paragraph: a numbered section.</summary>
    private static readonly Regex Section = new($"^(?<n>{CnNumber})、", Linear);

    /// <summary>Items inside a section: （一） (1) 1. 1、 ① 第一条 — they start paragraphs but not sections.</summary>
    private static readonly Regex Item = new(
        $"^([（(]({CnNumber}|[0-9]{{1,2}})[）)]|[0-9０-９]{{1,2}}[.．、]([^0-9０-９]|$)|[①-⑳]|第{CnNumber}[条章节部分])", Linear);

    /// <summary>文号: 娄直工发〔2020〕3号, with [] ［］ ﹝﹞ 【】 or () for the year's brackets, as word processors vary them.</summary>
    private static readonly Regex DocumentNumber = new(
        @"^(?<prefix>[\p{IsCJKUnifiedIdeographs}]{1,12})[〔﹝\[［【(（](?<year>[0-9]{4})[〕﹞\]］】)）](?<n>[0-9]{1,5})号$", Linear);

    /// <summary>A document number cited in brackets after a title: 《…》（湘组发〔2020〕2号）.</summary>
    private static readonly Regex CitedNumber = new(
        @"[（(](?<number>[\p{IsCJKUnifiedIdeographs}]{1,12}[〔﹝\[［【](?<year>[0-9]{4})[〕﹞\]］】][0-9]{1,5}号)[）)]", Linear);

    /// <summary>A quoted document title: 《中共中央关于加强党的政治建设的意见》.</summary>
    private static readonly Regex QuotedTitle = new("《(?<title>[^《》]{2,100})》", Linear);

    /// <summary>The closing formula: 特此通知。 此复。 专此函告。 and a letter's 妥否，请函复。 盼复。</summary>
    private static readonly Regex Closing = new(
        "^((特此|专此|此)(通知|通报|函告|函复|函达|报告|批复|决定|公告|通告|复|函|告知|说明)|(妥否[，,])?(请|恳请|敬请)?(予以|予|研究)?(函复|复函|回复)|盼复)[。！.!]?$",
        Linear);

    /// <summary>The start of the attachments list: 附件：1. … or 附件1：…</summary>
    private static readonly Regex AttachmentsStart = new("^附\\s*件(?<n>[0-9０-９]{1,2})?[:：](?<rest>.*)$", Linear);

    /// <summary>One attachment in the list: 2. 关于…的名单</summary>
    private static readonly Regex AttachmentItem = new("^(附件)?[0-9０-９]{1,2}[.．、:：](?<title>.+)$", Linear);

    /// <summary>Marks above the title that are neither issuer nor title: 份号, 密级, 紧急程度, 签发人.</summary>
    private static readonly Regex HeaderMark = new("^([0-9]{1,8}|(特急|加急|特提|平急|急件|绝密|机密|秘密).*|签发人.*)$", Linear);

    /// <summary>An organisation's name: what issuers and signatures end with (optionally the red header's 文件).</summary>
    private static readonly Regex OrganizationName = new(
        "(委员会|工委|党委|党组|党工委|委|办公室|办公厅|厅|局|部|院|会|中心|政府|总支|支部|小组|组|处|科|所|站|队|学校|大学|医院|公司|集团|机关)(文件)?$",
        Linear);

    /// <summary>Under a decision's title: （2020年2月7日中共娄底市直属机关工作委员会会议通过）.</summary>
    private static readonly Regex Adoption = new("(审议)?(通过|印发|发布|批准|修订)$", Linear);

    /// <summary>The meeting that adopted it, after the issuer's name: 第三次全体会议, 常委会会议, 扩大会议.</summary>
    private static readonly Regex Meeting = new("(第[〇零一二三四五六七八九十百0-9]+次)?(全体|扩大|常务|工作|专题|委员)*(会议|全会)$", Linear);

    /// <summary>Who is addressed is a short list ending in ：; a sentence ending in ："…决定：" "…通知如下：" is not it.</summary>
    private static readonly Regex SentenceBeforeColon = new("(如下|决定|要求|指出|强调|通知|通报|规定|意见|提出|明确)[:：]$", Linear);

    /// <summary>Lines after the signature that are not content: 抄送, 印发, rules, notes such as （此件公开发布）.</summary>
    private static readonly Regex Colophon = new("^(抄送|抄报|主送|印发|校对|[—\\-_=＝─━]{3,}|[（(]此件.*)|印发$", Linear);

    /// <summary>The start of a contact note: （联系人：张三，电话：…）.</summary>
    private static readonly Regex ContactNote = new("^[（(]?(联系人|联系电话|联系方式|联系单位|咨询电话|电话|邮箱|电子邮箱)[:：]", Linear);

    /// <summary>A page number a PDF extractor left between two lines: — 2 —, -2-, 2, 第2页, 第2页 共5页, 2/5.</summary>
    private static readonly Regex PageNumber = new("^([-—–－~]\\s*)?[0-9]{1,3}(\\s*[-—–－~])?$|^第\\s*[0-9]{1,3}\\s*页([，,]?\\s*共\\s*[0-9]{1,3}\\s*页)?$|^[0-9]{1,3}\\s*/\\s*[0-9]{1,3}$", Linear);

    public static bool IsPageNumber(string text) => PageNumber.IsMatch(text);

    public static int? SectionNumber(string paragraph)
    {
        var match = Section.Match(paragraph);
        return match.Success ? ChineseNumerals.Parse(match.Groups["n"].Value) : null;
    }

    public static int SectionMarkerLength(string paragraph) => Section.Match(paragraph) is { Success: true } match ? match.Length : 0;

    public static bool StartsItem(string text) => Section.IsMatch(text) || Item.IsMatch(text);

    public static bool IsClosing(string text) => Closing.IsMatch(text);

    public static bool IsHeaderMark(string text) => HeaderMark.IsMatch(text);

    public static bool IsColophon(string text) => Colophon.IsMatch(text);

    public static bool IsContactNote(string text) => ContactNote.IsMatch(text);

    public static bool LooksLikeOrganization(string text) =>
        text.Length <= 40 && OrganizationName.IsMatch(text) && !text.AsSpan().ContainsAny("，。：；的《");

    /// <summary>The red header's "…委员会文件" is the issuer's name plus 文件.</summary>
    public static string WithoutFileSuffix(string issuer) =>
        issuer.Length > 2 && issuer.EndsWith("文件", StringComparison.Ordinal) ? issuer[..^2] : issuer;

    /// <summary>娄直工发〔2020〕3号 in the standard form (六角括号), whichever brackets the text used; null when not a number.</summary>
    public static string? AsDocumentNumber(string line)
    {
        var match = DocumentNumber.Match(line);
        return match.Success ? $"{match.Groups["prefix"].Value}〔{match.Groups["year"].Value}〕{match.Groups["n"].Value}号" : null;
    }

    public static bool IsAddresseeLine(string text) =>
        text.Length <= 150 && (text.EndsWith('：') || text.EndsWith(':')) && !text.Contains('。', StringComparison.Ordinal)
        && !SentenceBeforeColon.IsMatch(text) && !StartsItem(text);

    /// <summary>
    /// The issuer named by a subtitle such as （2020年2月7日中共娄底市直属机关工作委员会第三次全体会议通过）: the date and
    /// what adopted it. Null when the line is not such a subtitle.
    /// </summary>
    public static (FoundDate Date, string? Issuer)? Subtitle(string line)
    {
        if (line.Length < 4 || line[0] is not ('（' or '(') || line[^1] is not ('）' or ')'))
            return null;
        var inner = line[1..^1];
        if (ChineseDates.Find(inner) is not { Index: 0 } date)
            return null;
        var issuer = inner[date.Length..].Trim('，', ',', ' ');
        issuer = Adoption.Match(issuer) is { Success: true } adopted ? issuer[..adopted.Index] : issuer;
        issuer = Meeting.Match(issuer) is { Success: true } meeting ? issuer[..meeting.Index] : issuer;
        return (date, LooksLikeOrganization(issuer) ? issuer : null);
    }

    public static (int? Number, string Text)? AttachmentsHeader(string line)
    {
        var match = AttachmentsStart.Match(line);
        return match.Success
            ? (match.Groups["n"].Success ? ChineseDates.Number(match.Groups["n"].Value, positional: false) : null, match.Groups["rest"].Value.Trim())
            : null;
    }

    /// <summary>The title of one item in an attachments list ("2. 名单" → "名单"); null when the line is not one.</summary>
    public static string? AttachmentTitle(string line)
    {
        var match = AttachmentItem.Match(line);
        return match.Success ? match.Groups["title"].Value.Trim() : null;
    }

    /// <summary>Higher directives cited in the text: quoted titles of official documents, and numbers cited after them.</summary>
    public static IEnumerable<string> References(string text)
    {
        foreach (Match match in QuotedTitle.Matches(text))
        {
            var title = match.Groups["title"].Value;
            if (TypeOfTitle(title) is not null || EndsWithRuleWord(title))
                yield return "《" + title + "》";
        }
        foreach (Match match in CitedNumber.Matches(text))
            yield return match.Groups["number"].Value;
    }

    /// <summary>Rules and plans (条例, 规定, 办法 …) are cited as higher directives too; books and articles are not.</summary>
    private static bool EndsWithRuleWord(string title) => RuleWords.Any(w => title.EndsWith(w, StringComparison.Ordinal));

    private static readonly string[] RuleWords = ["条例", "规定", "办法", "细则", "规则", "准则", "方案", "纲要", "规划", "要点"];
}
