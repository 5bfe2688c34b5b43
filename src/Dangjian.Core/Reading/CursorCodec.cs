using System.Buffers.Text;
using System.Text.Json;

namespace Dangjian.Core.Reading;

/// <summary>
/// The one cursor format of every connection (document lists, search, the timeline, the audit log): base64url of a
/// small JSON array of the connection it pages, the order it was made for, and the position's values. A cursor is
/// refused by any other connection or order, and decoding never trusts a value's type, so a forged or foreign cursor
/// is an <see cref="ErrorCodes.InvalidCursor"/> error, never a query and never an internal error.
/// </summary>
public static class CursorCodec
{
    public const int MaxLength = 2048;

    /// <param name="connection">What the cursor pages, e.g. "Query.stories" or "Organization.stories:o1": another connection refuses it.</param>
    /// <param name="order">The order's signature: the same connection in another order refuses it.</param>
    /// <param name="values">The position: strings, integers, floating-point numbers, booleans or nulls.</param>
    public static string Encode(string connection, string order, params IEnumerable<object?> values)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            json.WriteStringValue(connection);
            json.WriteStringValue(order);
            foreach (var value in values)
            {
                switch (value)
                {
                    case null: json.WriteNullValue(); break;
                    case string s: json.WriteStringValue(s); break;
                    case long l: json.WriteNumberValue(l); break;
                    case int i: json.WriteNumberValue(i); break;
                    case double d: json.WriteNumberValue(d); break;
                    case float f: json.WriteNumberValue((double)f); break;
                    case bool b: json.WriteBooleanValue(b); break;
                    default: throw new InvalidOperationException($"Cannot put {value.GetType().Name} in a cursor.");
                }
            }
            json.WriteEndArray();
        }
        return Base64Url.EncodeToString(buffer.ToArray());
    }

    /// <summary>The position in <paramref name="cursor"/>, which must hold exactly <paramref name="count"/> values.</summary>
    /// <param name="argument">The argument the cursor came in (after, before), named in the error.</param>
    public static Result<CursorValues> Decode(string connection, string order, string cursor, int count, string argument)
    {
        var invalid = Invalid(argument);
        if (cursor.Length is 0 or > MaxLength || !Base64Url.IsValid(cursor))
            return invalid;
        try
        {
            using var json = JsonDocument.Parse(Base64Url.DecodeFromChars(cursor));
            var items = json.RootElement;
            if (items.ValueKind != JsonValueKind.Array || items.GetArrayLength() < 2
                || items[0].ValueKind != JsonValueKind.String || items[1].ValueKind != JsonValueKind.String)
                return invalid;
            if (items[0].GetString() != connection)
                return new Error(ErrorCodes.InvalidCursor,
                    "The cursor was issued for a different connection. Use a cursor from this connection's edges or pageInfo.", [argument]);
            if (items[1].GetString() != order)
                return new Error(ErrorCodes.InvalidCursor,
                    "The cursor was issued for a different order. Page with the same order the cursor came from.", [argument]);
            if (items.GetArrayLength() != count + 2)
                return invalid;
            return new CursorValues(items.EnumerateArray().Skip(2).Select(e => e.Clone()).ToArray());
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            return invalid;
        }
    }

    /// <summary>The error for a cursor that is not one this API issued (also for a value of the wrong type inside one).</summary>
    public static Error Invalid(string argument) =>
        new(ErrorCodes.InvalidCursor, "The cursor is not one this API issued. Use a cursor from a page's edges or pageInfo.", [argument]);
}

/// <summary>A decoded cursor's values. Every accessor checks the value's JSON type first: a string where a number belongs is a refusal, not an exception.</summary>
public sealed class CursorValues
{
    private readonly JsonElement[] _values;

    internal CursorValues(JsonElement[] values) => _values = values;

    public int Count => _values.Length;

    public bool IsNull(int index) => _values[index].ValueKind == JsonValueKind.Null;

    public bool TryString(int index, out string value)
    {
        value = _values[index].ValueKind == JsonValueKind.String ? _values[index].GetString()! : "";
        return _values[index].ValueKind == JsonValueKind.String;
    }

    public bool TryInt64(int index, out long value)
    {
        value = 0;
        return _values[index].ValueKind == JsonValueKind.Number && _values[index].TryGetInt64(out value);
    }

    public bool TryInt32(int index, out int value)
    {
        value = 0;
        return _values[index].ValueKind == JsonValueKind.Number && _values[index].TryGetInt32(out value);
    }

    /// <summary>A finite floating-point number (a score).</summary>
    public bool TryDouble(int index, out double value)
    {
        value = 0;
        return _values[index].ValueKind == JsonValueKind.Number && _values[index].TryGetDouble(out value) && double.IsFinite(value);
    }

    public bool TryBoolean(int index, out bool value)
    {
        value = _values[index].ValueKind == JsonValueKind.True;
        return _values[index].ValueKind is JsonValueKind.True or JsonValueKind.False;
    }
}
