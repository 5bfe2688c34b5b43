namespace Dangjian.Core.Documents;

/// <summary>An official document (公文): a notice, decision, opinion, bulletin or letter.</summary>
public sealed record Directive : Document
{
    public required string Title { get; init; }

    public DocumentType DocumentType { get; init; } = DocumentType.Notice;

    /// <summary>The issuing organisation's id.</summary>
    public required string IssuerId { get; init; }

    /// <summary>文号, e.g. 娄直工发〔2020〕3号. Many notices have none.</summary>
    public string? DocumentNumber { get; init; }

    /// <summary>主送: the addressees as written, e.g. 市直各基层党组织.</summary>
    public IReadOnlyList<string> Addressees { get; init; } = [];

    public required DateOnly IssuedOn { get; init; }

    public string Preamble { get; init; } = "";

    public IReadOnlyList<DirectiveSection> Sections { get; init; } = [];

    /// <summary>Closing formula after the sections, e.g. 特此通知.</summary>
    public string? Closing { get; init; }

    public ContactDetails Contact { get; init; } = ContactDetails.None;

    /// <summary>附件: attachment titles, in order.</summary>
    public IReadOnlyList<string> Attachments { get; init; } = [];

    /// <summary>Higher directives this one carries out (中央、省委、市委 …), as written.</summary>
    public IReadOnlyList<string> References { get; init; } = [];

    public IReadOnlyList<string> Tags { get; init; } = [];

    public DirectiveStatus Status { get; init; } = DirectiveStatus.Published;

    /// <summary>The text the directive was imported from, verbatim, when there was one.</summary>
    public OriginalText? Original { get; init; }

    [System.Text.Json.Serialization.JsonIgnore]
    public IEnumerable<string> SectionIds => Sections.Select(s => s.Id);
}

/// <summary>
/// A numbered section (一、二、…). Its id is assigned once and kept when sections are edited or renumbered,
/// so that activities, stories and citations pointing at it stay right.
/// </summary>
public sealed record DirectiveSection
{
    /// <summary>A section's type name in the API and its global ids' prefix (a section is stored inside its directive, not as a kind).</summary>
    public const string TypeName = "DirectiveSection";

    /// <summary>"{directiveId}.s{n}", where n is the number the section had when it was created.</summary>
    public required string Id { get; init; }

    public required int Number { get; init; }

    public required string Heading { get; init; }

    public string Body { get; init; } = "";

    public static string MakeId(string directiveId, int number) => $"{directiveId}.s{number}";

    /// <summary>The directive a section id belongs to, or null when the id is not of the section form.</summary>
    public static string? DirectiveIdOf(string sectionId)
    {
        var dot = sectionId.LastIndexOf(".s", StringComparison.Ordinal);
        return dot > 0 ? sectionId[..dot] : null;
    }
}

public sealed record ContactDetails
{
    public static readonly ContactDetails None = new();

    public IReadOnlyList<string> Emails { get; init; } = [];

    public IReadOnlyList<string> Phones { get; init; } = [];

    /// <summary>The contact line as written, e.g. （邮箱：ldjgdj1616@163.com）.</summary>
    public string? Text { get; init; }
}

public sealed record OriginalText(string Text, string Sha256, string? SourceName);

public enum DocumentType
{
    /// <summary>通知</summary>
    Notice,
    /// <summary>决定</summary>
    Decision,
    /// <summary>意见</summary>
    Opinion,
    /// <summary>通报</summary>
    Bulletin,
    /// <summary>函</summary>
    Letter,
    /// <summary>指示</summary>
    Instruction,
    Other,
}

public enum DirectiveStatus
{
    /// <summary>Being prepared; editors only.</summary>
    Draft,
    /// <summary>In force and visible to everyone.</summary>
    Published,
    /// <summary>Withdrawn (撤销); kept and visible for the record.</summary>
    Rescinded,
}
