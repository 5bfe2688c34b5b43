using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using Dangjian.Core.Documents;
using Dangjian.Core.Storage;

namespace Dangjian.Core.Reading;

/// <summary>
/// A keyset cursor: the sort-key values of one row plus its id, and the order it was made for. Opaque to clients
/// (base64url of a small JSON array); decoding checks every value against the field's type, so a forged cursor
/// is an error, never a query.
/// </summary>
internal static class Cursor
{
    private const int MaxLength = 2048;

    public static string Encode(DocumentKind kind, IReadOnlyList<SortField> sort, Document document)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            json.WriteStringValue(Signature(sort));
            foreach (var key in sort)
            {
                switch (kind.FieldsByName[key.Field].Read(document))
                {
                    case null: json.WriteNullValue(); break;
                    case string s: json.WriteStringValue(s); break;
                    case long l: json.WriteNumberValue(l); break;
                    case bool b: json.WriteBooleanValue(b); break;
                    case var other: throw new InvalidOperationException($"Cannot put {other.GetType().Name} in a cursor.");
                }
            }
            json.WriteEndArray();
        }
        return Base64Url.EncodeToString(buffer.ToArray());
    }

    public static Result<IReadOnlyList<object?>> Decode(DocumentKind kind, IReadOnlyList<SortField> sort, string cursor)
    {
        var invalid = new Error(ErrorCodes.InvalidCursor, "The cursor is not one this API issued. Use a cursor from a page's edges or pageInfo.");
        if (cursor.Length is 0 or > MaxLength || !Base64Url.IsValid(cursor))
            return invalid;
        try
        {
            using var json = JsonDocument.Parse(Base64Url.DecodeFromChars(cursor));
            var items = json.RootElement;
            if (items.ValueKind != JsonValueKind.Array || items.GetArrayLength() != sort.Count + 1)
                return invalid;
            if (items[0].ValueKind != JsonValueKind.String || items[0].GetString() != Signature(sort))
                return new Error(ErrorCodes.InvalidCursor, "The cursor was issued for a different order. Page with the same order the cursor came from.");
            var values = new List<object?>(sort.Count);
            for (var i = 0; i < sort.Count; i++)
            {
                var field = kind.FieldsByName[sort[i].Field];
                var element = items[i + 1];
                object? value = element.ValueKind switch
                {
                    JsonValueKind.Null => null,
                    JsonValueKind.String when field.Type is not (FieldKind.Int or FieldKind.Boolean or FieldKind.DateTime) => element.GetString(),
                    JsonValueKind.Number when field.Type is FieldKind.Int or FieldKind.DateTime && element.TryGetInt64(out var l) => l,
                    JsonValueKind.True or JsonValueKind.False when field.Type == FieldKind.Boolean => element.GetBoolean(),
                    _ => invalid,
                };
                if (ReferenceEquals(value, invalid) || (value is null && sort[i].Field == "id"))
                    return invalid;
                values.Add(value);
            }
            return values;
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            return invalid;
        }
    }

    /// <summary>
    /// The rows strictly after <paramref name="values"/> in <paramref name="sort"/> order, as a filter. Nulls sort
    /// first ascending and last descending, as both stores order them.
    /// </summary>
    public static Filter After(IReadOnlyList<SortField> sort, IReadOnlyList<object?> values)
    {
        var alternatives = new List<Filter>(sort.Count);
        for (var i = 0; i < sort.Count; i++)
        {
            var parts = new List<Filter>(i + 1);
            for (var j = 0; j < i; j++)
                parts.Add(Filter.Eq(sort[j].Field, values[j]));
            var beyond = Beyond(sort[i], values[i]);
            if (beyond is null)
                continue;
            parts.Add(beyond);
            alternatives.Add(Filter.And(parts));
        }
        return new OrFilter(alternatives);
    }

    private static Filter? Beyond(SortField key, object? value) => (key.Direction, value) switch
    {
        (SortDirection.Ascending, null) => Filter.Not(Filter.Eq(key.Field, null)),
        (SortDirection.Ascending, _) => new Condition(key.Field, Operator.Gt, value),
        (SortDirection.Descending, null) => null,
        (_, _) => Filter.Or(new Condition(key.Field, Operator.Lt, value), Filter.Eq(key.Field, null)),
    };

    private static string Signature(IReadOnlyList<SortField> sort)
    {
        var sb = new StringBuilder();
        foreach (var key in sort)
            sb.Append(key.Field).Append(key.Direction == SortDirection.Ascending ? '+' : '-');
        return sb.ToString();
    }
}
