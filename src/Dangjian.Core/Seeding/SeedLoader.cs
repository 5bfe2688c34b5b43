using System.Text.Json;
using Dangjian.Core.Documents;
using Dangjian.Core.Editorial;
using Dangjian.Core.Importing;
using Dangjian.Core.Storage;

namespace Dangjian.Core.Seeding;

/// <summary>
/// Loads the sample documents in a seed folder into an empty store, in one commit: a crash half-way leaves the
/// store empty, and the next start seeds again. A store that has ever been written to is left alone.
/// </summary>
/// <remarks>
/// Every <c>*.txt</c> in the folder is an official document's original text, imported as a published directive whose
/// id is the file's name without ".txt" (seed-data/notice-2020-01-29.txt → notice-2020-01-29, sections
/// notice-2020-01-29.s1 …), so the seed activities and stories that link to its sections find them. A directive of
/// directives.json with the same id is left out: the one imported from the original text wins.
/// </remarks>
public sealed class SeedLoader(IDocumentStore store, DirectiveImporter importer)
{
    public static readonly ChangeAuthor SeedAuthor = new("system:seed", "SYSTEM");

    /// <summary>Seeding with the default import settings, for callers that have only the store.</summary>
    public SeedLoader(IDocumentStore store)
        : this(store, new DirectiveImporter(new DocumentWriter(store, TimeProvider.System), new ImportOptions()))
    {
    }

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
    public async Task<IReadOnlyList<Document>> ReadAsync(string seedDirectory, CancellationToken cancellationToken)
    {
        var organizations = (await ReadFileAsync<Organization>(seedDirectory, "organizations.json", cancellationToken)).ToList();
        var imported = await ImportTextsAsync(seedDirectory, organizations, cancellationToken);
        var importedIds = imported.Select(d => d.Id).ToHashSet(StringComparer.Ordinal);

        var documents = new List<Document>(organizations);
        documents.AddRange((await ReadFileAsync<Directive>(seedDirectory, "directives.json", cancellationToken)).Where(d => !importedIds.Contains(d.Id)));
        documents.AddRange(imported);
        documents.AddRange(await ReadFileAsync<StudyMaterial>(seedDirectory, "study-materials.json", cancellationToken));
        documents.AddRange(await ReadFileAsync<ActivityLog>(seedDirectory, "activity-logs.json", cancellationToken));
        documents.AddRange(await ReadFileAsync<Story>(seedDirectory, "stories.json", cancellationToken));
        return documents;
    }

    /// <summary>
    /// The directives of the seed texts. Issuers are looked up among the seed organisations first (they are not in
    /// the store yet); an outside issuer a text names is added to <paramref name="organizations"/>, once.
    /// </summary>
    private async Task<IReadOnlyList<Directive>> ImportTextsAsync(string seedDirectory, List<Organization> organizations, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(seedDirectory))
            return [];
        var directives = new List<Directive>();
        foreach (var path in Directory.EnumerateFiles(seedDirectory, "*.txt").Order(StringComparer.Ordinal))
        {
            var decoded = TextDecoding.Decode(await File.ReadAllBytesAsync(path, cancellationToken));
            if (!decoded.IsSuccess)
                throw new InvalidOperationException($"Seed file {path}: {decoded.Error!.Message}");
            var request = new ImportRequest(decoded.Value.Text)
            {
                SourceName = Path.GetFileName(path),
                Publish = true,
                Id = Path.GetFileNameWithoutExtension(path),
            };
            var prepared = await importer.PrepareAsync(request, async (name, ct) =>
            {
                var seeded = organizations.Where(o => o.Name == name).OrderBy(o => o.Id, StringComparer.Ordinal).ToList();
                return seeded.Count > 0 ? seeded : await importer.OrganizationsNamedAsync(name, ct);
            }, cancellationToken);
            if (!prepared.IsSuccess)
                throw new InvalidOperationException($"Seed file {path}: {prepared.Error!.Message}");
            if (prepared.Value.NewIssuer is { } issuer)
                organizations.Add(issuer);
            directives.Add(prepared.Value.Directive);
        }
        return directives;
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
