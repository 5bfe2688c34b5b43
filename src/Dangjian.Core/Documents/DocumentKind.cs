using System.Collections.Frozen;
using Dangjian.Core.Knowledge;

using Dangjian.Core.Search;

namespace Dangjian.Core.Documents;

/// <summary>
/// One kind of document: its type name (also the prefix of its global ids), the collection or table it lives
/// in, the fields the stores index, and the facts every reader of many kinds asks (title, date, organisation,
/// searchable text, citation). Everything a store, the search index, the timeline or the API needs to know about a
/// kind is here, so that adding a filterable field is one line and adding a kind is one entry in <see cref="Kinds"/>.
/// </summary>
public abstract class DocumentKind
{
    private protected DocumentKind(string typeName, string collection, Type clrType, IReadOnlyList<FieldDefinition> fields,
        string? dateField, string? organizationField)
    {
        TypeName = typeName;
        Collection = collection;
        ClrType = clrType;
        Fields = fields;
        FieldsByName = fields.ToFrozenDictionary(f => f.Name, StringComparer.Ordinal);
        if (dateField is not null && FieldsByName.GetValueOrDefault(dateField)?.Type is not (FieldKind.Date or FieldKind.DateTime))
            throw new InvalidOperationException($"{typeName}: the date field '{dateField}' must be a date or date-time field.");
        if (organizationField is not null && FieldsByName.GetValueOrDefault(organizationField) is not { Type: FieldKind.Id, IsList: false })
            throw new InvalidOperationException($"{typeName}: the organisation field '{organizationField}' must be a single id field.");
        DateField = dateField is null ? null : FieldsByName[dateField];
        OrganizationField = organizationField is null ? null : FieldsByName[organizationField];
    }

    public string TypeName { get; }

    public string Collection { get; }

    public Type ClrType { get; }

    public IReadOnlyList<FieldDefinition> Fields { get; }

    public FrozenDictionary<string, FieldDefinition> FieldsByName { get; }

    /// <summary>
    /// The stored date a document of this kind is dated by, which the timeline orders on (a story by when it was
    /// submitted, which every story has); null for a kind that is not on the timeline.
    /// </summary>
    public FieldDefinition? DateField { get; }

    /// <summary>The one organisation a document is of (issuer, organiser, submitter): whose name cites it and whose subtree holds it.</summary>
    public FieldDefinition? OrganizationField { get; }

    /// <summary>Whether the search index holds this kind (it has searchable text).</summary>
    public abstract bool IsSearchable { get; }

    public FieldDefinition? Field(string name) => FieldsByName.GetValueOrDefault(name);

    /// <summary>
    /// The link field shown under <paramref name="publicName"/> (submittingOrganization, activityLogs) when it points at
    /// documents of a kind, which a filter can then reach through it; null for any other name. Links to what is not a
    /// kind (a directive's sections, kept inside the directive) have no documents of their own to filter.
    /// </summary>
    public FieldDefinition? Relation(string publicName) =>
        Fields.FirstOrDefault(f => f.RelatedKind is not null && f.Name != "id" && f.PublicName == publicName);

    /// <summary>Every link field that points at documents of a kind (see <see cref="Relation"/>), in field order.</summary>
    public IEnumerable<FieldDefinition> Relations => Fields.Where(f => f.RelatedKind is not null && f.Name != "id");

    /// <summary>The kind as a constant (STUDY_MATERIAL): its value in the API's enums of kinds.</summary>
    public string Constant => EnumNames.Policy.ConvertName(TypeName);

    /// <summary>What the kind is, for people, e.g. "Directives (通知, 决定, 意见 …).": its description in the API's enums of kinds.</summary>
    public abstract string Description { get; }

    /// <summary>What the kind is and what dates it on the timeline, for people; null for a kind not on the timeline.</summary>
    public abstract string? DatedDescription { get; }

    /// <summary>What a reader sees as the document's title (an organisation's name).</summary>
    public abstract string TitleOf(Document document);

    /// <summary>
    /// The date a reader sees the document under, which search filters, sorts and counts by and exports show (a
    /// story's publication, else its submission); a calendar date counts as midnight China time. Null when not dated.
    /// </summary>
    public abstract DateTimeOffset? DateOf(Document document);

    /// <summary>Every organisation the document belongs to, for the search subtree filter and the organisation facet.</summary>
    public abstract IEnumerable<string> OrganizationIdsOf(Document document);

