using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Dangjian.Core.Documents;
using MongoDB.Bson;

namespace Dangjian.Core.Storage.Mongo;

/// <summary>
/// The body of a stored document: the same JSON shape SQLite stores and seed files contain (<see cref="DocumentJson"/>),
/// carried over into BSON value by value. Going through the one JSON contract means one mapping of documents to keep
/// right, not two, and no BSON class maps (which live in the driver's global registry). Every JSON value is converted
/// by its kind: a string stays a string, whatever it contains, so nothing is ever read as extended JSON.
/// </summary>
internal static class BsonJson
{
    public static BsonDocument ToBson(Document document)
    {
        using var json = JsonDocument.Parse(DocumentJson.SerializeToUtf8(document));
        return (BsonDocument)Convert(json.RootElement);
    }

    public static Document FromBson(DocumentKind kind, BsonDocument body) => DocumentJson.Deserialize(kind, ToJson(body));

    public static T FromBson<T>(BsonDocument body) where T : Document => DocumentJson.Deserialize<T>(ToJson(body));

    internal static string ToJson(BsonDocument body)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            Write(writer, body);
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static BsonValue Convert(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => new BsonDocument(element.EnumerateObject().Select(p => new BsonElement(Name(p.Name), Convert(p.Value)))),
        JsonValueKind.Array => new BsonArray(element.EnumerateArray().Select(Convert)),
        JsonValueKind.String => new BsonString(element.GetString()!),
        JsonValueKind.Number when element.TryGetInt64(out var l) => new BsonInt64(l),
        JsonValueKind.Number => new BsonDouble(element.GetDouble()),
        JsonValueKind.True => BsonBoolean.True,
        JsonValueKind.False => BsonBoolean.False,
        _ => BsonNull.Value,
    };

    /// <summary>Property names come from the document records; this only guards the BSON rules for names.</summary>
    private static string Name(string name) =>
        name.Length > 0 && name[0] != '$' && !name.Contains('\0', StringComparison.Ordinal)
            ? name
            : throw new InvalidOperationException($"'{name}' cannot be a stored field name.");

    private static void Write(Utf8JsonWriter writer, BsonValue value)
    {
        switch (value)
        {
            case BsonDocument document:
                writer.WriteStartObject();
                foreach (var element in document)
                {
                    writer.WritePropertyName(element.Name);
                    Write(writer, element.Value);
                }
                writer.WriteEndObject();
                break;
            case BsonArray array:
                writer.WriteStartArray();
                foreach (var item in array)
                    Write(writer, item);
                writer.WriteEndArray();
                break;
            case BsonString s:
                writer.WriteStringValue(s.Value);
                break;
            case BsonInt64 l:
                writer.WriteNumberValue(l.Value);
                break;
            case BsonInt32 i:
                writer.WriteNumberValue(i.Value);
                break;
            case BsonDouble d:
                writer.WriteNumberValue(d.Value);
                break;
            case BsonBoolean b:
                writer.WriteBooleanValue(b.Value);
                break;
            case BsonNull:
                writer.WriteNullValue();
                break;
            default:
                throw new InvalidOperationException($"A stored document body holds a {value.BsonType}, which no document has.");
        }
    }
}
