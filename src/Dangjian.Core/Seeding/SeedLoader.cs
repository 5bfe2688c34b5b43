using System.Text.Json;
using Dangjian.Core.Documents;
using Dangjian.Core.Storage;

namespace Dangjian.Core.Seeding;

/// <summary>
/// Loads the sample documents in a seed folder into an empty store, in one commit: a crash half-way leaves the
/// store empty, and the next start seeds again. A store that has ever been written to is left alone.
/// </summary>
public sealed class SeedLoader(IDocumentStore store)
{
    public static readonly ChangeAuthor SeedAuthor = new("system:seed", "SYSTEM");

    /// <summary>The number of documents written, or 0 when the store was not empty.</summary>
    public async Task<int> SeedIfEmptyAsync(string seedDirectory, CancellationToken cancellationToken)
    {
        if (await store.GetLastSequenceAsync(cancellationToken) > 0)
            return 0;
        var documents = await ReadAsync(seedDirectory, cancellationToken);
        if (documents.Count == 0)
            return 0;
        var result = await store.CommitAsync(new Commit(documents.Select(d => DocumentWrite.Insert(d, "seed")).ToList(), SeedAuthor), cancellationToken);
        return result switch
        {
            CommitResult.Committed committed => committed.Documents.Count,
            // Several API instances starting together on one shared store (MongoDB) all find it empty; the first
            // commit wins and the others conflict on its documents. The store is seeded either way.
            CommitResult.Conflict when await store.GetLastSequenceAsync(cancellationToken) > 0 => 0,
            _ => throw new InvalidOperationException($"Seeding conflicted with existing data: {result}."),
        };
    }

    /// <summary>The documents of every seed file, organisations first so that links point backwards.</summary>
    public static async Task<IReadOnlyList<Document>> ReadAsync(string seedDirectory, CancellationToken cancellationToken)
    {
        var documents = new List<Document>();
        documents.AddRange(await ReadFileAsync<Organization>(seedDirectory, "organizations.json", cancellationToken));
        documents.AddRange(await ReadFileAsync<Directive>(seedDirectory, "directives.json", cancellationToken));
        documents.AddRange(await ReadFileAsync<StudyMaterial>(seedDirectory, "study-materials.json", cancellationToken));
        documents.AddRange(await ReadFileAsync<ActivityLog>(seedDirectory, "activity-logs.json", cancellationToken));
        documents.AddRange(await ReadFileAsync<Story>(seedDirectory, "stories.json", cancellationToken));
        return documents;
    }

    private static async Task<IReadOnlyList<T>> ReadFileAsync<T>(string directory, string name, CancellationToken cancellationToken)
        where T : Document
    {
        var path = Path.Combine(directory, name);
        if (!File.Exists(path))
            return [];
        await using var stream = File.OpenRead(path);
        using var json = await JsonDocument.ParseAsync(stream, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip }, cancellationToken);
        if (!json.RootElement.TryGetProperty("documents", out var items))
            throw new JsonException($"{path} has no \"documents\" array.");
        return items.Deserialize<List<T>>(DocumentJson.Options) ?? [];
    }
}