    /// <summary>The value of <see cref="DateField"/>, a calendar date as midnight China time; null for a kind not on the timeline.</summary>
    public abstract DateTimeOffset? DatedAt(Document document);

    /// <summary>The one organisation the document is of (see <see cref="OrganizationField"/>), or null.</summary>
    public string? OrganizationOf(Document document) => OrganizationField?.Read(document) as string;

    /// <summary>The title and the other searchable text, one value per part, so phrases and fragments stay inside a part.</summary>
    public abstract (string Title, IEnumerable<string> Texts) TextOf(Document document);

    /// <summary>The document's tags (none for a kind without a tags field).</summary>
    public IEnumerable<string> TagsOf(Document document) => Field("tags") is { IsList: true } tags
        ? tags.ReadList(document).Cast<string>()
        : [];

    /// <summary>What a reference to the document names, given the name of <see cref="OrganizationOf"/> (null when it has none).</summary>
    public abstract CitationSource CitationOf(Document document, string? organizationName, string url);

    /// <summary>Runs <paramref name="function"/> with this kind's document type known: how to do anything generic over a kind only known at run time.</summary>
    public abstract TResult Apply<TResult>(IKindFunction<TResult> function);

    public override string ToString() => TypeName;
}

/// <summary>Something done with a kind whose document type is a type parameter (see <see cref="DocumentKind.Apply{TResult}"/>).</summary>
public interface IKindFunction<out TResult>
{
    TResult Invoke<T>(DocumentKind<T> kind) where T : Document;
}

/// <summary>The per-kind facts <see cref="DocumentKind"/> answers, written once per kind in <see cref="Kinds"/>.</summary>
internal sealed record KindFacts<T> where T : Document
{
    public required string Description { get; init; }

    public string? DatedDescription { get; init; }

    public required Func<T, string> Title { get; init; }

    /// <summary>The name of the <see cref="DocumentKind.DateField"/>.</summary>
    public string? DateField { get; init; }

    public Func<T, DateTimeOffset>? Date { get; init; }

    /// <summary>The value of the date field, when it is not <see cref="Date"/>.</summary>
    public Func<T, DateTimeOffset>? DatedAt { get; init; }

    /// <summary>The name of the <see cref="DocumentKind.OrganizationField"/>.</summary>
    public string? OrganizationField { get; init; }

    public Func<T, IEnumerable<string>> Organizations { get; init; } = _ => [];

    /// <summary>The searchable text besides the title; null for a kind the search index does not hold.</summary>
    public Func<T, IEnumerable<string>>? Text { get; init; }

    public required Func<T, string?, string, CitationSource> Citation { get; init; }
}

public sealed class DocumentKind<T> : DocumentKind where T : Document
{
    private readonly KindFacts<T> _facts;

    internal DocumentKind(string typeName, string collection, IReadOnlyList<FieldDefinition> fields, KindFacts<T> facts)
        : base(typeName, collection, typeof(T), fields, facts.DateField, facts.OrganizationField)
    {
        _facts = facts;
    }

    public override bool IsSearchable => _facts.Text is not null;

    public override string Description => _facts.Description;

    public override string? DatedDescription => _facts.DatedDescription;

    public override string TitleOf(Document document) => _facts.Title(Typed(document));

    public override DateTimeOffset? DateOf(Document document) => _facts.Date?.Invoke(Typed(document));

    public override DateTimeOffset? DatedAt(Document document) =>
        DateField is null ? null : (_facts.DatedAt ?? _facts.Date)?.Invoke(Typed(document));

    public override IEnumerable<string> OrganizationIdsOf(Document document) => _facts.Organizations(Typed(document));

    public override (string Title, IEnumerable<string> Texts) TextOf(Document document) => _facts.Text is { } text
        ? (_facts.Title(Typed(document)), text(Typed(document)))
        : throw new InvalidOperationException($"{TypeName} documents are not searchable.");

    public override CitationSource CitationOf(Document document, string? organizationName, string url) =>
        _facts.Citation(Typed(document), organizationName, url);

    public override TResult Apply<TResult>(IKindFunction<TResult> function) => function.Invoke(this);

    private T Typed(Document document) => document as T
        ?? throw new ArgumentException($"A {document.GetType().Name} is not a {TypeName}.", nameof(document));
}

