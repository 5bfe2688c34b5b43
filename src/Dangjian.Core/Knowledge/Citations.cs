using System.Globalization;
using Dangjian.Core.Documents;

namespace Dangjian.Core.Knowledge;

public enum CitationStyle
{
    /// <summary>GB/T 7714-2015 信息与文献 参考文献著录规则, the form Chinese publications require.</summary>
    GbT7714,
    /// <summary>APA, 7th edition.</summary>
    Apa,
}

/// <summary>What a reference needs, whatever the document: who is responsible, the title, the date and where it is.</summary>
public sealed record CitationSource(string Author, string Title, string? OtherTitleInformation, DateOnly? Published, string Url);

/// <summary>
/// References to documents in the archive. GB/T 7714-2015 treats an online official document as an electronic
/// bulletin: 主要责任者. 题名: 其他题名信息[EB/OL]. (发布日期)[引用日期]. 获取和访问路径. — the document number
/// (文号), or for a section its number and heading, is the other title information.
/// </summary>
public static class Citations
{
    /// <summary>The author of a work whose author is not known (佚名), as GB/T 7714 prescribes.</summary>
    public const string Anonymous = "佚名";

    private static readonly string[] ChineseNumerals = ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

    public static string Format(CitationSource source, CitationStyle style, DateOnly accessed) => style switch
    {
        CitationStyle.GbT7714 => string.Concat(
            source.Author, ". ",
            source.Title,
            source.OtherTitleInformation is null ? "" : ": " + source.OtherTitleInformation,
            "[EB/OL]. ",
            source.Published is { } published ? $"({Iso(published)})" : "",
            $"[{Iso(accessed)}]. ",
            source.Url, "."),
        CitationStyle.Apa => string.Concat(
            source.Author, ". ",
            source.Published is { } date ? $"({date.Year}, {date.ToString("MMMM d", CultureInfo.InvariantCulture)}). " : "(n.d.). ",
            source.Title,
            source.OtherTitleInformation is null ? "" : $" ({source.OtherTitleInformation})",
            ". ",
            source.Url),
        _ => throw new ArgumentOutOfRangeException(nameof(style)),
    };

    /// <summary>The section's number as a Chinese document writes it: 1 → 一、, 12 → 十二、.</summary>
    public static string SectionLabel(int number) => number switch
    {
        <= 0 => number.ToString(CultureInfo.InvariantCulture),
        <= 10 => ChineseNumerals[number],
        < 20 => "十" + ChineseNumerals[number % 10].Replace("〇", "", StringComparison.Ordinal),
        < 100 => ChineseNumerals[number / 10] + "十" + (number % 10 == 0 ? "" : ChineseNumerals[number % 10]),
        _ => number.ToString(CultureInfo.InvariantCulture),
    } + "、";

    public static CitationSource ForDirective(Directive directive, string issuerName, string url) =>
        new(issuerName, directive.Title, directive.DocumentNumber, directive.IssuedOn, url);

    public static CitationSource ForSection(Directive directive, DirectiveSection section, string issuerName, string url) =>
        new(issuerName, directive.Title, SectionLabel(section.Number) + section.Heading, directive.IssuedOn, url);

    public static CitationSource ForStory(Story story, string organizationName, string url) =>
        new(organizationName, story.Title, null, story.OccurredOn ?? ChinaTime.Day(story.PublishedAt ?? story.SubmittedAt), url);

    public static CitationSource ForActivityLog(ActivityLog log, string organizationName, string url) =>
        new(organizationName, log.Title, null, ChinaTime.Day(log.OccurredAt), url);

    /// <summary>A material with no known source is cited as 佚名 (anonymous), as GB/T 7714 prescribes.</summary>
    public static CitationSource ForStudyMaterial(StudyMaterial material, string url) =>
        new(material.Source ?? Anonymous, material.Title, null, material.PublishedOn, url);

    public static CitationSource ForOrganization(Organization organization, string url) =>
        new(organization.Name, organization.Name, null, organization.EstablishedOn, url);

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
