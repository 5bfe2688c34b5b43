using System.Globalization;
using System.Text;
using Dangjian.Core.Documents;
using MongoDB.Bson;

namespace Dangjian.Core.Storage.Mongo;

/// <summary>
/// How the field kinds are kept in BSON. SQLite stores each field's normalized primitive (text, integer ms, 0/1);
/// the BSON types below compare and sort exactly as those do, which is what keeps filters, sorts and keyset cursors
/// identical across the two stores:
/// <list type="bullet">
/// <item>String, Id, Enum, Date: BSON string. MongoDB compares strings by their UTF-8 bytes without a collation, as
/// SQLite's BINARY collation does; "yyyy-MM-dd" makes text order date order.</item>
/// <item>Int: BSON int64, as the normalized value is a long.</item>
/// <item>Boolean: BSON boolean (false sorts before true, as 0 before 1).</item>
/// <item>DateTime: BSON date, which is milliseconds since the epoch: the normalized value exactly.</item>
/// <item>null: BSON null, which MongoDB sorts before every other type (first ascending, last descending), as SQLite
/// sorts NULL.</item>
/// </list>
/// </summary>
internal static class MongoValues
{
    /// <summary>
    /// The BSON field a definition lives in: the document's own id is MongoDB's <c>_id</c>, its version the store's
    /// <c>_version</c>, long text (<see cref="FieldDefinition.Indexed"/> false) the value inside the stored document
    /// (<c>_doc.body</c>), and every other field its top-level field.
    /// </summary>
    public static string Path(FieldDefinition field) => field switch
    {
        { Name: "id" } => "_id",
        { Name: "version" } => MongoSchema.Version,
        { Indexed: false } => MongoSchema.Body + "." + string.Join('.', field.JsonPath),
        _ => field.Name,
    };

    /// <summary>Normalizes <paramref name="value"/> by the field's definition, then converts it to the stored BSON type.</summary>
    public static BsonValue ToBson(FieldDefinition field, object? value) => FromNormalized(field, field.Normalize(value));

    /// <summary>Converts an already normalized value (string, long, bool or null) to the stored BSON type.</summary>
    public static BsonValue FromNormalized(FieldDefinition field, object? normalized) => (field.Type, normalized) switch
    {
        (_, null) => BsonNull.Value,
        (FieldKind.String or FieldKind.Id or FieldKind.Enum or FieldKind.Date, string s) => new BsonString(s),
        (FieldKind.Int, long l) => new BsonInt64(l),
        (FieldKind.Boolean, bool b) => BsonBoolean.Create(b),
        (FieldKind.DateTime, long ms) => new BsonDateTime(ms),
        _ => throw new FormatException($"Field '{field.Name}' ({field.Type}) cannot hold a {normalized.GetType().Name}."),
    };

    /// <summary>The value a document stores for <paramref name="field"/>: a BSON array for list fields.</summary>
    public static BsonValue Read(FieldDefinition field, Document document) => field.IsList
        ? new BsonArray(field.ReadList(document).Select(v => FromNormalized(field, v)))
        : FromNormalized(field, field.Read(document));

    /// <summary>
    /// Orders two stored values of one field as MongoDB does: strings by their UTF-8 bytes (not by .NET's UTF-16
    /// ordinal order, which differs for characters beyond the Basic Multilingual Plane), everything else by value.
    /// </summary>
    public static int Compare(BsonValue a, BsonValue b)
    {
        if (a is BsonString sa && b is BsonString sb)
            return Encoding.UTF8.GetBytes(sa.Value).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(sb.Value));
        return a.CompareTo(b);
    }

    /// <summary>A $group key back as the primitive the SQLite store returns for the same group.</summary>
    public static object? FromGroupKey(FieldDefinition field, Grouping grouping, BsonValue key) => key switch
    {
        { IsBsonNull: true } => null,
        BsonDateTime date when grouping.Unit == GroupingUnit.Value => date.MillisecondsSinceEpoch,
        BsonInt32 i => (long)i.Value,
        BsonInt64 l => l.Value,
        BsonBoolean b => b.Value,
        BsonString text => text.Value,
        _ => throw new NotSupportedException($"Unexpected group key {key.BsonType} for '{field.Name}'."),
    };
}

/// <summary>
/// Literal text inside a MongoDB (PCRE) regular expression. Every ASCII character that is not a letter, a digit or
/// an underscore is preceded by a backslash, which PCRE defines as "this character itself" for any non-alphanumeric
/// character; control characters become <c>\xhh</c> (a NUL could not be stored in a BSON pattern at all). Letters,
/// digits, the underscore and non-ASCII text (Chinese) stand for themselves. So a value is only ever matched as the text it is:
/// <c>.*</c>, <c>^</c>, <c>$</c>, <c>\</c>, <c>(</c>, <c>(?</c> and <c>|</c> included. .NET's Regex.Escape would
/// leave NUL, <c>]</c>, <c>}</c> and <c>-</c> alone, which is fine for .NET but written for another engine.
/// </summary>
internal static class PcreLiteral
{
    public static string Escape(string value)
    {
        var sb = new StringBuilder(value.Length * 2);
        foreach (var c in value)
        {
            if (char.IsAsciiLetterOrDigit(c) || c == '_' || c > '\x7f')
                sb.Append(c);
            else if (c < ' ' || c == '\x7f')
                sb.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
            else
                sb.Append('\\').Append(c);
        }
        return sb.ToString();
    }

    /// <summary>Contains: the literal anywhere. Case-sensitive: no options are ever set.</summary>
    public static BsonRegularExpression Contains(string value) => new(Escape(value));

    /// <summary>StartsWith: anchored with ^ (start of text without the m option), which lets MongoDB use an index.</summary>
    public static BsonRegularExpression StartsWith(string value) => new("^" + Escape(value));

    /// <summary>EndsWith: anchored with \z, not $, because $ also matches before a final newline.</summary>
    public static BsonRegularExpression EndsWith(string value) => new(Escape(value) + "\\z");

    /// <summary>
    /// Several text conditions that one list element must all meet, as one pattern of lookaheads from the start:
    /// MongoDB takes one $regex per $elemMatch.
    /// </summary>
    public static BsonRegularExpression All(IReadOnlyList<(Operator Operator, string Value)> parts)
    {
        var sb = new StringBuilder("^");
        foreach (var (op, value) in parts)
        {
            sb.Append(op switch
            {
                Operator.Contains => $"(?=[\\s\\S]*?{Escape(value)})",
                Operator.StartsWith => $"(?={Escape(value)})",
                Operator.EndsWith => $"(?=[\\s\\S]*?{Escape(value)}\\z)",
                _ => throw new ArgumentException($"{op} is not a text operator.", nameof(parts)),
            });
        }
        return new BsonRegularExpression(sb.ToString());
    }
}
