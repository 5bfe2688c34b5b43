using System.Globalization;

namespace Dangjian.Core.Documents;

/// <summary>How a field is stored, filtered and sorted. Both stores derive their indexes from these.</summary>
public enum FieldKind
{
    String,
    /// <summary>A local id of what <see cref="FieldDefinition.References"/> names (or of the document itself).</summary>
    Id,
    Enum,
    Int,
    Boolean,
    /// <summary>A calendar date, stored as "yyyy-MM-dd" so that text order is date order.</summary>
    Date,
    /// <summary>An instant, stored as milliseconds since the Unix epoch (UTC).</summary>
    DateTime,
}

/// <summary>
/// A field the stores index and the API filters or sorts on. The accessor reads the value from the document;
/// <see cref="Normalize"/> turns a value into the primitive both stores keep (string, long, bool or null).
/// </summary>
public sealed class FieldDefinition
{
    private readonly Func<Document, object?> _read;

    internal FieldDefinition(string name, FieldKind type, bool isList, bool sortable, Func<Document, object?> read,
        string? references, Type? enumType, string? jsonPath = null, bool indexed = true)
    {
        if (!IsSafeName(name))
            throw new ArgumentException($"Field name '{name}' must be letters only: stores use it as a column name.", nameof(name));
        if (!indexed && (sortable || isList || type != FieldKind.String))
            throw new ArgumentException($"'{name}': only a single text field can be left unindexed, and it cannot be sorted on.", nameof(indexed));
        Name = name;
        Indexed = indexed;
        Type = type;
        IsList = isList;
        Sortable = sortable;
        _read = read;
        References = references;
        EnumType = enumType;
        JsonPath = (jsonPath ?? name).Split('.');
    }

    /// <summary>
    /// Where the value sits in the document's JSON: the field's own name, or for a value read from nested objects
    /// (a directive's section ids) the path to it, e.g. sections.id. Public JSON finds ids to encode through it.
    /// </summary>
    public IReadOnlyList<string> JsonPath { get; }

    /// <summary>
    /// The name of the field that shows the value in GraphQL: a link's id field is named after what it links to
    /// (submittingOrganizationId → submittingOrganization, sectionIds → sections), any other field as stored.
    /// </summary>
    public string PublicName => Type != FieldKind.Id || Name == "id" ? Name
        : Name.EndsWith("Ids", StringComparison.Ordinal) ? Name[..^3] + "s"
        : Name.EndsWith("Id", StringComparison.Ordinal) ? Name[..^2]
        : Name;

    /// <summary>The API's (camelCase) name, also the column or BSON field name.</summary>
    public string Name { get; }

    /// <summary>
    /// Whether the stores keep the value in a column (SQLite) or top-level field (MongoDB) of its own, with an index.
    /// Long text (a story's body, a directive's preamble) is not: a copy would double what the stores hold and fill
    /// their indexes with text nobody looks up whole. A filter on it reads the document's own JSON at
    /// <see cref="JsonPath"/> (SQLite's json_extract, MongoDB's <c>_doc.body</c>): every document the rest of the filter
    /// leaves is read, which is what a <c>contains</c> costs on an indexed column too. Never sorted on.
    /// </summary>
    public bool Indexed { get; }

    /// <summary>
    /// Kept by every store in a place of its own whatever the kind (the id, the version), so not written again as a
    /// field: SQLite's id and version columns, MongoDB's <c>_id</c> and <c>_version</c>.
    /// </summary>
    public bool IsStoreOwned => Name is "id" or "version";

    public FieldKind Type { get; }

    /// <summary>A list of values (tags, linked ids): filtered with some/all/none/any, never sorted.</summary>
    public bool IsList { get; }

    public bool Sortable { get; }

    /// <summary>For <see cref="FieldKind.Id"/> fields: the type name of what the ids point at (Organization, DirectiveSection …).</summary>
    public string? References { get; }

    /// <summary>
    /// The kind <see cref="References"/> names, when it is one (Organization, ActivityLog …); null for a field that is no
    /// link, or links to what is kept inside another document (DirectiveSection). Looked up when asked, not when the
    /// field is defined: the kinds are being defined then.
    /// </summary>
    public DocumentKind? RelatedKind => Type == FieldKind.Id && References is not null ? Kinds.FromTypeName(References) : null;

    /// <summary>For <see cref="FieldKind.Enum"/> fields: the CLR enum.</summary>
    public Type? EnumType { get; }

    /// <summary>The normalized value, or for a list field the normalized values.</summary>
    public object? Read(Document document)
    {
        var raw = _read(document);
        if (!IsList)
            return Normalize(raw);
        return raw is System.Collections.IEnumerable items and not string
            ? items.Cast<object?>().Select(Normalize).Where(v => v is not null).Distinct().ToList()
            : new List<object?>();
    }

    public IReadOnlyList<object> ReadList(Document document) =>
        IsList ? ((List<object?>)Read(document)!).Cast<object>().ToList() : throw new InvalidOperationException($"{Name} is not a list field.");

    /// <summary>Turns an API or document value into the stored primitive. Throws <see cref="FormatException"/> on a value of the wrong type.</summary>
    public object? Normalize(object? value) => value switch
    {
        null => null,
        _ => Type switch
        {
            FieldKind.String or FieldKind.Id => value as string ?? throw Wrong(value),
            FieldKind.Enum => value switch
            {
                Enum e => EnumNames.ToConstant(e),
                string s when EnumType is not null && EnumNames.TryParse(EnumType, s, out var parsed) => EnumNames.ToConstant(parsed),
                _ => throw Wrong(value),
            },
            FieldKind.Int => value switch
            {
                int i => (long)i,
                long l => l,
                _ => throw Wrong(value),
            },
            FieldKind.Boolean => value as bool? ?? throw Wrong(value),
            FieldKind.Date => value switch
            {
                DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                DateTime dt => DateOnly.FromDateTime(dt).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                string s when DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _) => s,
                _ => throw Wrong(value),
            },
            FieldKind.DateTime => value switch
            {
                DateTimeOffset dto => dto.ToUnixTimeMilliseconds(),
                string s when DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed) => parsed.ToUnixTimeMilliseconds(),
                DateTime dt => new DateTimeOffset(DateTime.SpecifyKind(dt, dt.Kind == DateTimeKind.Unspecified ? DateTimeKind.Utc : dt.Kind)).ToUnixTimeMilliseconds(),
                long l => l,
                _ => throw Wrong(value),
            },
            _ => throw Wrong(value),
        },
    };

    private FormatException Wrong(object value) =>
        new($"Field '{Name}' expects a {Type.ToString().ToLowerInvariant()} value, not {value.GetType().Name}.");

    private static bool IsSafeName(string name) => name.Length is > 0 and <= 40 && name.All(char.IsAsciiLetter);
}
