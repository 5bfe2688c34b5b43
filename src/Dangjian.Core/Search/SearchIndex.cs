using System.Globalization;
using Lucene.Net.Analysis;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using LuceneDirectory = Lucene.Net.Store.Directory;
using LuceneDocument = Lucene.Net.Documents.Document;

namespace Dangjian.Core.Search;

/// <summary>
/// The index of one API instance: one long-lived <see cref="IndexWriter"/> and a <see cref="SearcherManager"/> over
/// it (the pattern Examine uses), so a change is searchable after a near-real-time reopen, without a commit.
/// The change-feed sequence the index has applied is stored in each commit's user data, so the entries and the
/// checkpoint are durable together: after a crash the index reopens at its last commit and the indexer replays
/// the feed from that commit's checkpoint. Writes come from one indexer at a time; searches from any thread.
/// </summary>
public sealed class SearchIndex : IDisposable
{
    /// <summary>Bumped when the mapping changes what an entry holds: an index of another layout is rebuilt from the feed.</summary>
    public const int Layout = 2; // 2: no term vectors on the bigram fields

    private const string SequenceKey = "dangjian.sequence";
    private const string LayoutKey = "dangjian.layout";

    private readonly LuceneDirectory _directory;
    private readonly bool _ownsDirectory;
    private readonly Analyzer _indexAnalyzer;
    private readonly IndexWriter _writer;
    private readonly SnapshotDeletionPolicy _commits;
    private readonly SearcherManager _searchers;
    private long _applied;
    private long _committed;
    private bool _rebuilding;
    private bool _disposed;
    // Commit and Dispose exclude each other: a host that is stopped twice at once (WebApplicationFactory stops it while
    // Program's RunAsync stops and disposes it) would otherwise commit on a writer the container just disposed.
    private readonly System.Threading.Lock _lifetime = new();
    // Apply and a snapshot's commit exclude each other: a commit from another thread between an entry's write and its
    // checkpoint could otherwise record a checkpoint whose entries were still in the writer's buffer.
    private readonly System.Threading.Lock _writing = new();
    private TaskCompletionSource _advanced = NewSignal();

    private SearchIndex(LuceneDirectory directory, bool ownsDirectory, double ramBufferMB)
    {
        _directory = directory;
        _ownsDirectory = ownsDirectory;
        Words = SearchAnalyzers.Words();
        Bigrams = SearchAnalyzers.Bigrams();
        _indexAnalyzer = SearchAnalyzers.PerField(Words, Bigrams);
        var config = new IndexWriterConfig(SearchAnalyzers.Version, _indexAnalyzer)
        {
            OpenMode = OpenMode.CREATE_OR_APPEND,
            Similarity = Similarity,
            RAMBufferSizeMB = ramBufferMB,
            // Keeps a commit's files while a snapshot copies them, however many commits follow meanwhile.
            IndexDeletionPolicy = new SnapshotDeletionPolicy(new KeepOnlyLastCommitDeletionPolicy()),
        };
        _writer = new IndexWriter(directory, config);
        // The writer works with its own copy of the configuration: the policy that counts snapshots is that copy's.
        _commits = (SnapshotDeletionPolicy)_writer.Config.IndexDeletionPolicy;
        var data = _writer.CommitData;
        var sameLayout = data.TryGetValue(LayoutKey, out var layout) && layout == Layout.ToString(CultureInfo.InvariantCulture);
        if (sameLayout && data.TryGetValue(SequenceKey, out var sequence))
        {
            _applied = _committed = long.Parse(sequence, CultureInfo.InvariantCulture);
        }
        else
        {
            // A new index, or one built by another mapping: start over and let the feed fill it.
            _writer.DeleteAll();
            SetCheckpoint(0);
            _writer.Commit();
        }
        _searchers = new SearcherManager(_writer, applyAllDeletes: true, new Bm25SearcherFactory());
    }

    /// <summary>
    /// BM25 ranks short titles and long bodies more fairly than Lucene 4's classic TF-IDF. With coord: a query of
    /// several words read one by one ranks a document by the share of them it matches first (see
    /// <see cref="SearchQueryBuilder"/>); every other boolean query disables coord, so only that one is affected.
    /// </summary>
    public static Similarity Similarity { get; } = new CoordBm25Similarity();

