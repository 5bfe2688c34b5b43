using System.Globalization;
using Lucene.Net.Analysis;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using LuceneDirectory = Lucene.Net.Store.Directory;
using LuceneDocument = Lucene.Net.Documents.Document;

namespace Dangjian.Core.Search;

/// <summary>
/// The index of one API instance: one long-lived <see cref="IndexWriter"/> and a <see cref="SearcherManager"/> over
/// it (the pattern Examine uses), so a change is searchable after a near-real-time reopen, without a commit.
/// The change-feed sequence the index has applied is stored in each commit's user data, so the entries and the
/// checkpoint are durable together: after a crash the index reopens at its last commit and the indexer replays
/// the feed from that commit's checkpoint. Writes come from one indexer at a time; searches from any thread.
/// <para>
/// <b>A layout change builds beside the serving index.</b> In a folder, each layout has its own
/// (<see cref="SearchIndexFolders"/>). When the serving index is of another layout than this version writes, it goes on
/// serving and following the feed while the new layout is built in its own folder (<see cref="NeedsBuild"/>: the
/// indexer rebuilds it from the documents, then catches it up from the feed with <see cref="ApplyToCandidate"/>). Once
/// it has applied as much of the feed as the serving one, it is marked serving in its commit and swapped in here,
/// between two searches: a search holds the index it started on until it ends, and the old one is closed and its
/// folder deleted when the last such search (or snapshot) lets go. Each index has its own single writer, and only the
/// indexer writes to either, so the one-writer-per-index model holds; a crash at any point leaves either the old index
/// serving (the new one resumes from its own commit) or the new one marked serving (the old folder is removed at open).
/// </para>
/// </summary>
public sealed class SearchIndex : IDisposable
{
    /// <summary>Bumped when the mapping changes what an entry holds: an index of another layout is rebuilt beside the serving one.</summary>
    public const int Layout = 3; // 2: no term vectors on the bigram fields; 3: story bodies without Markdown, directive contact lines and attachments

    private const string SequenceKey = "dangjian.sequence";
    private const string LayoutKey = "dangjian.layout";
    private const string ServingKey = "dangjian.serving";

    private readonly string? _folder;
    private readonly Analyzer _indexAnalyzer;
    private Generation _serving;
    private Generation? _candidate;
    // The index a rebuild writes to (the candidate when there is one): its writer's view is emptied, its commits held back.
    private Generation? _rebuildTarget;
    private bool _rebuildRunning;
    private bool _disposed;
    // Commit and Dispose exclude each other: a host that is stopped twice at once (WebApplicationFactory stops it while
    // Program's RunAsync stops and disposes it) would otherwise commit on a writer the container just disposed.
    private readonly System.Threading.Lock _lifetime = new();
    // Apply, a swap and a snapshot's commit exclude each other: a commit from another thread between an entry's write and
    // its checkpoint could otherwise record a checkpoint whose entries were still in the writer's buffer. Taken before _lifetime.
    private readonly System.Threading.Lock _writing = new();
    private TaskCompletionSource _advanced = NewSignal();

