using Dangjian.Core.Documents;

namespace Dangjian.Tests.Search;

/// <summary>
/// The founding notice (2020-01-29) as a Directive, built from its text as extracted from the PDF: line breaks and
/// the PDF's spaces removed, then cut at 一、 … 五、 into sections whose heading is the first sentence.
/// </summary>
public static class FoundingNotice
{
    public const string Title = "关于动员市直基层党组织和党员干部在疫情防控阻击战中冲在前、勇担当、作表率的通知";
    private const string Issuer = "中共娄底市直属机关工作委员会";
    private const string Addressee = "市直各基层党组织：";
    private static readonly string[] Numerals = ["一、", "二、", "三、", "四、", "五、"];

    public static string Text { get; } = string.Concat(
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Search", "notice-2020-01-29.txt")).Where(c => !char.IsWhiteSpace(c)));

    public static Directive Create(string id, string issuerId, DirectiveStatus status = DirectiveStatus.Published)
    {
        var text = Text;
        var body = text[(text.IndexOf(Addressee, StringComparison.Ordinal) + Addressee.Length)..];
        body = body[..body.LastIndexOf(Issuer, StringComparison.Ordinal)]; // the signature and date at the end
        var starts = new List<int>();
        foreach (var numeral in Numerals)
            starts.Add(body.IndexOf(numeral, starts.Count == 0 ? 0 : starts[^1], StringComparison.Ordinal));
        var sections = new List<DirectiveSection>();
        for (var i = 0; i < starts.Count; i++)
        {
            var end = i + 1 < starts.Count ? starts[i + 1] : body.Length;
            var section = body[(starts[i] + Numerals[i].Length)..end];
            var stop = section.IndexOf('。', StringComparison.Ordinal);
            sections.Add(new DirectiveSection
            {
                Id = DirectiveSection.MakeId(id, i + 1),
                Number = i + 1,
                Heading = section[..stop],
                Body = section[(stop + 1)..],
            });
        }
        return new Directive
        {
            Id = id,
            Title = Title,
            IssuerId = issuerId,
            IssuedOn = new DateOnly(2020, 1, 29),
            Addressees = ["市直各基层党组织"],
            Preamble = body[..starts[0]],
            Sections = sections,
            Status = status,
            Tags = ["疫情防控"],
            Contact = new ContactDetails { Emails = ["ldjgdj1616@163.com"] },
        };
    }
}
