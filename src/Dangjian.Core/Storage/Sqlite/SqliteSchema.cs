using Dangjian.Core.Documents;

namespace Dangjian.Core.Storage.Sqlite;

/// <summary>
/// The tables: one per kind (id, version, the document as JSON, and one indexed column per scalar field), one side
/// table per list field (id, value) so that "tag is X" is an index lookup, and the revisions, audit and change tables.
/// </summary>
internal static class SqliteSchema
{
    public static string ListTable(DocumentKind kind, FieldDefinition field) => $"{kind.Collection}__{field.Name}";

    public static string ColumnType(FieldDefinition field) => field.Type switch
    {
        FieldKind.Int or FieldKind.Boolean or FieldKind.DateTime => "INTEGER",
        _ => "TEXT",
    };

    public static IEnumerable<FieldDefinition> ScalarColumns(DocumentKind kind) =>
        kind.Fields.Where(f => !f.IsList && f.Name != "id");

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