    private SearchIndex(string? folder)
    {
        _folder = folder;
        Words = SearchAnalyzers.Words();
        Bigrams = SearchAnalyzers.Bigrams();
        _indexAnalyzer = SearchAnalyzers.PerField(Words, Bigrams);
        _serving = null!; // set by the factories below, before the index is handed out
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
    public long AppliedSequence => Interlocked.Read(ref Serving.Applied);

    /// <summary>
    /// The last change-feed sequence whose changes are in the serving index's writer: <see cref="AppliedSequence"/>, or
    /// beyond it while a catch-up applies batches without making each searchable (<see cref="Apply"/>).
    /// </summary>
    public long WrittenSequence => Interlocked.Read(ref Serving.Written);

    /// <summary>
    /// The oldest checkpoint a restart would resume from: the serving index's last commit, or the one being built
    /// beside it when that is older (0 until its first commit), so that pruning the feed never strands either.
    /// </summary>
    public long CommittedSequence
    {
        get
        {
            var serving = Interlocked.Read(ref Serving.Committed);
            return Volatile.Read(ref _candidate) is { } candidate
                ? Math.Min(serving, candidate.Built ? Interlocked.Read(ref candidate.Committed) : 0)
                : serving;
        }
    }

    /// <summary>The layout of the index that answers searches.</summary>
    public int ServingLayout => Serving.Layout;

    /// <summary>The layout being built beside the serving index; null when none is.</summary>
    public int? BuildingLayout => Volatile.Read(ref _candidate)?.Layout;

    /// <summary>A new layout waits to be built beside the serving index and no rebuild is running.</summary>
    public bool NeedsBuild
    {
        get
        {
            lock (_writing)
                return _candidate is { Built: false } && !_rebuildRunning;
        }
    }

    /// <summary>
    /// Where the new layout has been built and caught up to; null while none is built (or there is none). The indexer
    /// feeds it from here with <see cref="ApplyToCandidate"/> until it is swapped in.
    /// </summary>
    public long? CandidateSequence
    {
        get
        {
            lock (_writing)
                return _candidate is { Built: true } candidate && _rebuildTarget != candidate ? candidate.Applied : null;
        }
    }

    /// <summary>How many times a new layout was swapped in since this index was opened.</summary>
    public int Swaps { get; private set; }

    private Generation Serving => Volatile.Read(ref _serving);

    /// <summary>
    /// Opens (or creates) the index in a folder, its layout in a folder of its own: an index of another layout found
    /// there goes on serving while this layout is built beside it. Fails when another process has it open.
    /// </summary>
    public static SearchIndex Open(string path, double ramBufferMB = 48)
    {
        var plan = SearchIndexFolders.Plan(path, Layout);
        // Left-overs of a swap or build that a crash interrupted; never the index that serves.
        foreach (var stale in plan.Stale)
            SearchIndexFolders.Delete(stale);
        var index = new SearchIndex(path);
        try
        {
            index._serving = index.OpenGeneration(new MappedDirectory(CreatedFolder(plan.Serving.Path)), ownsDirectory: true,
                GenerationRole.Serving, ramBufferMB, plan.Serving);
            if (plan.Candidate is { } candidate)
                index._candidate = index.OpenGeneration(new MappedDirectory(CreatedFolder(candidate)), ownsDirectory: true,
                    GenerationRole.Candidate, ramBufferMB, new FoundIndex(candidate, Layout, null, Serving: false, Legacy: false));
            return index;
        }
        catch
        {
            index.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Opens an index in a directory the caller owns (tests use a RAMDirectory). One directory holds one layout: an
    /// index of another layout there is emptied and filled again from the feed.
    /// </summary>
    public static SearchIndex Open(LuceneDirectory directory, double ramBufferMB = 16)
    {
        var index = new SearchIndex(null);
        index._serving = index.OpenGeneration(directory, ownsDirectory: false, GenerationRole.Single, ramBufferMB, null);
        return index;
    }

    private static string CreatedFolder(string path)
    {
        System.IO.Directory.CreateDirectory(path);
        return path;
    }

    private Generation OpenGeneration(LuceneDirectory directory, bool ownsDirectory, GenerationRole role, double ramBufferMB, FoundIndex? location)
    {
        var config = new IndexWriterConfig(SearchAnalyzers.Version, _indexAnalyzer)
        {
            OpenMode = OpenMode.CREATE_OR_APPEND,
            Similarity = Similarity,
            RAMBufferSizeMB = ramBufferMB,
            // Keeps a commit's files while a snapshot copies them, however many commits follow meanwhile.
            IndexDeletionPolicy = new SnapshotDeletionPolicy(new KeepOnlyLastCommitDeletionPolicy()),
        };
        IndexWriter writer;
        try
        {
            writer = new IndexWriter(directory, config);
        }
        catch
        {
            if (ownsDirectory)
                directory.Dispose();
            throw;
        }
        var generation = new Generation(directory, ownsDirectory, writer, location, Layout, role != GenerationRole.Candidate);
        var data = writer.CommitData;
        var layout = data.TryGetValue(LayoutKey, out var text) && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : (int?)null;
        var hasSequence = data.TryGetValue(SequenceKey, out var sequenceText) && long.TryParse(sequenceText, NumberStyles.None, CultureInfo.InvariantCulture, out _);
        var sequence = hasSequence ? long.Parse(sequenceText!, CultureInfo.InvariantCulture) : 0;
        switch (role)
        {
            case GenerationRole.Serving when hasSequence && layout is not null:
                // Whatever its layout: an index of an older one serves until the new one is built beside it.
                generation.Layout = layout.Value;
                generation.Applied = generation.Written = generation.Committed = sequence;
                break;
            case GenerationRole.Single when hasSequence && layout == Layout:
                generation.Applied = generation.Written = generation.Committed = sequence;
                break;
            case GenerationRole.Candidate when hasSequence && layout == Layout:
                // Built before a restart and not yet swapped in: it resumes from its own checkpoint.
                generation.Built = true;
                generation.Applied = generation.Written = generation.Committed = sequence;
                break;
            case GenerationRole.Candidate:
                // Nothing is committed until the build is complete: a crash mid-build leaves no index to resume from.
                writer.DeleteAll();
                break;
            default:
                // A new index, or one built by another mapping: start over and let the feed fill it.
                writer.DeleteAll();
                SetCheckpoint(generation, 0);
                writer.Commit();
                break;
        }
        return generation;
    }

    /// <summary>
    /// Writes and removes entries and records <paramref name="sequence"/> as written; with <paramref name="publish"/>,
    /// makes them searchable (and <paramref name="sequence"/> applied) at once. Making changes searchable flushes the
    /// writer's buffer into a new segment and applies its deletes to every segment: a catch-up that did it after each
    /// batch spent a quarter of its time there, so it publishes now and then instead (<see cref="PublishWritten"/>).
    /// </summary>
    public void Apply(IEnumerable<(string Key, LuceneDocument Entry)> upserts, IEnumerable<string> deletes, long sequence, bool publish = true)
    {
        lock (_writing)
        {
            var serving = Serving;
            Write(serving, upserts, deletes);
            SetCheckpoint(serving, sequence);
            Interlocked.Exchange(ref serving.Written, sequence);
            if (publish)
                Publish(serving, sequence);
        }
    }

    /// <summary>Makes what was written to the serving index searchable, if anything is not yet.</summary>
    public void PublishWritten()
    {
        // The indexer asks at every idle poll: most times there is nothing, and a snapshot's commit may hold the lock.
        if (WrittenSequence <= AppliedSequence)
            return;
        lock (_writing)
        {
            var serving = Serving;
            var written = Interlocked.Read(ref serving.Written);
            if (written > Interlocked.Read(ref serving.Applied))
                Publish(serving, written);
        }
    }

    /// <summary>How many segments a search of the serving index reads (each costs it a terms-dictionary seek per term).</summary>
    public int SegmentCount
    {
        get
        {
            using var lease = Acquire();
            return lease.Searcher.IndexReader.Leaves.Count;
        }
    }

    /// <summary>
    /// Merges the serving index's smallest segments into one, so that it holds at most <paramref name="maxSegments"/>,
    /// and makes the result searchable (with whatever was written meanwhile). Lucene's merge policy lets up to ten
    /// segments of each size pile up, and every published batch adds one: a long-running million-document index sat at
    /// 16 to 22 segments, and searches over it were 10 to 30 % slower than over the same documents in two. With two,
    /// the merge leaves the large segment alone and rewrites only the small ones (0.4 s at a million documents).
    /// Outside the writing lock, so the feed goes on being applied; false when there was nothing to merge, or the
    /// serving index is being rebuilt or was replaced meanwhile (its merge is then of no use).
    /// </summary>
    public bool MergeSegments(int maxSegments)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSegments, 1);
        var serving = Serving;
        if (!serving.TryEnter())
            return false;
        try
        {
            lock (_writing)
            {
                if (_rebuildTarget == serving || SegmentCount <= maxSegments)
                    return false;
            }
            serving.Writer.ForceMerge(maxSegments);
            lock (_writing)
            {
                // A rebuild begun meanwhile emptied this writer's view: publishing it would serve the half-built index.
                if (_rebuildTarget == serving || Serving != serving)
                    return false;
                Publish(serving, Interlocked.Read(ref serving.Written));
                return true;
            }
        }
        finally
        {
            serving.Exit();
        }
    }

    /// <summary>
    /// Applies changes to the new layout being caught up beside the serving index (see <see cref="CandidateSequence"/>);
    /// swaps it in once it has applied as much of the feed as the serving one. Returns whether it was swapped in.
    /// </summary>
    public bool ApplyToCandidate(IEnumerable<(string Key, LuceneDocument Entry)> upserts, IEnumerable<string> deletes, long sequence)
    {
        lock (_writing)
        {
            if (_candidate is not { Built: true } candidate || _rebuildTarget == candidate)
                throw new InvalidOperationException("No built index waits beside the serving one.");
            Write(candidate, upserts, deletes);
            SetCheckpoint(candidate, sequence);
            Interlocked.Exchange(ref candidate.Written, sequence);
            Interlocked.Exchange(ref candidate.Applied, sequence);
            return TrySwap();
        }
    }

    /// <summary>
    /// Commits what has been applied and holds that commit's files until the returned snapshot is disposed, however
    /// many commits follow meanwhile (Lucene's <see cref="SnapshotDeletionPolicy"/>): the writer keeps indexing while
    /// the files are copied. Of the serving index: while a new layout is built beside it, snapshots are of the old one.
    /// Null while the serving index is rebuilt (its commit would be the old index) or once disposed.
    /// </summary>
    public IndexCommitSnapshot? Snapshot()
    {
        lock (_writing)
        lock (_lifetime)
        {
            var serving = Serving;
            if (_disposed || _rebuildTarget == serving || !serving.TryEnter())
                return null;
            serving.Writer.Commit();
            Interlocked.Exchange(ref serving.Committed, serving.Written);
            return new IndexCommitSnapshot(serving.Commits.Snapshot(), commit => Release(serving, commit));
        }
    }

    private void Release(Generation generation, IndexCommit commit)
    {
        lock (_lifetime)
        {
            // Once the index or this generation is closed, the writer is gone, and with it what it held.
            if (!_disposed && !generation.Closed)
            {
                generation.Commits.Release(commit);
                generation.Writer.DeleteUnusedFiles();
            }
        }
        generation.Exit();
    }

    /// <summary>
    /// Commits what was applied, with its checkpoint, when anything is uncommitted (the serving index, and a built
    /// index beside it). A no-op once the index is disposed: shutdown may reach the final commit after the host has
    /// already released the index.
    /// </summary>
    public void Commit()
    {
        lock (_writing)
        lock (_lifetime)
        {
            // After Dispose there is nothing left to commit: disposing committed what was applied.
            if (_disposed)
                return;
            foreach (var generation in new[] { Serving, _candidate })
            {
                if (generation is null || generation == _rebuildTarget || !generation.Built)
                    continue;
                if (!generation.Writer.HasUncommittedChanges() && generation.Committed == generation.Written)
                    continue;
                generation.Writer.Commit();
                Interlocked.Exchange(ref generation.Committed, generation.Written);
            }
        }
    }

    /// <summary>
    /// Starts a rebuild, of the new layout when one waits beside the serving index, else of the serving index itself:
    /// every entry is removed, but only in this writer's view; the last commit (and so what a restart would see, and
    /// what searches see) stays as it was until <see cref="EndRebuild"/> commits the new index.
    /// </summary>
    public void BeginRebuild()
    {
        lock (_writing)
        {
            if (_rebuildRunning)
                throw new InvalidOperationException("A rebuild of this index is already running.");
            var target = _candidate ?? Serving;
            _rebuildRunning = true;
            _rebuildTarget = target;
            if (target == _candidate)
                target.Built = false;
            target.Writer.DeleteAll();
        }
    }

    /// <summary>Adds an entry during a rebuild; safe to call from several threads at once.</summary>
    public void Add(LuceneDocument entry) =>
        (Volatile.Read(ref _rebuildTarget) ?? throw new InvalidOperationException("No rebuild is running.")).Writer.AddDocument(entry);

    /// <summary>
    /// Merges what a rebuild wrote into one segment before it is committed. A search weighs every term in every segment
    /// (a terms-dictionary seek, and Lucene.Net allocates an enumerator for each) and sets up its scorers per segment:
    /// at a million documents a rebuild left 16 segments, and over HTTP 突发事件 应急 answered in 3.7 ms (p50) on one
    /// segment against 6.3 ms on those 16, 人民政府 行政处罚 in 11.2 against 12.6 (p95 14.5 against 22.7). The merge
    /// takes about 18 s of a rebuild's 210 s at that size. Outside the writing lock: the serving index goes on following
    /// the feed meanwhile. Not cancellable once started (Lucene's merge is not).
    /// </summary>
    public void MergeRebuilt() =>
        (Volatile.Read(ref _rebuildTarget) ?? throw new InvalidOperationException("No rebuild is running.")).Writer.ForceMerge(1);

    /// <summary>
    /// Commits the rebuilt index with <paramref name="sequence"/> (the feed position read before the rebuild began).
    /// A new layout built beside the serving index is swapped in at once if it is as far as the serving one, else once
    /// the feed has caught it up.
    /// </summary>
    public void EndRebuild(long sequence)
    {
        lock (_writing)
        {
            var target = _rebuildTarget ?? throw new InvalidOperationException("No rebuild is running.");
            SetCheckpoint(target, sequence);
            target.Writer.Commit();
            _rebuildTarget = null;
            _rebuildRunning = false;
            Interlocked.Exchange(ref target.Committed, sequence);
            // The feed is replayed from the rebuild's starting point, whatever was written to this writer meanwhile.
            Interlocked.Exchange(ref target.Written, sequence);
            if (target == Serving)
            {
                Publish(target, sequence);
                return;
            }
            target.Built = true;
            Interlocked.Exchange(ref target.Applied, sequence);
            TrySwap();
        }
    }

    /// <summary>
    /// A rebuild that failed or was cancelled: a new layout beside the serving index may be built again. The serving
    /// index's own rebuild stays pending (its writer's view is empty; only a complete rebuild may publish it).
    /// </summary>
    public void AbortRebuild()
    {
        lock (_writing)
        {
            _rebuildRunning = false;
            if (_rebuildTarget is { } target && target == _candidate)
                _rebuildTarget = null;
        }
    }

    /// <summary>A searcher over the latest applied changes; dispose the lease to release it.</summary>
    public SearcherLease Acquire()
    {
        while (true)
        {
            // A swap replaces the serving index before retiring the old one: a lease refused by a retired one finds the new.
            var serving = Serving;
            if (serving.TryEnter())
                return new SearcherLease(serving);
        }
    }

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
        foreach (var generation in new[] { Serving, _candidate })
        {
            if (generation is null)
                continue;
            generation.Searchers.Dispose();
            generation.Writer.Rollback();
        }
    }

