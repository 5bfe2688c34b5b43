using Dangjian.Core.Documents;

namespace Dangjian.Core.Storage.Sqlite;

/// <summary>
/// The tables: one per kind (id, version, the document as JSON, and one indexed column per scalar field but long text),
/// one side table per list field (id, value) so that "tag is X" is an index lookup, and the revisions, audit and change tables.
/// </summary>
internal static class SqliteSchema
{
    public static string ListTable(DocumentKind kind, FieldDefinition field) => $"{kind.Collection}__{field.Name}";

    public static string ColumnType(FieldDefinition field) => field.Type switch
    {
        FieldKind.Int or FieldKind.Boolean or FieldKind.DateTime => "INTEGER",
        _ => "TEXT",
    };

    /// <summary>The columns written from a kind's field definitions (the id and version columns are the table's own).</summary>
    public static IEnumerable<FieldDefinition> ScalarColumns(DocumentKind kind) =>
        kind.Fields.Where(f => !f.IsList && !f.IsStoreOwned && f.Indexed);

    /// <summary>The columns that get an index: the written ones and the version (the id is the primary key).</summary>
    public static IEnumerable<FieldDefinition> IndexedColumns(DocumentKind kind) =>
        kind.Fields.Where(f => !f.IsList && f.Name != "id" && f.Indexed);

    /// <summary>
    /// The SQL expression of a scalar field over the kind's table under <paramref name="alias"/>: its column, or for
    /// long text kept only in the document (<see cref="FieldDefinition.Indexed"/>) the value read from the JSON.
    /// Names and paths are letters and dots only (checked by <see cref="FieldDefinition"/>).
    /// </summary>
    public static string Column(FieldDefinition field, string alias = "t") => field.Indexed
        ? $"{alias}.\"{field.Name}\""
        : $"json_extract({alias}.doc, '$.{string.Join('.', field.JsonPath)}')";

    public static IEnumerable<FieldDefinition> ListFields(DocumentKind kind) => kind.Fields.Where(f => f.IsList);

    public const string SharedTables = """
        CREATE TABLE IF NOT EXISTS changes (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            kind TEXT NOT NULL,
            id TEXT NOT NULL,
            version INTEGER NOT NULL,
            at INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS revisions (
            kind TEXT NOT NULL,
            id TEXT NOT NULL,
            version INTEGER NOT NULL,
            at INTEGER NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            note TEXT,
            doc TEXT NOT NULL,
            PRIMARY KEY (kind, id, version)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS audit (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            at INTEGER NOT NULL,
            actor TEXT NOT NULL,
            role TEXT,
            action TEXT NOT NULL,
            kind TEXT NOT NULL,
            id TEXT NOT NULL,
            version INTEGER NOT NULL,
            note TEXT);
        CREATE INDEX IF NOT EXISTS ix_audit_actor ON audit(actor, seq);
        CREATE INDEX IF NOT EXISTS ix_audit_doc ON audit(kind, id, seq);
        CREATE INDEX IF NOT EXISTS ix_audit_at ON audit(at, seq);
        """;
}
