using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Dangjian.Core.Access;
using Dangjian.Core.Documents;
using Dangjian.Core.Editorial;
using Dangjian.Core.Storage;

namespace Dangjian.Core.Importing;

/// <summary>A text to import as a directive.</summary>
public sealed record ImportRequest(string Text)
{
    /// <summary>Where the text came from (a file name), kept with the original text.</summary>
    public string? SourceName { get; init; }

    /// <summary>Publish at once (an official document already issued) instead of leaving a draft for review.</summary>
    public bool Publish { get; init; }

    /// <summary>
    /// The directive's id, for seeding, whose links name it. Otherwise the id comes from the text's SHA-256, so that
    /// two imports of one text racing each other collide in the store instead of making two directives.
    /// </summary>
    public string? Id { get; init; }

    /// <summary>
    /// The date of issue, when whoever imports knows it (an archive's catalogue of old documents): it wins over the
    /// date the parser finds, and stands in for a missing one, which would otherwise be the day of import.
    /// </summary>
    public DateOnly? IssuedOn { get; init; }
}

/// <summary>The imported directive (or the one imported from the same text before), and what the parser was unsure about.</summary>
public sealed record ImportResult(Directive Directive, IReadOnlyList<ImportWarning> Warnings, bool AlreadyImported)
{
    /// <summary>How the text matched the earlier import when <see cref="AlreadyImported"/>; null for a new directive.</summary>
    public ImportMatch? Match { get; init; }
}

/// <summary>How a text was recognised as one imported before.</summary>
public enum ImportMatch
{
    /// <summary>The very same text (its SHA-256): the same file, or the same text in another encoding.</summary>
    SameText,
    /// <summary>The same text once line endings, spaces and full-width forms are normalised (<see cref="TextFingerprint"/>).</summary>
    SameNormalizedText,
}

/// <summary>A directive imported before from a text, and how the new text matched it.</summary>
public sealed record EarlierImport(Directive Directive, ImportMatch Match);

/// <summary>
/// What an import writes: the directive, and its issuer when that is a new outside organisation (provisional when
/// the directive is a draft), or an existing provisional issuer that a published import now names.
/// </summary>
public sealed record PreparedImport(Directive Directive, Organization? NewIssuer, IReadOnlyList<ImportWarning> Warnings)
{
    /// <summary>The issuer's name as the directive is filed: as found in the text, or <see cref="DirectiveImporter.UnknownIssuerName"/>.</summary>
    public string IssuerName { get; init; } = "";

    /// <summary>A provisional issuer this (published) import confirms, written at the version it was read.</summary>
    public Organization? ConfirmedIssuer { get; init; }

    /// <summary>The issuer first, so that the directive's link points backwards within the commit.</summary>
    public IReadOnlyList<Document> Documents => NewIssuer is null ? [Directive] : [NewIssuer, Directive];

    public IReadOnlyList<DocumentWrite> Writes(string action, string? note) =>
    [
        .. ConfirmedIssuer is { } confirmed ? [new DocumentWrite(confirmed with { Provisional = false }, confirmed.Version, action, note)] : Array.Empty<DocumentWrite>(),
        .. Documents.Select(d => DocumentWrite.Insert(d, action, note)),
    ];
}

/// <summary>The organisations with exactly this name, in id order.</summary>
public delegate Task<IReadOnlyList<Organization>> OrganizationLookup(string name, CancellationToken cancellationToken);

/// <summary>
/// Imports official documents from text: refuses what is not a document's text, parses it, files it under its issuer
/// (adding an outside issuer the tree does not have) and commits directive and issuer together, so that a failure
/// never leaves half an import. A text imported before is found by its SHA-256 and returned instead of a copy.
/// </summary>
public sealed class DirectiveImporter(DocumentWriter writer, ImportOptions options)
{
    /// <summary>The audit action of an import.</summary>
    public const string Action = "import";

    /// <summary>The outside issuer a directive is filed under when its text names none, until an editor sets one.</summary>
    public const string UnknownIssuerName = "发文机关不详";

    public long MaxBytes => options.MaxBytes;

