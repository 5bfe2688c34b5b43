using System.Globalization;
using Dangjian.Core.Access;
using Dangjian.Core.Documents;
using Dangjian.Core.Storage;

namespace Dangjian.Core.Editorial;

/// <summary>A section as an editor writes it: an existing section's id keeps its identity; no id makes a new section.</summary>
public sealed record SectionContent(string? Id, string? Heading, string? Body);

public sealed record DirectiveContent
{
    public string? Title { get; init; }
    public DocumentType? DocumentType { get; init; }
    public string? DocumentNumber { get; init; }
    public string? IssuerId { get; init; }
    public IReadOnlyList<string>? Addressees { get; init; }
    public DateOnly? IssuedOn { get; init; }
    public string? Preamble { get; init; }
    public IReadOnlyList<SectionContent>? Sections { get; init; }
    public string? Closing { get; init; }
    public IReadOnlyList<string>? ContactEmails { get; init; }
    public IReadOnlyList<string>? ContactPhones { get; init; }
    public string? ContactText { get; init; }
    public IReadOnlyList<string>? Attachments { get; init; }
    public IReadOnlyList<string>? References { get; init; }
    public IReadOnlyList<string>? Tags { get; init; }
}

/// <summary>Editors' directives: drafted, published, updated (sections keep their ids) and rescinded, never deleted.</summary>
public sealed class DirectiveService(DocumentWriter writer)
{
    public const int MaxSections = 200;

    public async Task<Result<Directive>> CreateAsync(Caller caller, DirectiveContent content, CancellationToken cancellationToken)
    {
        if (Permissions.RequireEditor(caller, "create directives") is { } denied)
            return denied;
        var rules = new InputRules();
        if (content.IssuerId is null)
            rules.Fail("issuerId is required.", "issuerId");
        if (content.IssuedOn is null)
            rules.Fail("issuedOn is required.", "issuedOn");
        var id = DocumentWriter.NewId();
        var directive = await ValidateAsync(caller, rules, new Directive
        {
            Id = id,
            Title = "",
            IssuerId = content.IssuerId ?? "",
            IssuedOn = content.IssuedOn ?? default,
            Status = DirectiveStatus.Draft,
        }, content, isNew: true, cancellationToken);
        return rules.IsValid ? await writer.CreateAsync(caller, directive, "create", null, cancellationToken) : rules.Error!;
    }

    public async Task<Result<Directive>> UpdateAsync(Caller caller, string id, long expectedVersion, DirectiveContent content, string? note,
        CancellationToken cancellationToken)
    {
        if (Permissions.RequireEditor(caller, "edit directives") is { } denied)
            return denied;
        var noteRules = new InputRules();
        var cleanNote = noteRules.Optional(note, "note", InputRules.MaxShortText);
        return await writer.UpdateAsync(caller, Kinds.Directive, id, expectedVersion, async (current, ct) =>
        {
            if (current.Status == DirectiveStatus.Rescinded)
                return new ForbiddenTransitionError("RESCINDED", "UPDATE", "A rescinded directive is kept as it was; it cannot be edited.");
            var rules = new InputRules();
            var edited = await ValidateAsync(caller, rules, current, content, isNew: false, ct);
            rules.Optional(note, "note", InputRules.MaxShortText);
            return rules.IsValid ? edited : rules.Error!;
        }, ConfirmIssuerAsync, "update", cleanNote, cancellationToken);
    }

    public Task<Result<Directive>> PublishAsync(Caller caller, string id, long expectedVersion, CancellationToken cancellationToken) =>
        MoveAsync(caller, id, expectedVersion, DirectiveStatus.Draft, DirectiveStatus.Published, "publish", null, cancellationToken);

    public Task<Result<Directive>> RescindAsync(Caller caller, string id, long expectedVersion, string? note, CancellationToken cancellationToken) =>
        MoveAsync(caller, id, expectedVersion, DirectiveStatus.Published, DirectiveStatus.Rescinded, "rescind", note, cancellationToken);

    private Task<Result<Directive>> MoveAsync(Caller caller, string id, long expectedVersion, DirectiveStatus from, DirectiveStatus to,
        string action, string? note, CancellationToken cancellationToken)
    {
        if (Permissions.RequireEditor(caller, $"{action} directives") is { } denied)
            return Task.FromResult<Result<Directive>>(denied);
        return writer.UpdateAsync(caller, Kinds.Directive, id, expectedVersion, (directive, _) => Task.FromResult<Result<Directive>>(directive.Status == from
                ? directive with { Status = to }
                : new ForbiddenTransitionError(EnumNames.ToConstant(directive.Status), action.ToUpperInvariant(),
                    $"Only a {EnumNames.ToConstant(from)} directive can be {action}ed; this one is {EnumNames.ToConstant(directive.Status)}.")),
            ConfirmIssuerAsync, action, note, cancellationToken);
    }

    /// <summary>
    /// A provisional issuer (added by a draft import) becomes public in the commit that first lets readers see a
    /// directive naming it; until then it exists for editors only.
    /// </summary>
    private async Task<IReadOnlyList<DocumentWrite>> ConfirmIssuerAsync(Directive directive, CancellationToken cancellationToken)
    {
        if (directive.Status == DirectiveStatus.Draft)
            return [];
        var issuer = await writer.Store.GetAsync(Kinds.Organization, directive.IssuerId, cancellationToken);
        return issuer is { Provisional: true }
            ? [new DocumentWrite(issuer with { Provisional = false }, issuer.Version, "confirm", "named by a published directive")]
            : [];
    }

