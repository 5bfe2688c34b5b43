using System.Text.Json.Nodes;
using Dangjian.Core.Documents;
using Dangjian.Core.Storage;

namespace Dangjian.Core.Editorial;

/// <summary>A revision with the fields it changed relative to the one before it.</summary>
public sealed record RevisionView(long Version, DateTimeOffset At, string Actor, string Action, string? Note,
    IReadOnlyList<string> ChangedFields, Document Document);

public static class RevisionHistory
{
    private static readonly HashSet<string> Bookkeeping = ["version", "createdAt", "updatedAt"];

    /// <summary>Describes revisions (newest first, as the store returns them) with what each one changed.</summary>
    public static IReadOnlyList<RevisionView> Describe(IReadOnlyList<Revision> newestFirst)
    {
        var views = new List<RevisionView>(newestFirst.Count);
        for (var i = 0; i < newestFirst.Count; i++)
        {
            var revision = newestFirst[i];
            var previous = i + 1 < newestFirst.Count ? newestFirst[i + 1].Document : null;
            views.Add(new RevisionView(revision.Version, revision.At, revision.Actor, revision.Action, revision.Note,
                ChangedFields(previous, revision.Document), revision.Document));
        }
        return views;
    }

    /// <summary>
    /// Top-level fields whose values differ, every field for the first revision; named as GraphQL names them
    /// (sections, not the stored sectionIds; see <see cref="FieldDefinition.PublicName"/>), so a client can match them
    /// to what it selected.
    /// </summary>
    public static IReadOnlyList<string> ChangedFields(Document? before, Document after)
    {
        var kind = Kinds.Of(after);
        var next = JsonNode.Parse(DocumentJson.Serialize(after))!.AsObject();
        var prior = before is null ? new JsonObject() : JsonNode.Parse(DocumentJson.Serialize(before))!.AsObject();
        return next.Select(p => p.Key).Union(prior.Select(p => p.Key))
            .Where(name => !Bookkeeping.Contains(name) && !JsonNode.DeepEquals(next[name], prior[name]))
            .Select(name => kind.Field(name) is { JsonPath.Count: 1 } field ? field.PublicName : name)
            .ToList();
    }
}