    public async Task<Result<ImportResult>> ImportAsync(Caller caller, ImportRequest request, CancellationToken cancellationToken)
    {
        if (Permissions.RequireEditor(caller, "import directives") is { } denied)
            return denied;
        if (Check(request) is { } invalid)
            return invalid;
        var sha = Sha256Hex(request.Text);
        // A conflict on commit means someone imported the same text, or added the same outside issuer, after we
        // looked; the second round finds theirs.
        for (var round = 1; ; round++)
        {
            if (await FindEarlierAsync(request.Text, cancellationToken) is { } earlier)
                return new ImportResult(earlier.Directive, [], AlreadyImported: true) { Match = earlier.Match };
            var prepared = await PrepareCheckedAsync(request, sha, OrganizationsNamedAsync, cancellationToken);
            var result = await writer.WriteAllAsync(caller, prepared.Writes(Action, request.SourceName is null ? null : $"from {request.SourceName}"),
                cancellationToken);
            switch (result)
            {
                case CommitResult.Committed committed:
                    return new ImportResult(committed.Documents.OfType<Directive>().Single(), prepared.Warnings, AlreadyImported: false);
                case CommitResult.Conflict when round == 1:
                    continue;
                case CommitResult.Conflict conflict:
                    return Error.Validation($"A {conflict.Kind} with id '{conflict.Id}' already exists; nothing was imported.", "input", "id");
                default:
                    throw new InvalidOperationException($"Unexpected commit result {result}.");
            }
        }
    }

    /// <summary>
    /// Checks and parses a text into the documents an import would write, without writing them: seeding puts them in
    /// its own commit. <paramref name="organizationsNamed"/> finds issuers (seeding looks among its own files first).
    /// </summary>
    public async Task<Result<PreparedImport>> PrepareAsync(ImportRequest request, OrganizationLookup organizationsNamed, CancellationToken cancellationToken)
    {
        if (Check(request) is { } invalid)
            return invalid;
        return await PrepareCheckedAsync(request, Sha256Hex(request.Text), organizationsNamed, cancellationToken);
    }

    /// <summary>The organisations in the store with exactly this name.</summary>
    public async Task<IReadOnlyList<Organization>> OrganizationsNamedAsync(string name, CancellationToken cancellationToken) =>
        await writer.Store.QueryAsync(Kinds.Organization, Filter.Eq("name", name), [new SortField("id", SortDirection.Ascending)], 2, cancellationToken);

    /// <summary>The directive imported from a text with this SHA-256, if any.</summary>
    public async Task<Directive?> FindImportedAsync(string sha256, CancellationToken cancellationToken) =>
        (await writer.Store.QueryAsync(Kinds.Directive, Filter.Eq("originalSha", sha256), [new SortField("id", SortDirection.Ascending)], 1, cancellationToken))
        .FirstOrDefault();

    /// <summary>
    /// The directive imported before from this very text, or else from a copy of it that differs only in line endings,
    /// spaces and full-width forms (the same directive saved as GB18030 with CRLF and as UTF-8 with LF); null when none.
    /// </summary>
    public Task<EarlierImport?> FindEarlierAsync(string text, CancellationToken cancellationToken) =>
        FindEarlierAsync(Sha256Hex(text), TextFingerprint.Of(text), cancellationToken);

    /// <summary>As above, for a text whose SHA-256 (<see cref="Sha256Hex"/>) and fingerprint are computed already.</summary>
    internal async Task<EarlierImport?> FindEarlierAsync(string sha256, string fingerprint, CancellationToken cancellationToken)
    {
        if (await FindImportedAsync(sha256, cancellationToken) is { } same)
            return new EarlierImport(same, ImportMatch.SameText);
        var copy = (await writer.Store.QueryAsync(Kinds.Directive, Filter.Eq("fingerprint", fingerprint),
            [new SortField("id", SortDirection.Ascending)], 1, cancellationToken)).FirstOrDefault();
        return copy is null ? null : new EarlierImport(copy, ImportMatch.SameNormalizedText);
    }

    /// <summary>
    /// A batch for importing many texts in few commits (<see cref="ImportBatch"/>): what the import command uses for
    /// its files, so that a folder of thousands is not thousands of commits.
    /// </summary>
    public ImportBatch StartBatch(Caller caller) => new(this, writer, caller);