/// <summary>The five kinds of document, and the fields each one indexes.</summary>
public static class Kinds
{
    public static readonly DocumentKind<Organization> Organization = Define<Organization>("Organization", "organizations", f => f
        .String("name", o => o.Name, sortable: true)
        .Enum("kind", o => o.Kind)
        .Id("parentId", o => o.ParentId, "Organization")
        .IdList("ancestorIds", o => o.AncestorIds, "Organization")
        .String("unit", o => o.Unit, sortable: true)
        .String("sector", o => o.Sector, sortable: true)
        .Date("establishedOn", o => o.EstablishedOn)
        .Date("dissolvedOn", o => o.DissolvedOn)
        .Boolean("provisional", o => o.Provisional)
        // Computed from the kind (temporary and front-line branches), as the API's temporary field shows it.
        .Boolean("temporary", o => o.IsTemporary), new KindFacts<Organization>
        {
            Description = "Party organisations and outside issuers.",
            Title = o => o.Name,
            Citation = (o, _, url) => Citations.ForOrganization(o, url),
        });

    public static readonly DocumentKind<Directive> Directive = Define<Directive>("Directive", "directives", f => f
        .String("title", d => d.Title, sortable: true)
        .Enum("documentType", d => d.DocumentType)
        .Id("issuerId", d => d.IssuerId, "Organization")
        .String("documentNumber", d => d.DocumentNumber, sortable: true)
        .Date("issuedOn", d => d.IssuedOn)
        .Enum("status", d => d.Status)
        .StringList("tags", d => d.Tags)
        .StringList("addressees", d => d.Addressees)
        .IdList("sectionIds", d => d.SectionIds, "DirectiveSection", jsonPath: "sections.id")
        .Text("preamble", d => d.Preamble)
        .Text("closing", d => d.Closing)
        .String("originalSha", d => d.Original == null ? null : d.Original.Sha256, sortable: false)
        // The original text's fingerprint after normalising line endings, spaces and full-width forms: how an import
        // recognises a copy of a text imported before (Importing/TextFingerprint.cs). Computed, never written by clients.
        .String("fingerprint", d => d.Original == null ? null : Importing.TextFingerprint.Of(d.Original.Text), sortable: false), new KindFacts<Directive>
        {
            Description = "Directives (通知, 决定, 意见 …).",
            DatedDescription = "Directives, dated by issue date.",
            Title = d => d.Title,
            DateField = "issuedOn",
            Date = d => ChinaTime.Midnight(d.IssuedOn),
            OrganizationField = "issuerId",
            Organizations = d => [d.IssuerId],
            // Sections come right after the number and preamble (SearchHighlighting.SectionOf counts on that order);
            // the contact line and attachment titles are searched too, since researchers look for who to call and what was attached.
            Text = d => d.Sections.SelectMany(s => new[] { s.Heading, s.Body })
                .Prepend(d.Preamble)
                .Prepend(d.DocumentNumber ?? "")
                .Append(ContactLine(d.Contact))
                .Concat(d.Attachments)
                .Concat(d.Tags),
            Citation = (d, issuer, url) => Citations.ForDirective(d, issuer ?? Citations.Anonymous, url),
        });

    public static readonly DocumentKind<StudyMaterial> StudyMaterial = Define<StudyMaterial>("StudyMaterial", "study_materials", f => f
        .String("title", m => m.Title, sortable: true)
        .Enum("kind", m => m.Kind)
        .String("source", m => m.Source, sortable: true)
        .Date("publishedOn", m => m.PublishedOn)
        .Enum("status", m => m.Status)
        .StringList("tags", m => m.Tags)
        .Text("summary", m => m.Summary)
        .Text("body", m => m.Body), new KindFacts<StudyMaterial>
        {
            Description = "Study materials (学习资料).",
            DatedDescription = "Study materials, dated by publication date.",
            Title = m => m.Title,
            DateField = "publishedOn",
            Date = m => ChinaTime.Midnight(m.PublishedOn),
            // The body as its parts (一、…, ## …), each heading and body a value, so that a hit can point to its part.
            Text = m => StudyMaterialParts.TextsOf(m.Body).Prepend(m.Summary).Append(m.Source ?? "").Concat(m.Tags),
            Citation = (m, _, url) => Citations.ForStudyMaterial(m, url),
        });

