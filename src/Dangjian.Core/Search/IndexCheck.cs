using Dangjian.Core.Documents;
using Dangjian.Core.Storage;
using Lucene.Net.Index;
using Lucene.Net.Store;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace Dangjian.Core.Search;

/// <summary>
/// What `check` found. Keys are "Kind:id". Documents changed after the index's checkpoint are pending, not
/// differences: the indexer applies them from the feed.
/// </summary>
public sealed record IndexCheckReport(
    long LastChange,
    long? Checkpoint,
    int StoreDocuments,
    int IndexEntries,
    int Pending,
    IReadOnlyList<string> Missing,
    IReadOnlyList<string> Extra,
    IReadOnlyList<string> Stale)
{
    public bool InStep => Checkpoint is not null && Missing.Count == 0 && Extra.Count == 0 && Stale.Count == 0;
}

/// <summary>Compares the store's documents with the entries of an index's last commit, by key and version.</summary>
public static class IndexCheck
{
    private const int Page = 1_000;

    /// <summary>Checks the serving index of an instance's index folder (while a new layout is built beside it, the old one).</summary>
    public static async Task<IndexCheckReport> RunAsync(IDocumentStore store, string indexPath, CancellationToken cancellationToken)
    {
        if (SearchIndexFolders.ServingPath(indexPath, SearchIndex.Layout) is not { } serving)
            return await CompareAsync(store, null, cancellationToken);
        using var directory = FSDirectory.Open(serving);
        return await RunAsync(store, directory, cancellationToken);
    }

    public static async Task<IndexCheckReport> RunAsync(IDocumentStore store, LuceneDirectory directory, CancellationToken cancellationToken)
    {
        if (!DirectoryReader.IndexExists(directory))
            return await CompareAsync(store, null, cancellationToken);
        // The last commit, opened read-only: no lock, so a serving instance's writer is not disturbed.
        using var reader = DirectoryReader.Open(directory);
        return await CompareAsync(store, reader, cancellationToken);
    }

    private static async Task<IndexCheckReport> CompareAsync(IDocumentStore store, DirectoryReader? reader, CancellationToken cancellationToken)
    {
        var lastChange = await store.GetLastSequenceAsync(cancellationToken);
        var checkpoint = reader is null ? null : SearchIndex.CheckpointOf(reader);
        var entries = reader is null ? [] : SearchIndexReading.Versions(reader);
        var pending = await ChangedAfterAsync(store, checkpoint ?? 0, lastChange, cancellationToken);

        var missing = new List<string>();
        var stale = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var kind in SearchFields.Kinds)
        {
            await foreach (var (id, version) in VersionsAsync(store, kind, cancellationToken))
            {
                var key = SearchFields.KeyOf(kind, id);
                seen.Add(key);
                if (pending.Contains(key))
                    continue;
                if (!entries.TryGetValue(key, out var indexed))
                    missing.Add(key);
                else if (indexed != version)
                    stale.Add(key);
            }
        }
        var extra = entries.Keys.Where(k => !seen.Contains(k) && !pending.Contains(k)).Order(StringComparer.Ordinal).ToList();
        return new IndexCheckReport(lastChange, checkpoint, seen.Count, entries.Count, pending.Count, missing, extra, stale);
    }

    private static async Task<HashSet<string>> ChangedAfterAsync(IDocumentStore store, long after, long upTo, CancellationToken cancellationToken)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        while (after < upTo)
        {
            var changes = await store.ReadChangesAsync(after, Page, cancellationToken);
            if (changes.Count == 0)
                break;
            foreach (var change in changes.Where(c => c.Sequence <= upTo))
                keys.Add(change.Kind + ":" + change.Id);
            after = changes[^1].Sequence;
        }
        return keys;
    }

    private static async IAsyncEnumerable<(string Id, long Version)> VersionsAsync(IDocumentStore store, DocumentKind kind,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? last = null;
        while (true)
        {
            var page = await store.PageByIdAsync(kind, last, Page, cancellationToken);
            if (page.Count == 0)
                yield break;
            foreach (var document in page)
                yield return (document.Id, document.Version);
            last = page[^1].Id;
        }
    }
}