    /// <summary>Lowercase hex SHA-256 of the text's UTF-8 bytes: the same text gives the same digest whatever file encoding it came in.</summary>
    public static string Sha256Hex(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    internal async Task<PreparedImport> PrepareCheckedAsync(ImportRequest request, string sha, OrganizationLookup organizationsNamed,
        CancellationToken cancellationToken)
    {
        var parsed = DirectiveParser.Parse(request.Text);
        var warnings = parsed.Warnings.ToList();
        if (request.IssuedOn is { } given)
        {
            // The editor's date answers the parser's doubts about the date; a different date in the text is said so.
            warnings.RemoveAll(w => w.Code is ImportWarningCodes.DateNotFound or ImportWarningCodes.DateInvalid or ImportWarningCodes.DatesDiffer);
            if (parsed.IssuedOn is { } written && written != given)
                warnings.Add(new ImportWarning(ImportWarningCodes.DateGiven, $"The text is dated {written:yyyy-MM-dd}; the date given, {given:yyyy-MM-dd}, was used."));
        }
        var issuerName = parsed.Issuer ?? UnknownIssuerName;
        var named = await organizationsNamed(issuerName, cancellationToken);
        Organization? newIssuer = null;
        if (named.Count > 1)
            warnings.Add(new ImportWarning(ImportWarningCodes.IssuerAmbiguous, $"Several organisations are named {issuerName}; the directive is filed under the first (id {named[0].Id})."));
        if (named.Count == 0)
        {
            // A draft's new issuer stays out of readers' sight until a published directive names it.
            newIssuer = new Organization { Id = OutsideIssuerId(issuerName), Name = issuerName, Kind = OrganizationKind.External, Provisional = !request.Publish };
            if (parsed.Issuer is not null)
                warnings.Add(new ImportWarning(ImportWarningCodes.IssuerCreated, $"{issuerName} is not in the organisation tree; it was added as an outside issuer."));
        }
        var id = request.Id ?? sha[..32];
        var directive = new Directive
        {
            Id = id,
            Title = parsed.Title,
            DocumentType = parsed.DocumentType,
            IssuerId = named.Count > 0 ? named[0].Id : newIssuer!.Id,
            DocumentNumber = parsed.DocumentNumber,
            Addressees = parsed.Addressees,
            IssuedOn = request.IssuedOn ?? parsed.IssuedOn ?? ChinaTime.Day(writer.Now),
            Preamble = parsed.Preamble,
            Sections = parsed.Sections.Select((s, i) => new DirectiveSection
            {
                Id = DirectiveSection.MakeId(id, i + 1),
                Number = i + 1,
                Heading = s.Heading,
                Body = s.Body,
            }).ToList(),
            Closing = parsed.Closing,
            Contact = parsed.Contact,
            Attachments = parsed.Attachments,
            References = parsed.References,
            Status = request.Publish ? DirectiveStatus.Published : DirectiveStatus.Draft,
            Original = new OriginalText(request.Text, sha, request.SourceName),
        };
        return new PreparedImport(directive, newIssuer, warnings)
        {
            ConfirmedIssuer = request.Publish && named.Count > 0 && named[0].Provisional ? named[0] : null,
            IssuerName = named.Count > 0 ? named[0].Name : issuerName,
        };
    }

    /// <summary>Outside issuers added by imports get an id from their name, so two imports naming one never make two.</summary>
    private static string OutsideIssuerId(string name) => "ext-" + Sha256Hex(name)[..20];

    /// <summary>Refuses what cannot be a document's text: too large, empty, binary. Checked before anything is parsed.</summary>
    internal Error? Check(ImportRequest request)
    {
        var text = request.Text ?? "";
        if (CheckSize(Encoding.UTF8.GetByteCount(text)) is { } tooLarge)
            return tooLarge;
        if (text.Contains('\0', StringComparison.Ordinal))
            return TextError("This is not text: it contains NUL characters (a binary file such as a PDF, Word document or image?).");
        if (text.All(c => char.IsWhiteSpace(c) || char.GetUnicodeCategory(c) == UnicodeCategory.Format))
            return TextError("The text is empty: there is nothing to import.");
        if (HasLoneSurrogate(text))
            return TextError("This is not valid Unicode text: it contains a lone surrogate character.");
        var noise = text.Count(c => (char.IsControl(c) && !char.IsWhiteSpace(c)) || c == '\uFFFD');
        if (noise * 20 > text.Length)
            return TextError($"This is not text: {noise} of its {text.Length} characters are control characters or could not be decoded (a binary file?).");
        if (request.Id is { } id && (id.Length is 0 or > 100 || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
            return Error.Validation($"id '{id}' must be 1 to 100 letters, digits, - or _.", "input", "id");
        if (request.IssuedOn is { } issuedOn)
        {
            var rules = new InputRules();
            rules.HistoricalDate(issuedOn, ChinaTime.Day(writer.Now), "issuedOn");
            if (rules.Error is { } badDate)
                return badDate;
        }
        if (request.SourceName is { Length: > InputRules.MaxTitle })
            return Error.Validation($"sourceName may be at most {InputRules.MaxTitle} characters.", "input", "sourceName");
        return null;
    }

    /// <summary>The size-limit error for a text, or a file, of <paramref name="bytes"/> bytes; null when it is within the limit.</summary>
    public Error? CheckSize(long bytes) =>
        bytes > options.MaxBytes ? TextError($"The text is too large to import: {Size(bytes)}, and at most {Size(options.MaxBytes)} is accepted.") : null;

    private static bool HasLoneSurrogate(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                i++;
            else if (char.IsSurrogate(text[i]))
                return true;
        }
        return false;
    }

    private static Error TextError(string message) => Error.Validation(message, "input", "text");

    private static string Size(long bytes) => bytes switch
    {
        >= 1 << 20 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1048576.0:0.#} MB ({bytes:N0} bytes)"),
        >= 1 << 10 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KB ({bytes:N0} bytes)"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes} bytes"),
    };
}