    private async Task<Directive> ValidateAsync(Caller caller, InputRules rules, Directive directive, DirectiveContent content, bool isNew,
        CancellationToken cancellationToken)
    {
        var result = directive with
        {
            Title = isNew || content.Title is not null ? rules.Required(content.Title, "title", InputRules.MaxTitle) : directive.Title,
            DocumentType = content.DocumentType ?? directive.DocumentType,
            DocumentNumber = content.DocumentNumber is null ? directive.DocumentNumber : rules.Optional(content.DocumentNumber, "documentNumber", 100),
            IssuerId = content.IssuerId ?? directive.IssuerId,
            Addressees = content.Addressees is null ? directive.Addressees : rules.List(content.Addressees, "addressees", InputRules.MaxTitle),
            IssuedOn = content.IssuedOn ?? directive.IssuedOn,
            Preamble = content.Preamble is null ? directive.Preamble : rules.Optional(content.Preamble, "preamble", InputRules.MaxBody) ?? "",
            Closing = content.Closing is null ? directive.Closing : rules.Optional(content.Closing, "closing", InputRules.MaxShortText),
            Contact = content.ContactEmails is null && content.ContactPhones is null && content.ContactText is null
                ? directive.Contact
                : new ContactDetails
                {
                    Emails = content.ContactEmails is null ? directive.Contact.Emails : rules.List(content.ContactEmails, "contactEmails", 200),
                    Phones = content.ContactPhones is null ? directive.Contact.Phones : rules.List(content.ContactPhones, "contactPhones", 50),
                    Text = content.ContactText is null ? directive.Contact.Text : rules.Optional(content.ContactText, "contactText", InputRules.MaxShortText),
                },
            Attachments = content.Attachments is null ? directive.Attachments : rules.List(content.Attachments, "attachments", InputRules.MaxTitle),
            References = content.References is null ? directive.References : rules.List(content.References, "references", InputRules.MaxTitle),
            Tags = content.Tags is null ? directive.Tags : rules.List(content.Tags, "tags"),
        };
        if (result.Contact.Emails.Any(e => !e.Contains('@', StringComparison.Ordinal)))
            rules.Fail("contactEmails: each must be an e-mail address.", "contactEmails");
        if (content.Sections is not null)
            result = result with { Sections = await SectionsAsync(rules, directive, content.Sections, cancellationToken) };
        if (content.IssuerId is not null)
            await rules.ExistAsync(writer.Store, caller, Kinds.Organization, [content.IssuerId], "issuerId", cancellationToken);
        return result;
    }

    /// <summary>
    /// Numbers sections by their order; keeps the ids of sections given with one, gives new ones fresh ids, and refuses
    /// to drop a section that activities or stories point at, so no link is silently broken.
    /// </summary>
    private async Task<IReadOnlyList<DirectiveSection>> SectionsAsync(InputRules rules, Directive directive, IReadOnlyList<SectionContent> input,
        CancellationToken cancellationToken)
    {
        if (input.Count > MaxSections)
            rules.Fail($"sections: at most {MaxSections}.", "sections");
        var existing = directive.Sections.ToDictionary(s => s.Id, StringComparer.Ordinal);
        var nextKey = directive.Sections.Select(s => KeyOf(s.Id)).DefaultIfEmpty(0).Max() + 1;
        var sections = new List<DirectiveSection>(input.Count);
        for (var i = 0; i < input.Count; i++)
        {
            var given = input[i];
            var path = $"sections.{i}";
            if (given.Id is not null && !existing.ContainsKey(given.Id))
                rules.Fail($"{path}.id: this directive has no section '{given.Id}'.", "sections", i.ToString(CultureInfo.InvariantCulture), "id");
            sections.Add(new DirectiveSection
            {
                Id = given.Id ?? DirectiveSection.MakeId(directive.Id, nextKey++),
                Number = i + 1,
                Heading = rules.Required(given.Heading, $"{path}.heading", InputRules.MaxTitle),
                Body = rules.Optional(given.Body, $"{path}.body", InputRules.MaxBody) ?? "",
            });
        }
        if (sections.Select(s => s.Id).Distinct(StringComparer.Ordinal).Count() != sections.Count)
            rules.Fail("sections: a section id appears twice.", "sections");
        foreach (var dropped in directive.Sections.Where(s => sections.All(n => n.Id != s.Id)))
        {
            var linked = new ListCondition("sectionIds", ListQuantifier.Some, Filter.Eq(ListCondition.Element, dropped.Id));
            var count = await writer.Store.CountAsync(Kinds.ActivityLog, linked, cancellationToken)
                + await writer.Store.CountAsync(Kinds.Story, linked, cancellationToken);
            if (count > 0)
                rules.Fail($"sections: section {dropped.Number} ({dropped.Heading}) is linked by {count} activities or stories and cannot be removed.", "sections");
        }
        return sections;
    }

    private static int KeyOf(string sectionId)
    {
        var dot = sectionId.LastIndexOf(".s", StringComparison.Ordinal);
        return dot >= 0 && int.TryParse(sectionId.AsSpan(dot + 2), NumberStyles.None, CultureInfo.InvariantCulture, out var key) ? key : 0;
    }
}