    /// <summary>Index-time behaviour (norms) is BM25's own, so the coord needs no reindex.</summary>
    private sealed class CoordBm25Similarity : BM25Similarity
    {
        public override float Coord(int overlap, int maxOverlap) => maxOverlap == 0 ? 1f : (float)overlap / maxOverlap;
    }

    public Analyzer Words { get; }

    public Analyzer Bigrams { get; }

    /// <summary>The last change-feed sequence whose changes are searchable.</summary>
    public long AppliedSequence => Interlocked.Read(ref _applied);

    /// <summary>The checkpoint of the last commit: where the indexer starts again after a crash.</summary>
    public long CommittedSequence => Interlocked.Read(ref _committed);

    /// <summary>Opens (or creates) the index in a folder. Fails when another process has it open.</summary>
    public static SearchIndex Open(string path, double ramBufferMB = 48)
    {
        System.IO.Directory.CreateDirectory(path);
        var directory = FSDirectory.Open(path);
        try
        {
            return new SearchIndex(directory, ownsDirectory: true, ramBufferMB);
        }
        catch
        {
            directory.Dispose();
            throw;
        }
    }

    /// <summary>Opens an index in a directory the caller owns (tests use a RAMDirectory).</summary>
    public static SearchIndex Open(LuceneDirectory directory, double ramBufferMB = 16) => new(directory, ownsDirectory: false, ramBufferMB);

    /// <summary>Writes and removes entries, then makes them searchable and records <paramref name="sequence"/> as applied.</summary>
    public void Apply(IEnumerable<(string Key, LuceneDocument Entry)> upserts, IEnumerable<string> deletes, long sequence)
    {
        lock (_writing)
        {
            foreach (var (key, entry) in upserts)
                _writer.UpdateDocument(new Term(SearchFields.Key, key), entry);
            foreach (var key in deletes)
                _writer.DeleteDocuments(new Term(SearchFields.Key, key));
            SetCheckpoint(sequence);
            Publish(sequence);
        }
    }

    /// <summary>
    /// Commits what has been applied and holds that commit's files until the returned snapshot is disposed, however
    /// many commits follow meanwhile (Lucene's <see cref="SnapshotDeletionPolicy"/>): the writer keeps indexing while
    /// the files are copied. Null while a rebuild runs (its commit would be the old index) or once disposed.
    /// </summary>
    public IndexCommitSnapshot? Snapshot()
    {
        lock (_writing)
        lock (_lifetime)
        {
            if (_disposed || _rebuilding)
                return null;
            _writer.Commit();
            Interlocked.Exchange(ref _committed, AppliedSequence);
            return new IndexCommitSnapshot(this, _commits.Snapshot());
        }
    }

    internal void Release(IndexCommit commit)
    {
        lock (_lifetime)
        {
            if (_disposed)
                return; // the writer is gone, and with it what it held
            _commits.Release(commit);
            _writer.DeleteUnusedFiles();
        }
    }

    /// <summary>
    /// Commits what was applied, with its checkpoint, when anything is uncommitted. A no-op once the index is
    /// disposed: shutdown may reach the final commit after the host has already released the index.
    /// </summary>
    public void Commit()
    {
        lock (_lifetime)
        {
            // After Dispose there is nothing left to commit: disposing committed what was applied.
            if (_disposed || _rebuilding || !_writer.HasUncommittedChanges() && CommittedSequence == AppliedSequence)
                return;
            _writer.Commit();
            Interlocked.Exchange(ref _committed, AppliedSequence);
        }
    }

    /// <summary>
    /// Starts a rebuild: every entry is removed, but only in this writer's view; the last commit (and so what a
    /// restart would see) stays as it was until <see cref="EndRebuild"/> commits the new index.
    /// </summary>
    public void BeginRebuild()
    {
        _rebuilding = true;
        _writer.DeleteAll();
    }

    /// <summary>Adds an entry during a rebuild; safe to call from several threads at once.</summary>
    public void Add(LuceneDocument entry) => _writer.AddDocument(entry);