    public static readonly DocumentKind<ActivityLog> ActivityLog = Define<ActivityLog>("ActivityLog", "activity_logs", f => f
        .Id("organizationId", a => a.OrganizationId, "Organization")
        .Enum("kind", a => a.Kind)
        .String("title", a => a.Title, sortable: true)
        .DateTime("occurredAt", a => a.OccurredAt)
        .String("place", a => a.Place, sortable: true)
        .Int("participantCount", a => a.ParticipantCount)
        .StringList("participants", a => a.Participants)
        .IdList("sectionIds", a => a.SectionIds, "DirectiveSection")
        .IdList("studyMaterialIds", a => a.StudyMaterialIds, "StudyMaterial")
        .StringList("tags", a => a.Tags)
        .Text("summary", a => a.Summary), new KindFacts<ActivityLog>
        {
            Description = "Branch activity logs (支部活动记录).",
            DatedDescription = "Activity logs, dated by when the activity took place.",
            Title = a => a.Title,
            DateField = "occurredAt",
            Date = a => a.OccurredAt,
            OrganizationField = "organizationId",
            Organizations = a => [a.OrganizationId],
            // The participants as one value, written as a list is written in Chinese (王建国、李红梅): a fragment then shows
            // who else took part, and no phrase matches across two names, since the bigrams stop at the 、.
            // No new index layout: a log stored before the field existed has none, so its entry is the same either way.
            Text = a => new[] { a.Summary, a.Place ?? "", string.Join('、', a.Participants) }.Concat(a.Tags),
            Citation = (a, organization, url) => Citations.ForActivityLog(a, organization ?? Citations.Anonymous, url),
        });

    public static readonly DocumentKind<Story> Story = Define<Story>("Story", "stories", f => f
        .String("title", s => s.Title, sortable: true)
        .Enum("status", s => s.Status)
        .Boolean("featured", s => s.Featured)
        .Id("submittingOrganizationId", s => s.SubmittingOrganizationId, "Organization")
        .IdList("organizationIds", s => s.OrganizationIds, "Organization")
        .StringList("people", s => s.People)
        .StringList("tags", s => s.Tags)
        .IdList("sectionIds", s => s.SectionIds, "DirectiveSection")
        .IdList("activityLogIds", s => s.ActivityLogIds, "ActivityLog")
        .DateTime("submittedAt", s => s.SubmittedAt)
        .DateTime("publishedAt", s => s.PublishedAt)
        .Date("occurredOn", s => s.OccurredOn)
        // The bands of the story's MinHash signature: stories sharing one are candidates for "possibly the same as"
        // (Editorial/NearDuplicates.cs). Computed from the text, never written by clients.
        .StringList("similarityBands", s => Editorial.NearDuplicates.BandsOf(s))
        // Stored so that the timeline and statistics can order and count on it: a story's historical date where it
        // has one, else its submission (computed from both, never written by clients).
        .DateTime("datedAt", s => s.DatedAt())
        .Text("summary", s => s.Summary)
        .Text("body", s => s.Body), new KindFacts<Story>
        {
            Description = "Exemplary stories (先进典型和感人事迹).",
            DatedDescription = "Stories, dated by their historical date (occurredOn) where they have one, else by when they were submitted.",
            Title = s => s.Title,
            DateField = "datedAt",
            Date = s => s.OccurredOn is { } day ? ChinaTime.Midnight(day) : s.PublishedAt ?? s.SubmittedAt,
            DatedAt = s => s.DatedAt(),
            OrganizationField = "submittingOrganizationId",
            Organizations = s => s.OrganizationIds.Prepend(s.SubmittingOrganizationId),
            // The body as a reader sees it: Markdown marks (**王丽**, [链接](…)) are neither searched nor shown in fragments.
            Text = s => new[] { s.Summary, Editorial.MarkdownRenderer.ToPlainText(s.Body) }.Concat(s.People).Concat(s.Tags),
            Citation = (s, organization, url) => Citations.ForStory(s, organization ?? Citations.Anonymous, url),
        });

    public static readonly IReadOnlyList<DocumentKind> All = [Organization, Directive, StudyMaterial, ActivityLog, Story];

    private static readonly FrozenDictionary<string, DocumentKind> ByTypeName = All.ToFrozenDictionary(k => k.TypeName, StringComparer.Ordinal);

    private static readonly FrozenDictionary<Type, DocumentKind> ByClrType = All.ToFrozenDictionary(k => k.ClrType);

