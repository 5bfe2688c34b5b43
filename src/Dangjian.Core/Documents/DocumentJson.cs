using System.Reflection;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Dangjian.Core.Documents;

/// <summary>
/// The one JSON shape of documents: what SQLite stores, what seed files and exports contain. Source-generated,
/// so (de)serialising a page of documents costs no reflection.
/// <para>
/// A property added to a document later must cope with its absence: documents stored before it, and seed files, lack
/// it, and the generated reader sets an init-only property the JSON lacks to its default, passing over the property's
/// initializer (dotnet/runtime#84484). For lists, <see cref="DocumentJson.EmptyLists"/> restores the empty list on every
/// document type; a property of another type that the JSON may lack needs a default of that type (0, false, null).
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
            TypeInfoResolver = DocumentJsonContext.Default.WithAddedModifier(EmptyLists.Modify),
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

    /// <summary>
    /// Reads a list that the JSON lacks or gives as null as an empty list, on every type the context holds (nested
    /// ones too: a directive's contact e-mails). The generated reader builds a document through its init-only
    /// properties and passes default (null) for one the JSON lacks, over the property's <c>= []</c>; a null list then
    /// made the search text throw for every older document and the indexer retry its batch for ever.
    /// <para>
    /// Hot path: this reader deserialises every document an index rebuild reads. The setters are found by reflection
    /// once, when the contract of a type is built; each read then costs one call of the generated getter per list,
    /// and a call of the setter only for a list that is null.
    /// </para>
    /// </summary>
    internal static class EmptyLists
    {
        public static void Modify(JsonTypeInfo typeInfo)
        {
            if (typeInfo.Kind != JsonTypeInfoKind.Object)
                return;
            var fixes = typeInfo.Properties.Select(EmptyWhenNull).OfType<Action<object>>().ToArray();
            if (fixes.Length == 0)
                return;
            var after = typeInfo.OnDeserialized;
            typeInfo.OnDeserialized = value =>
            {
                foreach (var fix in fixes)
                    fix(value);
                after?.Invoke(value);
            };
        }

        private static Action<object>? EmptyWhenNull(JsonPropertyInfo property)
        {
            if (ElementType(property.PropertyType) is not { } element || property.Get is not { } get)
                return null;
            // The source generator's own setter of an init-only property throws; the property's setter itself works
            // on the document the reader has just made, before anyone else sees it.
            if (property.AttributeProvider is not PropertyInfo { SetMethod: { } set })
                throw new NotSupportedException($"{property.DeclaringType.Name}.{property.Name}: a list property of a document needs a setter (init).");
            // One empty array per property, shared by every document read without the list: an array is not
            // something a reader of IReadOnlyList can add to.
            var empty = Array.CreateInstance(element, 0);
            if (!property.PropertyType.IsInstanceOfType(empty))
                throw new NotSupportedException(
                    $"{property.DeclaringType.Name}.{property.Name}: a list property of a document is typed IReadOnlyList<T> (or another interface of an array), so that an empty array can stand for a missing list.");
            var make = typeof(EmptyLists).GetMethod(nameof(Fix), BindingFlags.NonPublic | BindingFlags.Static)!
                .MakeGenericMethod(set.DeclaringType!, property.PropertyType);
            return (Action<object>)make.Invoke(null, [get, set, empty])!;
        }

        /// <summary>A typed delegate to the setter, made once, so a read calls it directly rather than through reflection.</summary>
        private static Action<object> Fix<TOwner, TList>(Func<object, object?> get, MethodInfo set, object empty) where TOwner : class
        {
            var setter = set.CreateDelegate<Action<TOwner, TList>>();
            var value = (TList)empty;
            return owner =>
            {
                if (get(owner) is null)
                    setter((TOwner)owner, value);
            };
        }

        private static Type? ElementType(Type type) =>
            type == typeof(string) ? null
            : type.IsArray ? type.GetElementType()
            : type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IEnumerable<>) ? type.GetGenericArguments()[0]
            : type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];
    }
}