    /// <summary>Commits the rebuilt index with <paramref name="sequence"/> (the feed position read before the rebuild began).</summary>
    public void EndRebuild(long sequence)
    {
        SetCheckpoint(sequence);
        _writer.Commit();
        _rebuilding = false;
        Interlocked.Exchange(ref _committed, sequence);
        Publish(sequence);
    }

    /// <summary>A searcher over the latest applied changes; dispose the lease to release it.</summary>
    public SearcherLease Acquire() => new(_searchers);

    /// <summary>Completes when the changes up to <paramref name="sequence"/> are searchable.</summary>
    public async Task WaitForAsync(long sequence, CancellationToken cancellationToken)
    {
        while (true)
        {
            var signal = Volatile.Read(ref _advanced);
            if (AppliedSequence >= sequence)
                return;
            await signal.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Loses everything since the last commit, as a crash would (tests only). The index is unusable afterwards.</summary>
    internal void SimulateCrash()
    {
        lock (_lifetime)
            _disposed = true;
        _searchers.Dispose();
        _writer.Rollback();
    }

    public void Dispose()
    {
        lock (_lifetime)
        {
            if (_disposed)
                return;
            _disposed = true;
        }
        _searchers.Dispose();
        if (_rebuilding)
            _writer.Rollback(); // a half-built index must never become the committed one
        else
            _writer.Dispose(); // commits what was applied, with its checkpoint
        _indexAnalyzer.Dispose();
        Words.Dispose();
        Bigrams.Dispose();
        if (_ownsDirectory)
            _directory.Dispose();
    }

    /// <summary>The checkpoint of the last commit of the index in <paramref name="reader"/>'s directory; null when it has none.</summary>
    public static long? CheckpointOf(DirectoryReader reader) => CheckpointOf(reader.IndexCommit);

    /// <summary>The change-feed checkpoint a commit recorded; null when it has none.</summary>
    public static long? CheckpointOf(IndexCommit commit) =>
        commit.UserData.TryGetValue(SequenceKey, out var value) && long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
            ? sequence : null;

    /// <summary>The layout a commit was written in; null when it does not say.</summary>
    public static int? LayoutOf(IndexCommit commit) =>
        commit.UserData.TryGetValue(LayoutKey, out var value) && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var layout)
            ? layout : null;

    private void SetCheckpoint(long sequence) => _writer.SetCommitData(new Dictionary<string, string>
    {
        [SequenceKey] = sequence.ToString(CultureInfo.InvariantCulture),
        [LayoutKey] = Layout.ToString(CultureInfo.InvariantCulture),
    });

    private void Publish(long sequence)
    {
        _searchers.MaybeRefreshBlocking();
        Interlocked.Exchange(ref _applied, sequence);
        Interlocked.Exchange(ref _advanced, NewSignal()).TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private sealed class Bm25SearcherFactory : SearcherFactory
    {
        public override IndexSearcher NewSearcher(IndexReader reader) => new(reader) { Similarity = Similarity };
    }
}

/// <summary>
/// A commit of the index held for copying: its files stay on disk until this is disposed. The commit's user data
/// holds the change-feed checkpoint its entries reflect, so the files and the checkpoint are consistent.
/// </summary>
public sealed class IndexCommitSnapshot : IDisposable
{
    private readonly SearchIndex _index;
    private int _released;

    internal IndexCommitSnapshot(SearchIndex index, IndexCommit commit)
    {
        _index = index;
        Commit = commit;
    }

    public IndexCommit Commit { get; }

    public long Checkpoint => SearchIndex.CheckpointOf(Commit) ?? 0;

    public int Layout => SearchIndex.LayoutOf(Commit) ?? 0;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
            _index.Release(Commit);
    }
}

/// <summary>A searcher borrowed from the index; released on dispose so that old readers can close.</summary>
public readonly struct SearcherLease : IDisposable
{
    private readonly SearcherManager _manager;

    internal SearcherLease(SearcherManager manager)
    {
        _manager = manager;
        Searcher = manager.Acquire();
    }

    public IndexSearcher Searcher { get; }

    public void Dispose() => _manager.Release(Searcher);
}