    /// <summary>The kinds the search index holds, in the order of <see cref="All"/>.</summary>
    public static readonly IReadOnlyList<DocumentKind> Searchable = All.Where(k => k.IsSearchable).ToList();

    /// <summary>The kinds on the timeline (those with a date field), in the order of <see cref="All"/>: a tie at one instant is broken in this order.</summary>
    public static readonly IReadOnlyList<DocumentKind> Dated = All.Where(k => k.DateField is not null).ToList();

    public static DocumentKind? FromTypeName(string typeName) => ByTypeName.GetValueOrDefault(typeName);

    public static DocumentKind Of(Document document) => ByClrType[document.GetType()];

    public static DocumentKind<T> Of<T>() where T : Document => (DocumentKind<T>)ByClrType[typeof(T)];

    /// <summary>
    /// A directive's contact line as written, plus any telephone number or e-mail address the line does not already
    /// spell out (an import may have parsed them without keeping the line).
    /// </summary>
    private static string ContactLine(ContactDetails contact)
    {
        var line = contact.Text ?? "";
        var missing = contact.Phones.Concat(contact.Emails).Where(v => !line.Contains(v, StringComparison.Ordinal));
        return string.Join(' ', missing.Prepend(line).Where(v => v.Length > 0));
    }

    private static DocumentKind<T> Define<T>(string typeName, string collection, Func<FieldsBuilder<T>, FieldsBuilder<T>> fields,
        KindFacts<T> facts) where T : Document
    {
        var builder = new FieldsBuilder<T>(typeName)
            .Id("id", d => d.Id, typeName, sortable: true)
            // The store's own version column: how many changes a document has had, filtered and sorted like any number.
            .Int("version", d => checked((int)d.Version))
            .DateTime("createdAt", d => d.CreatedAt)
            .DateTime("updatedAt", d => d.UpdatedAt);
        return new DocumentKind<T>(typeName, collection, fields(builder).Build(), facts);
    }

    private sealed class FieldsBuilder<T>(string typeName) where T : Document
    {
        private readonly List<FieldDefinition> _fields = [];

        public FieldsBuilder<T> String(string name, Func<T, string?> read, bool sortable = false) =>
            Add(name, FieldKind.String, false, sortable, read);

        public FieldsBuilder<T> Id(string name, Func<T, string?> read, string references, bool sortable = false) =>
            Add(name, FieldKind.Id, false, sortable, read, references);

        public FieldsBuilder<T> IdList(string name, Func<T, IEnumerable<string>> read, string references, string? jsonPath = null) =>
            Add(name, FieldKind.Id, true, false, read, references, jsonPath: jsonPath);

        /// <summary>Long text, filtered from the document itself and never sorted on (see <see cref="FieldDefinition.Indexed"/>).</summary>
        public FieldsBuilder<T> Text(string name, Func<T, string?> read) =>
            Add(name, FieldKind.String, false, false, read, indexed: false);

        public FieldsBuilder<T> StringList(string name, Func<T, IEnumerable<string>> read) =>
            Add(name, FieldKind.String, true, false, read);

        public FieldsBuilder<T> Enum<TEnum>(string name, Func<T, TEnum> read) where TEnum : struct, System.Enum =>
            Add(name, FieldKind.Enum, false, true, d => read(d), enumType: typeof(TEnum));

        public FieldsBuilder<T> Int(string name, Func<T, int> read) => Add(name, FieldKind.Int, false, true, d => read(d));

        public FieldsBuilder<T> Boolean(string name, Func<T, bool> read) => Add(name, FieldKind.Boolean, false, true, d => read(d));

        public FieldsBuilder<T> Date(string name, Func<T, DateOnly?> read) => Add(name, FieldKind.Date, false, true, d => read(d));

        public FieldsBuilder<T> DateTime(string name, Func<T, DateTimeOffset?> read) => Add(name, FieldKind.DateTime, false, true, d => read(d));

        public IReadOnlyList<FieldDefinition> Build() => _fields;

        private FieldsBuilder<T> Add(string name, FieldKind type, bool isList, bool sortable, Func<T, object?> read,
            string? references = null, Type? enumType = null, string? jsonPath = null, bool indexed = true)
        {
            if (_fields.Any(f => f.Name == name))
                throw new InvalidOperationException($"{typeName} defines field '{name}' twice.");
            _fields.Add(new FieldDefinition(name, type, isList, sortable, d => read((T)d), references, enumType, jsonPath, indexed));
            return this;
        }
    }
}
