using System.Collections.Frozen;

namespace Dangjian.Core.Documents;

/// <summary>
/// One kind of document: its type name (also the prefix of its global ids), the collection or table it lives
/// in, and the fields the stores index. Everything a store or the API needs to know about a kind is here, so
/// that adding a filterable field is one line.
/// </summary>
public abstract class DocumentKind
{
    private protected DocumentKind(string typeName, string collection, Type clrType, IReadOnlyList<FieldDefinition> fields)
    {
        TypeName = typeName;
        Collection = collection;
        ClrType = clrType;
        Fields = fields;
        FieldsByName = fields.ToFrozenDictionary(f => f.Name, StringComparer.Ordinal);
    }

    public string TypeName { get; }

    public string Collection { get; }

    public Type ClrType { get; }

    public IReadOnlyList<FieldDefinition> Fields { get; }

    public FrozenDictionary<string, FieldDefinition> FieldsByName { get; }

    public FieldDefinition IdField => FieldsByName["id"];

    public FieldDefinition? Field(string name) => FieldsByName.GetValueOrDefault(name);

    public override string ToString() => TypeName;
}

public sealed class DocumentKind<T> : DocumentKind where T : Document
{
    internal DocumentKind(string typeName, string collection, IReadOnlyList<FieldDefinition> fields)
        : base(typeName, collection, typeof(T), fields)
    {
    }
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
        .Date("dissolvedOn", o => o.DissolvedOn));

    public static readonly DocumentKind<Directive> Directive = Define<Directive>("Directive", "directives", f => f
        .String("title", d => d.Title, sortable: true)
        .Enum("documentType", d => d.DocumentType)
        .Id("issuerId", d => d.IssuerId, "Organization")
        .String("documentNumber", d => d.DocumentNumber, sortable: true)
        .Date("issuedOn", d => d.IssuedOn)
        .Enum("status", d => d.Status)
        .StringList("tags", d => d.Tags)
        .StringList("addressees", d => d.Addressees)
        .IdList("sectionIds", d => d.SectionIds, "DirectiveSection")
        .String("originalSha", d => d.Original == null ? null : d.Original.Sha256, sortable: false));

    public static readonly DocumentKind<StudyMaterial> StudyMaterial = Define<StudyMaterial>("StudyMaterial", "study_materials", f => f
        .String("title", m => m.Title, sortable: true)
        .Enum("kind", m => m.Kind)
        .String("source", m => m.Source, sortable: true)
        .Date("publishedOn", m => m.PublishedOn)
        .Enum("status", m => m.Status)
        .StringList("tags", m => m.Tags));

    public static readonly DocumentKind<ActivityLog> ActivityLog = Define<ActivityLog>("ActivityLog", "activity_logs", f => f
        .Id("organizationId", a => a.OrganizationId, "Organization")
        .Enum("kind", a => a.Kind)
        .String("title", a => a.Title, sortable: true)
        .DateTime("occurredAt", a => a.OccurredAt)
        .String("place", a => a.Place, sortable: true)
        .Int("participantCount", a => a.ParticipantCount)
        .IdList("sectionIds", a => a.SectionIds, "DirectiveSection")
        .IdList("studyMaterialIds", a => a.StudyMaterialIds, "StudyMaterial")
        .StringList("tags", a => a.Tags));

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
        .DateTime("publishedAt", s => s.PublishedAt));

    public static readonly IReadOnlyList<DocumentKind> All = [Organization, Directive, StudyMaterial, ActivityLog, Story];

    private static readonly FrozenDictionary<string, DocumentKind> ByTypeName = All.ToFrozenDictionary(k => k.TypeName, StringComparer.Ordinal);

    private static readonly FrozenDictionary<Type, DocumentKind> ByClrType = All.ToFrozenDictionary(k => k.ClrType);

    public static DocumentKind? FromTypeName(string typeName) => ByTypeName.GetValueOrDefault(typeName);

    public static DocumentKind Of(Document document) => ByClrType[document.GetType()];

    public static DocumentKind<T> Of<T>() where T : Document => (DocumentKind<T>)ByClrType[typeof(T)];

    private static DocumentKind<T> Define<T>(string typeName, string collection, Func<FieldsBuilder<T>, FieldsBuilder<T>> fields)
        where T : Document
    {
        var builder = new FieldsBuilder<T>(typeName)
            .Id("id", d => d.Id, typeName, sortable: true)
            .DateTime("createdAt", d => d.CreatedAt)
            .DateTime("updatedAt", d => d.UpdatedAt);
        return new DocumentKind<T>(typeName, collection, fields(builder).Build());
    }

    private sealed class FieldsBuilder<T>(string typeName) where T : Document
    {
        private readonly List<FieldDefinition> _fields = [];

        public FieldsBuilder<T> String(string name, Func<T, string?> read, bool sortable = false) =>
            Add(name, FieldKind.String, false, sortable, read);

        public FieldsBuilder<T> Id(string name, Func<T, string?> read, string references, bool sortable = false) =>
            Add(name, FieldKind.Id, false, sortable, read, references);

        public FieldsBuilder<T> IdList(string name, Func<T, IEnumerable<string>> read, string references) =>
            Add(name, FieldKind.Id, true, false, read, references);

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
            string? references = null, Type? enumType = null)
        {
            if (_fields.Any(f => f.Name == name))
                throw new InvalidOperationException($"{typeName} defines field '{name}' twice.");
            _fields.Add(new FieldDefinition(name, type, isList, sortable, d => read((T)d), references, enumType));
            return this;
        }
    }
}
