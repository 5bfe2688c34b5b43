using System.Collections;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Dangjian.Core.Documents;
using Dangjian.Tests.Support;

namespace Dangjian.Tests.Storage;

/// <summary>
/// Every list of every document kind, nested ones included (a directive's contact e-mails), reads as empty, never null,
/// when the stored JSON lacks it (a document stored before the list existed) or says null (a hand-written file). The
/// lists are found from the types' own properties, so a list added later is tested without touching this file.
/// </summary>
public sealed class DocumentJsonListTests
{
    /// <summary>A list property, as the path of JSON names from the document down (a list element is "0").</summary>
    public sealed record ListPath(string[] JsonNames, PropertyInfo[] Properties)
    {
        public override string ToString() => string.Join('.', JsonNames);
    }

    public static TheoryData<string, string> EveryList()
    {
        var data = new TheoryData<string, string>();
        foreach (var kind in Kinds.All)
            foreach (var path in ListsOf(kind.ClrType))
                data.Add(kind.TypeName, path.ToString());
        return data;
    }

    [Fact]
    public void The_walk_over_the_types_finds_the_lists_it_should()
    {
        var found = Kinds.All.SelectMany(k => ListsOf(k.ClrType).Select(p => $"{k.TypeName}: {p}")).ToList();
        // The one guarded by hand before, a nested one, and one inherited by none: the walk is not vacuous.
        Assert.Contains("ActivityLog: participants", found);
        Assert.Contains("Directive: contact.emails", found);
        Assert.Contains("Directive: sections", found);
        Assert.Contains("Story: transitions", found);
        Assert.Contains("Organization: ancestorIds", found);
        // A property the JSON never holds is not a list to read.
        Assert.DoesNotContain("Directive: sectionIds", found);
    }

    [Theory]
    [MemberData(nameof(EveryList))]
    public void A_list_the_json_lacks_or_gives_as_null_reads_as_empty(string kindName, string listPath)
    {
        var kind = Kinds.FromTypeName(kindName)!;
        var path = ListsOf(kind.ClrType).Single(p => p.ToString() == listPath);
        var stored = JsonNode.Parse(DocumentJson.Serialize(Sample(kind)))!.AsObject();
        var parent = ParentOf(stored, path, kindName);
        var name = path.JsonNames[^1];
        Assert.True(parent.ContainsKey(name), $"The sample {kindName} has no \"{listPath}\" to take away.");

        // The document read must equal the stored one with this list empty and nothing else changed.
        var expected = stored.DeepClone().AsObject();
        ParentOf(expected, path, kindName)[name] = new JsonArray();

        foreach (var missing in new[] { true, false })
        {
            var json = stored.DeepClone().AsObject();
            var at = ParentOf(json, path, kindName);
            if (missing)
                at.Remove(name);
            else
                at[name] = null;
            var text = json.ToJsonString();
            // Each way the store and the seed loader read: from a string by kind, from UTF-8 bytes, a list from a stream.
            var reads = new List<Document> { DocumentJson.Deserialize(kind, text) };
            reads.AddRange((IEnumerable<Document>)typeof(DocumentJsonListTests).GetMethod(nameof(ReadTyped), BindingFlags.NonPublic | BindingFlags.Static)!
                .MakeGenericMethod(kind.ClrType).Invoke(null, [Encoding.UTF8.GetBytes(text)])!);

            foreach (var document in reads)
            {
                var value = ValueAt(document, path);
                Assert.True(value is not null, $"{kindName}.{listPath} read as null when the JSON {(missing ? "lacks it" : "says null")}.");
                Assert.Empty((IEnumerable)value);
                Assert.True(JsonNode.DeepEquals(expected, JsonNode.Parse(DocumentJson.Serialize(document))),
                    $"{kindName} read back differently when \"{listPath}\" was {(missing ? "missing" : "null")}:\n{DocumentJson.Serialize(document)}");
            }
        }
    }

    [Fact]
    public void A_list_the_json_gives_reads_as_given()
    {
        var samples = new Samples();
        var log = samples.ActivityLog("org") with { Participants = ["王建国", "李红梅"] };
        var read = DocumentJson.Deserialize<ActivityLog>(DocumentJson.Serialize(log));
        Assert.Equal(["王建国", "李红梅"], read.Participants);
        Assert.Equal(log.Tags, read.Tags);
    }

