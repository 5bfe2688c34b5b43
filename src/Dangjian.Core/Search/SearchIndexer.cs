using System.Collections.Concurrent;
using Dangjian.Core.Documents;
using Dangjian.Core.Storage;
using LuceneDocument = Lucene.Net.Documents.Document;

namespace Dangjian.Core.Search;

/// <summary>What a rebuild has done so far: documents and characters of text indexed, of how many documents.</summary>
public sealed record RebuildProgress(long Documents, long TotalDocuments, long Characters);

/// <summary>
/// Keeps an index in step with the store by following its change feed from the index's checkpoint, and rebuilds
/// an index from the store. Both go through <see cref="SearchDocumentMapper"/>, so a rebuilt index and one kept up
/// change by change hold the same entries.
/// </summary>
/// <summary>The feed started after a gap: the changes after <paramref name="Checkpoint"/> up to <paramref name="FirstAvailable"/> were pruned.</summary>
public sealed record FeedGap(long Checkpoint, long FirstAvailable);

/// <param name="onGap">Told when the feed was pruned past the index's checkpoint, before the index is rebuilt from the documents.</param>
/// <param name="publishInterval">
/// While full batches follow each other (a catch-up), how long applied changes may wait to become searchable
/// (<see cref="SearchOptions.PublishInterval"/>); zero makes every batch searchable as it is applied.
/// </param>
public sealed class SearchIndexer(IDocumentStore store, SearchIndex index, int batchSize = 500, Action<FeedGap>? onGap = null,
    TimeSpan publishInterval = default, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private long _lastPublished = (time ?? TimeProvider.System).GetTimestamp();

    /// <summary>Organisation paths never change (a parent is fixed at creation), so each is read from the store once.</summary>
    private readonly ConcurrentDictionary<string, IReadOnlyList<string>> _paths = new(StringComparer.Ordinal);

    public SearchIndex Index => index;

    /// <summary>
    /// Applies the next batch of changes after the index's checkpoint, and the next batch after the checkpoint of a new
    /// layout built beside it (which is swapped in once it has caught up); returns how many (0 when both are caught up).
    /// </summary>
    public async Task<int> ApplyNextBatchAsync(CancellationToken cancellationToken)
    {
        var applied = await ApplyAfterAsync(index.WrittenSequence, ApplyToServing, cancellationToken);
        if (applied == 0)
            index.PublishWritten();
        if (index.CandidateSequence is { } candidate)
            applied += await ApplyAfterAsync(candidate, (upserts, deletes, sequence, _) => index.ApplyToCandidate(upserts, deletes, sequence), cancellationToken);
        return applied;
    }

    /// <summary>
    /// A batch that is not full is the feed's head, and is made searchable at once (an editor's save is found within
    /// the poll interval); full ones are, once <c>publishInterval</c> has passed since the last time.
    /// </summary>
    private void ApplyToServing(List<(string, LuceneDocument)> upserts, List<string> deletes, long sequence, bool full)
    {
        var publish = !full || _time.GetElapsedTime(_lastPublished) >= publishInterval;
        index.Apply(upserts, deletes, sequence, publish);
        if (publish)
            _lastPublished = _time.GetTimestamp();
    }

    private async Task<int> ApplyAfterAsync(long checkpoint, Action<List<(string, LuceneDocument)>, List<string>, long, bool> apply, CancellationToken cancellationToken)
    {
        var changes = await store.ReadChangesAsync(checkpoint, batchSize, cancellationToken);
        if (changes.Count == 0)
            return 0;
        if (changes[0].Sequence > checkpoint + 1)
        {
            // Sequences are gap-free, so a first change beyond the next number means the feed was pruned past this
            // checkpoint (an instance stopped longer than the retention, or an old snapshot): what changed in between is
            // gone from the feed, but not from the documents. (With a new layout waiting beside the serving index, that
            // one is rebuilt, and swapped in at once: it is then ahead of the serving one.)
            onGap?.Invoke(new FeedGap(checkpoint, changes[0].Sequence));
            await RebuildAsync(null, cancellationToken);
            return changes.Count;
        }
        var keys = new HashSet<(DocumentKind Kind, string Id)>();
        foreach (var change in changes)
        {
            if (Kinds.FromTypeName(change.Kind) is not { } kind)
                continue;
            if (SearchFields.IsSearchable(kind))
                keys.Add((kind, change.Id));
            else if (kind == Kinds.Organization && change.Version == 1)
                keys.UnionWith(EntriesNaming(change.Id)); // entries indexed before their organisation existed get its path now
        }
        var upserts = new List<(string, LuceneDocument)>();
        var deletes = new List<string>();
        foreach (var group in keys.GroupBy(k => k.Kind))
        {
            var ids = group.Select(k => k.Id).ToList();
            var found = await store.GetManyAsync(group.Key, ids, cancellationToken);
            await ResolvePathsAsync(found, cancellationToken);
            // Mapping a story renders its Markdown to the text a reader sees: worth a worker per core on a full batch.
            upserts.AddRange(found.AsParallel().AsOrdered().WithDegreeOfParallelism(Environment.ProcessorCount)
                .Select(d => (SearchFields.KeyOf(group.Key, d.Id), SearchDocumentMapper.Map(d, PathOf))));
            // Nothing is hard-deleted today; if a document is gone, so is its entry.
            deletes.AddRange(ids.Except(found.Select(d => d.Id), StringComparer.Ordinal).Select(id => SearchFields.KeyOf(group.Key, id)));
        }
        apply(upserts, deletes, changes[^1].Sequence, changes.Count >= batchSize);
        return changes.Count;
    }

    /// <summary>Applies changes until none are left.</summary>
    public async Task CatchUpAsync(CancellationToken cancellationToken)
    {
        while (await ApplyNextBatchAsync(cancellationToken) > 0)
        {
        }
    }

    /// <summary>
    /// Rebuilds the index from the documents in the store: the new layout waiting beside the serving index when there
    /// is one (the serving one goes on answering and following the feed meanwhile), else the index itself. The feed
    /// position is read first, so changes committed during the rebuild are replayed afterwards (replaying is harmless:
    /// an entry is replaced by its key). Until the final commit, the previous index is what a restart would find.
    /// </summary>
    public async Task RebuildAsync(IProgress<RebuildProgress>? progress, CancellationToken cancellationToken)
    {
        var checkpoint = await store.GetLastSequenceAsync(cancellationToken);
        long total = 0;
        foreach (var kind in SearchFields.Kinds)
            total += await store.CountAsync(kind, Filter.All, cancellationToken);
        index.BeginRebuild();
        try
        {
            await AddAllAsync(progress, total, cancellationToken);
            await Task.Run(index.MergeRebuilt, cancellationToken);
            index.EndRebuild(checkpoint);
        }
        catch
        {
            index.AbortRebuild();
            throw;
        }
    }

    private async Task AddAllAsync(IProgress<RebuildProgress>? progress, long total, CancellationToken cancellationToken)
    {
        long done = 0, characters = 0;
        var reporting = new Lock();
        // Analysis is the cost of indexing, and IndexWriter takes documents from several threads at once: one worker
        // per core maps and adds documents as the reader yields them, with no pause at page ends (a page's slowest
        // document held up the next page before), while the reader fetches the next page from the store.
        await Parallel.ForEachAsync(ReadAllAsync(cancellationToken),
            new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken },
            (document, _) =>
            {
                index.Add(SearchDocumentMapper.Map(document, PathOf));
                var indexed = Interlocked.Increment(ref done);
                var read = Interlocked.Add(ref characters, TextLength(document));
                if (indexed % batchSize == 0)
                {
                    lock (reporting)
                        progress?.Report(new RebuildProgress(indexed, Math.Max(total, indexed), read));
                }
                return ValueTask.CompletedTask;
            });
        progress?.Report(new RebuildProgress(done, Math.Max(total, done), characters));
        cancellationToken.ThrowIfCancellationRequested(); // a rebuild cancelled at its last moment is not committed either
    }

    /// <summary>Every searchable document, kind by kind, by id, a page at a time, the next page read while this one is indexed.</summary>
    private async IAsyncEnumerable<Document> ReadAllAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var kind in SearchFields.Kinds)
        {
            var reading = store.PageByIdAsync(kind, null, batchSize, cancellationToken);
            while (true)
            {
                var page = await reading;
                if (page.Count == 0)
                    break;
                reading = page.Count < batchSize
                    ? Task.FromResult<IReadOnlyList<Document>>([])
                    : store.PageByIdAsync(kind, page[^1].Id, batchSize, cancellationToken);
                await ResolvePathsAsync(page, cancellationToken);
                foreach (var document in page)
                    yield return document;
            }
        }
    }

    private async Task ResolvePathsAsync(IEnumerable<Document> documents, CancellationToken cancellationToken)
    {
        var missing = documents.SelectMany(d => Kinds.Of(d).OrganizationIdsOf(d)).Where(id => !_paths.ContainsKey(id)).ToHashSet(StringComparer.Ordinal);
        if (missing.Count == 0)
            return;
        foreach (var organization in await store.GetManyAsync(Kinds.Organization, missing, cancellationToken))
            _paths[organization.Id] = [.. organization.AncestorIds, organization.Id];
    }

    /// <summary>An organisation not (yet) in the store stands for itself; it gets its path when it is created.</summary>
    private IReadOnlyList<string> PathOf(string organizationId) =>
        _paths.TryGetValue(organizationId, out var path) ? path : [organizationId];

    private IEnumerable<(DocumentKind, string)> EntriesNaming(string organizationId)
    {
        using var lease = index.Acquire();
        var query = new Lucene.Net.Search.TermQuery(new Lucene.Net.Index.Term(SearchFields.Organization, organizationId));
        return SearchIndexReading.Keys(lease.Searcher, query).Select(SearchFields.ParseKey).ToList();
    }

    private static long TextLength(Document document)
    {
        var (title, texts) = Kinds.Of(document).TextOf(document);
        return title.Length + texts.Sum(t => (long)t.Length);
    }
}
