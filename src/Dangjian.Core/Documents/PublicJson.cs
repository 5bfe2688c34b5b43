using System.Text.Json.Nodes;

namespace Dangjian.Core.Documents;

/// <summary>
/// A document as it is shown outside the store (permalinks, exports): the store's JSON with every id a global id,
/// found through the kind's field table (its id fields and their <see cref="FieldDefinition.JsonPath"/>), so the
/// ids a program reads from an export are the ones GraphQL takes. Instants are already in China time
/// (<see cref="DocumentJson"/>), enum values already CONSTANT_CASE.
/// </summary>
public static class PublicJson
{
    private static readonly System.Text.Json.JsonSerializerOptions Text = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The public JSON as text, Chinese unescaped as in the store.</summary>
    public static string Serialize(Document document) => ToPublic(document).ToJsonString(Text);

    public static JsonObject ToPublic(Document document)
    {
        var kind = Kinds.Of(document);
        var json = JsonNode.Parse(DocumentJson.SerializeToUtf8(document))!.AsObject();
        foreach (var field in kind.Fields.Where(f => f.Type == FieldKind.Id))
            Rewrite(json, field.JsonPath, 0, local => GlobalIds.Encode(field.References!, local));
        return json;
    }

    /// <summary>
    /// The store's document from its public JSON (what <see cref="ToPublic"/> wrote). A local id is also taken, so
    /// exports written before ids were global load too; a global id of another type is refused.
    /// </summary>
    public static Document FromPublic(DocumentKind kind, JsonObject json)
    {
        foreach (var field in kind.Fields.Where(f => f.Type == FieldKind.Id))
        {
            Rewrite(json, field.JsonPath, 0, value => GlobalIds.TryDecode(value) switch
            {
                { } id when id.TypeName == field.References => id.LocalId,
                { } id when Kinds.FromTypeName(id.TypeName) is not null || id.TypeName == DirectiveSection.TypeName =>
                    throw new System.Text.Json.JsonException($"{field.Name} holds a {id.TypeName} id; a {field.References} id belongs there."),
                _ => value,
            });
        }
        return DocumentJson.Deserialize(kind, json.ToJsonString(Text));
    }

    private static void Rewrite(JsonNode? node, IReadOnlyList<string> path, int step, Func<string, string> map)
    {
        switch (node)
        {
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (step == path.Count && array[i] is JsonValue value && value.TryGetValue<string>(out var text))
                        array[i] = map(text);
                    else
                        Rewrite(array[i], path, step, map);
                }
                break;
            case JsonObject obj when step < path.Count:
                var child = obj[path[step]];
                if (step + 1 == path.Count && child is JsonValue leaf && leaf.TryGetValue<string>(out var single))
                    obj[path[step]] = map(single);
                else
                    Rewrite(child, path, step + 1, map);
                break;
        }
    }
}