    [Fact]
    public void A_list_read_as_empty_cannot_be_added_to()
    {
        var json = JsonNode.Parse(DocumentJson.Serialize(new Samples().Story("org")))!.AsObject();
        json.Remove("tags");
        var read = DocumentJson.Deserialize<Story>(json.ToJsonString());
        // The empty value is shared by every document read without the list: one that could be added to would carry
        // one document's change into all the others.
        Assert.True(((ICollection<string>)read.Tags).IsReadOnly);
    }

    private static Document[] ReadTyped<T>(byte[] utf8) where T : Document =>
    [
        DocumentJson.Deserialize<T>(utf8.AsSpan()),
        DocumentJson.DeserializeList<T>(new MemoryStream([.. "["u8, .. utf8, .. "]"u8])).Single(),
    ];

    private static Document Sample(DocumentKind kind)
    {
        var samples = new Samples();
        return kind.TypeName switch
        {
            "Organization" => samples.Organization(parent: "root"),
            // Every nested record the walk goes into is present, so that its lists are there to take away.
            "Directive" => samples.Directive("issuer") with
            {
                Contact = new ContactDetails { Emails = ["ldjgdj1616@163.com"], Phones = ["0738-8311616"], Text = "（邮箱：ldjgdj1616@163.com）" },
                Attachments = ["附件1"],
                References = ["中央通知"],
            },
            "StudyMaterial" => samples.StudyMaterial() with { Tags = ["防控"] },
            "ActivityLog" => samples.ActivityLog("org") with { Participants = ["王建国"], StudyMaterialIds = ["sm1"], Tags = ["学习"] },
            "Story" => samples.Story("org") with
            {
                Transitions = [new StoryTransition(StoryStatus.Submitted, StoryStatus.InReview, "start_review", "editor", DateTimeOffset.UnixEpoch, null)],
                ActivityLogIds = ["log1"],
            },
            _ => throw new InvalidOperationException($"No sample {kind.TypeName}: add one here so that its lists are tested."),
        };
    }

    private static JsonObject ParentOf(JsonObject document, ListPath path, string kindName)
    {
        JsonNode node = document;
        foreach (var name in path.JsonNames[..^1])
        {
            node = (name == "0" ? node.AsArray().FirstOrDefault() : node.AsObject()[name])
                ?? throw new InvalidOperationException($"The sample {kindName} has nothing at \"{name}\" on the way to \"{path}\": give it a value there.");
        }
        return node.AsObject();
    }

    private static object? ValueAt(object document, ListPath path)
    {
        object? value = document;
        var property = 0;
        foreach (var name in path.JsonNames)
            value = name == "0" ? ((IEnumerable)value!).Cast<object>().First() : path.Properties[property++].GetValue(value);
        return value;
    }

    /// <summary>The lists of a type and of the records it holds, as the JSON names them: what DocumentJson reads.</summary>
    private static IEnumerable<ListPath> ListsOf(Type type, string[]? prefix = null, PropertyInfo[]? through = null)
    {
        prefix ??= [];
        through ??= [];
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.SetMethod is null || property.GetIndexParameters().Length > 0 || property.IsDefined(typeof(JsonIgnoreAttribute)))
                continue;
            var names = prefix.Append(JsonName(property)).ToArray();
            var properties = through.Append(property).ToArray();
            var element = ElementType(property.PropertyType);
            if (element is not null)
            {
                yield return new ListPath(names, properties);
                if (IsRecordOfOurs(element))
                    foreach (var nested in ListsOf(element, [.. names, "0"], properties))
                        yield return nested;
            }
            else if (IsRecordOfOurs(property.PropertyType))
            {
                foreach (var nested in ListsOf(property.PropertyType, names, properties))
                    yield return nested;
            }
        }
    }

    private static string JsonName(PropertyInfo property) =>
        property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(property.Name);

    private static Type? ElementType(Type type) =>
        type == typeof(string) ? null
        : type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IEnumerable<>) ? type.GetGenericArguments()[0]
        : type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];

    private static bool IsRecordOfOurs(Type type) => type.IsClass && type.Namespace == typeof(Document).Namespace;
}
