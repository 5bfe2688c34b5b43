using Dangjian.Core.Documents;

namespace Dangjian.Core.Importing;

/// <summary>Something the parser (or importer) was unsure about, for an editor to check.</summary>
/// <param name="Code">Stable, one of <see cref="ImportWarningCodes"/>.</param>
/// <param name="Line">The 1-based line of the original text it is about, when there is one.</param>
public sealed record ImportWarning(string Code, string Message, int? Line = null);

/// <summary>Warning codes clients can rely on. Adding one is fine; renaming one breaks clients.</summary>
public static class ImportWarningCodes
{
    /// <summary>Every code, in the order they are declared here: what the API's description lists.</summary>
    public static readonly IReadOnlyList<string> All = typeof(ImportWarningCodes)
        .GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
        .Where(f => f.IsLiteral)
        .OrderBy(f => f.MetadataToken)
        .Select(f => (string)f.GetRawConstantValue()!)
        .ToList();

    /// <summary>Nothing of a 公文's structure was recognised: the whole text is the preamble.</summary>
    public const string Unstructured = "UNSTRUCTURED";

    /// <summary>No title (…关于…的通知) was found; one was made from the first sentence.</summary>
    public const string TitleGuessed = "TITLE_GUESSED";

    /// <summary>No issuing organisation was found above the title, under it, in the title or in the signature.</summary>
    public const string IssuerNotFound = "ISSUER_NOT_FOUND";

    /// <summary>Several issuers (joint issuance); the first is the directive's issuer.</summary>
    public const string JointIssuers = "JOINT_ISSUERS";

    /// <summary>The issuer is not in the organisation tree: it was added as an outside issuer.</summary>
    public const string IssuerCreated = "ISSUER_CREATED";

    /// <summary>Several organisations have the issuer's name; the first was taken.</summary>
    public const string IssuerAmbiguous = "ISSUER_AMBIGUOUS";

    /// <summary>A line above the title is neither issuer, document number nor a header mark.</summary>
    public const string HeaderIgnored = "HEADER_IGNORED";

    /// <summary>No date of issue (成文日期) was found.</summary>
    public const string DateNotFound = "DATE_NOT_FOUND";

    /// <summary>The date written does not exist (2020年2月30日).</summary>
    public const string DateInvalid = "DATE_INVALID";

    /// <summary>The date under the title and the date under the signature differ.</summary>
    public const string DatesDiffer = "DATES_DIFFER";

    /// <summary>The importer was given the date of issue (an archive's own record of it), and the text says another: the given one was used.</summary>
    public const string DateGiven = "DATE_GIVEN";

    /// <summary>No addressees (主送) line ending in ： was found.</summary>
    public const string NoAddressees = "NO_ADDRESSEES";

    /// <summary>No numbered sections (一、二、…): everything is in the preamble.</summary>
    public const string NoSections = "NO_SECTIONS";

    /// <summary>A section's number is not the one after the previous section's.</summary>
    public const string SectionNumberUnexpected = "SECTION_NUMBER_UNEXPECTED";

    /// <summary>A section's first sentence is long for a heading: there may be no heading.</summary>
    public const string SectionHeadingLong = "SECTION_HEADING_LONG";

    /// <summary>Lines after the signature and date were not recognised (kept in the original text only).</summary>
    public const string TrailingText = "TRAILING_TEXT";

    /// <summary>The text holds characters that could not be decoded (U+FFFD).</summary>
    public const string UndecodableCharacters = "UNDECODABLE_CHARACTERS";
}

/// <summary>A numbered section as parsed: its number as written, heading and body.</summary>
public sealed record ParsedSection(int WrittenNumber, string Heading, string Body, int Line);

/// <summary>What the parser read from a 公文's text. Fields it could not find are null or empty, with a warning.</summary>
public sealed record ParsedDirective
{
    public required string Title { get; init; }

    public DocumentType DocumentType { get; init; } = DocumentType.Other;

    /// <summary>发文机关 as written: above the title, under it (a decision's adoption line), in the title, or the signature.</summary>
    public string? Issuer { get; init; }

    public string? DocumentNumber { get; init; }

    public IReadOnlyList<string> Addressees { get; init; } = [];

    public DateOnly? IssuedOn { get; init; }

    /// <summary>The text before the first section; paragraphs separated by a line break.</summary>
    public string Preamble { get; init; } = "";

    public IReadOnlyList<ParsedSection> Sections { get; init; } = [];

    public string? Closing { get; init; }

    /// <summary>The signature (落款) lines, as written.</summary>
    public IReadOnlyList<string> Signature { get; init; } = [];

    public ContactDetails Contact { get; init; } = ContactDetails.None;

    public IReadOnlyList<string> Attachments { get; init; } = [];

    public IReadOnlyList<string> References { get; init; } = [];

    public TextLayout Layout { get; init; }

    public IReadOnlyList<ImportWarning> Warnings { get; init; } = [];
}