    public void Dispose()
    {
        lock (_lifetime)
        {
            if (_disposed)
                return;
            _disposed = true;
        }
        var rebuilding = Volatile.Read(ref _rebuildTarget);
        // A half-built index must never become the committed one; a complete one commits what was applied, with its checkpoint.
        Volatile.Read(ref _serving)?.Shutdown(commit: rebuilding != _serving);
        _candidate?.Shutdown(commit: _candidate.Built && rebuilding != _candidate);
        _indexAnalyzer.Dispose();
        Words.Dispose();
        Bigrams.Dispose();
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

    /// <summary>Whether a commit was of the index that served searches (as opposed to one built beside it).</summary>
    public static bool IsServing(IndexCommit commit) => commit.UserData.TryGetValue(ServingKey, out var value) && value == "1";

    /// <summary>Below this many entries (an editor's save, a few changes) one thread is quicker than starting workers.</summary>
    private const int ParallelWriteThreshold = 16;

    private static void Write(Generation generation, IEnumerable<(string Key, LuceneDocument Entry)> upserts, IEnumerable<string> deletes)
    {
        // Analysis happens inside the writer and is what applying a batch costs: a new instance catching up from a
        // snapshot applies full batches back to back, so their entries go in from one worker per core, as the rebuild's
        // do (IndexWriter takes documents from several threads at once). Each key occurs once in a batch, so the order
        // within it does not matter; entries then take index positions in no fixed order, which nothing may depend on
        // (every order of hits, related ones included, ends with the key).
        var entries = upserts as IReadOnlyList<(string Key, LuceneDocument Entry)> ?? upserts.ToList();
        if (entries.Count >= ParallelWriteThreshold)
            Parallel.ForEach(entries, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
                e => generation.Writer.UpdateDocument(new Term(SearchFields.Key, e.Key), e.Entry));
        else
        {
            foreach (var (key, entry) in entries)
                generation.Writer.UpdateDocument(new Term(SearchFields.Key, key), entry);
        }
        foreach (var key in deletes)
            generation.Writer.DeleteDocuments(new Term(SearchFields.Key, key));
    }

    /// <summary>Swaps the built new layout in when it has applied as much of the feed as the serving index; under <see cref="_writing"/>.</summary>
    private bool TrySwap()
    {
        if (_candidate is not { Built: true } candidate || _rebuildTarget == candidate)
            return false;
        var old = Serving;
        if (Interlocked.Read(ref candidate.Applied) < Interlocked.Read(ref old.Applied))
            return false;
        lock (_lifetime)
        {
            if (_disposed)
                return false;
            // The mark first, durably: a crash from here on reopens the new index as the serving one.
            candidate.Serving = true;
            SetCheckpoint(candidate, candidate.Applied);
            candidate.Writer.Commit();
            Interlocked.Exchange(ref candidate.Committed, candidate.Applied);
            candidate.Searchers.MaybeRefreshBlocking();
            Volatile.Write(ref _serving, candidate);
            Volatile.Write(ref _candidate, null);
            Swaps++;
        }
        Interlocked.Exchange(ref _advanced, NewSignal()).TrySetResult();
        // Closed and deleted when the last search (or snapshot) holding it lets go, which may be now.
        old.Retire();
        return true;
    }

    private static void SetCheckpoint(Generation generation, long sequence) => generation.Writer.SetCommitData(new Dictionary<string, string>
    {
        [SequenceKey] = sequence.ToString(CultureInfo.InvariantCulture),
        // An old layout kept serving keeps saying so: entries written to it now are the new mapping's, but it is not a
        // complete index of the new layout (a snapshot of it is of the old layout, and a new instance will not restore it).
        [LayoutKey] = generation.Layout.ToString(CultureInfo.InvariantCulture),
        [ServingKey] = generation.Serving ? "1" : "0",
    });

    private void Publish(Generation generation, long sequence)
    {
        generation.Searchers.MaybeRefreshBlocking();
        Interlocked.Exchange(ref generation.Applied, sequence);
        Interlocked.Exchange(ref _advanced, NewSignal()).TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private enum GenerationRole
    {
        /// <summary>A directory the caller owns: one layout, an index of another emptied.</summary>
        Single,

        /// <summary>The folder's serving index, of whatever layout.</summary>
        Serving,

        /// <summary>The current layout, built beside the serving index.</summary>
        Candidate,
    }

    /// <summary>
    /// One Lucene index (directory, its one writer, its searchers) and where it stands in the feed. Searches and
    /// snapshots hold it by a count, so that a retired one is closed only when the last of them has let go.
    /// </summary>
    internal sealed class Generation
    {
        private readonly LuceneDirectory _directory;
        private readonly bool _ownsDirectory;
        private readonly FoundIndex? _location;
        private int _holders;
        private int _retired;
        private int _closed;

        public Generation(LuceneDirectory directory, bool ownsDirectory, IndexWriter writer, FoundIndex? location, int layout, bool built)
        {
            _directory = directory;
            _ownsDirectory = ownsDirectory;
            _location = location;
            Writer = writer;
            // The writer works with its own copy of the configuration: the policy that counts snapshots is that copy's.
            Commits = (SnapshotDeletionPolicy)writer.Config.IndexDeletionPolicy;
            Searchers = new SearcherManager(writer, applyAllDeletes: true, new Bm25SearcherFactory());
            Layout = layout;
            Built = built;
            Serving = built;
        }

        public IndexWriter Writer { get; }

        public SnapshotDeletionPolicy Commits { get; }

        public SearcherManager Searchers { get; }

        public int Layout { get; set; }

        /// <summary>Holds a complete index (false while a new layout beside the serving one waits for its first build).</summary>
        public bool Built { get; set; }

        /// <summary>Marked serving in its commits.</summary>
        public bool Serving { get; set; }

        /// <summary>Searchable up to here.</summary>
        public long Applied;

        /// <summary>In the writer up to here (at least <see cref="Applied"/>): what a commit records.</summary>
        public long Written;

        public long Committed;

        public bool Closed => Volatile.Read(ref _closed) != 0;

        public bool TryEnter()
        {
            Interlocked.Increment(ref _holders);
            if (Volatile.Read(ref _retired) == 0)
                return true;
            Exit();
            return false;
        }

        public void Exit()
        {
            if (Interlocked.Decrement(ref _holders) == 0 && Volatile.Read(ref _retired) != 0)
                Close();
        }

        /// <summary>No new holder enters; the index is closed and its folder deleted once the last one has left.</summary>
        public void Retire()
        {
            Interlocked.Exchange(ref _retired, 1);
            if (Volatile.Read(ref _holders) == 0)
                Close();
        }

        /// <summary>Closes at shutdown, committing what was applied when <paramref name="commit"/>; the folder stays.</summary>
        public void Shutdown(bool commit)
        {
            if (Interlocked.Exchange(ref _closed, 1) != 0)
                return;
            Searchers.Dispose();
            if (commit)
                Writer.Dispose();
            else
                Writer.Rollback();
            if (_ownsDirectory)
                _directory.Dispose();
        }

        private void Close()
        {
            if (Interlocked.Exchange(ref _closed, 1) != 0)
                return;
            Searchers.Dispose();
            Writer.Rollback(); // replaced: nothing of it is kept
            if (_ownsDirectory)
                _directory.Dispose();
            if (_location is not null)
            {
                try
                {
                    SearchIndexFolders.Delete(_location);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // Not marked serving any more: the next open deletes it as a left-over.
                }
            }
        }
    }

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
    private readonly Action<IndexCommit> _release;
    private int _released;

    internal IndexCommitSnapshot(IndexCommit commit, Action<IndexCommit> release)
    {
        _release = release;
        Commit = commit;
    }

    public IndexCommit Commit { get; }

    public long Checkpoint => SearchIndex.CheckpointOf(Commit) ?? 0;

    public int Layout => SearchIndex.LayoutOf(Commit) ?? 0;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
            _release(Commit);
    }
}

/// <summary>A searcher borrowed from the index; released on dispose so that old readers (and a replaced index) can close.</summary>
public readonly struct SearcherLease : IDisposable
{
    private readonly SearchIndex.Generation _generation;

    internal SearcherLease(SearchIndex.Generation generation)
    {
        _generation = generation;
        try
        {
            Searcher = generation.Searchers.Acquire();
        }
        catch
        {
            generation.Exit();
            throw;
        }
    }

    public IndexSearcher Searcher { get; }

    public void Dispose()
    {
        _generation.Searchers.Release(Searcher);
        _generation.Exit();
    }
}
