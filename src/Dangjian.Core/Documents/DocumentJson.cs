using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dangjian.Core.Documents;

/// <summary>
/// The one JSON shape of documents: what SQLite stores, what seed files and exports contain. Source-generated,
/// so (de)serialising a page of documents costs no reflection.
/// <para>
/// A property added to a document later must cope with its absence: documents stored before it, and seed files, lack
/// it, and the generated reader sets an init-only property the JSON lacks to its default (null for a list), passing
/// over the property's initializer. Give it a setter that turns null into its empty value (ActivityLog.Participants).
/// </para>
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    AllowTrailingCommas = true,
    ReadCommentHandling = JsonCommentHandling.Skip,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(Organization))]
[JsonSerializable(typeof(Directive))]
[JsonSerializable(typeof(StudyMaterial))]
[JsonSerializable(typeof(ActivityLog))]
[JsonSerializable(typeof(Story))]
[JsonSerializable(typeof(List<Organization>))]
[JsonSerializable(typeof(List<Directive>))]
[JsonSerializable(typeof(List<StudyMaterial>))]
[JsonSerializable(typeof(List<ActivityLog>))]
[JsonSerializable(typeof(List<Story>))]
internal sealed partial class DocumentJsonContext : JsonSerializerContext;

public static class DocumentJson
{
    /// <summary>
    /// Chinese stays readable in stored JSON (no \uXXXX escapes), and enum values are CONSTANT_CASE like the API's.
    /// </summary>
    public static readonly JsonSerializerOptions Options = CreateOptions();

    public static string Serialize(Document document) => JsonSerializer.Serialize(document, document.GetType(), Options);

    public static byte[] SerializeToUtf8(Document document) => JsonSerializer.SerializeToUtf8Bytes(document, document.GetType(), Options);

    public static Document Deserialize(DocumentKind kind, string json) =>
        (Document)(JsonSerializer.Deserialize(json, kind.ClrType, Options) ?? throw new JsonException($"A stored {kind} is null."));

    public static T Deserialize<T>(string json) where T : Document =>
        JsonSerializer.Deserialize<T>(json, Options) ?? throw new JsonException($"A stored {typeof(T).Name} is null.");

    /// <summary>From UTF-8 as the store holds it: no round trip through a UTF-16 string, which the parser would encode back.</summary>
    public static T Deserialize<T>(ReadOnlySpan<byte> utf8Json) where T : Document =>
        JsonSerializer.Deserialize<T>(utf8Json, Options) ?? throw new JsonException($"A stored {typeof(T).Name} is null.");

    public static IReadOnlyList<T> DeserializeList<T>(Stream utf8Json) where T : Document =>
        JsonSerializer.Deserialize<List<T>>(utf8Json, Options) ?? [];

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(DocumentJsonContext.Default.Options)
        {
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            TypeInfoResolver = DocumentJsonContext.Default,
        };
        options.Converters.Add(new JsonStringEnumConverter(EnumNames.Policy, allowIntegerValues: false));
        options.Converters.Add(new ChinaTimeConverter());
        options.MakeReadOnly();
        return options;
    }

    /// <summary>
    /// Instants are written in China time (+08:00), whoever wrote them: a story submitted through the API (the clock
    /// gives UTC) and a seeded one then read the same in the store, exports and permalinks. Any offset is read.
    /// </summary>
    private sealed class ChinaTimeConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.GetDateTimeOffset();

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.ToOffset(ChinaTime.Offset));
    }
}
