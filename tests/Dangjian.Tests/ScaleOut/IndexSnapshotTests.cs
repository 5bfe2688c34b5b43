using System.Text.Json;
using System.Text.Json.Nodes;
using Dangjian.Core.Access;
using Dangjian.Core.Documents;
using Dangjian.Core.Reading;
using Dangjian.Core.Search;
using Dangjian.Core.Storage;
using Dangjian.Core.Storage.Sqlite;
using Dangjian.Tests.Search;
using Dangjian.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Dangjian.Tests.ScaleOut;

/// <summary>
/// Index snapshots on real folders: taken from an index that keeps indexing, restored into the empty folder of a new
/// instance, which then replays only the changes after the snapshot's checkpoint and answers as the source does.
/// Damaged, foreign and hostile snapshots are skipped for the next.
/// </summary>
public sealed class IndexSnapshotTests : IAsyncLifetime
{
    private static readonly Caller Editor = new("editor", Role.Editor);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly TempDirectory _root = new();
    private readonly Samples _samples = new();
    private SqliteDocumentStore _store = null!;
    private SearchIndex _source = null!;
    private Organization _org = null!;

    private string SnapshotFolder => Path.Combine(_root.Path, "snapshots");

    private IndexSnapshots Snapshots => new(SnapshotFolder);

    public async ValueTask InitializeAsync()
    {
        _store = new SqliteDocumentStore(new SqliteStoreOptions { DatabasePath = Path.Combine(_root.Path, "shared.db") }, TimeProvider.System);
        await _store.InitializeAsync(Ct);
        _source = SearchIndex.Open(Path.Combine(_root.Path, "source-index"));
        _org = await InsertAsync(_samples.Organization("机关工委", kind: OrganizationKind.WorkingCommittee));
    }

    public async ValueTask DisposeAsync()
    {
        _source.Dispose();
        await _store.DisposeAsync();
        SqliteConnection.ClearAllPools();
        _root.Dispose();
    }

    [Fact]
    public async Task A_new_index_restored_from_a_snapshot_replays_only_later_changes_and_answers_as_the_source_does()
    {
        await InsertAsync(FoundingNotice.Create(_samples.NewId("dir"), _org.Id));
        for (var i = 0; i < 12; i++)
            await InsertAsync(_samples.Story(_org.Id, $"火线党支部的第{i}个夜晚"));
        await new SearchIndexer(_store, _source).CatchUpAsync(Ct);
        var head = await _store.GetLastSequenceAsync(Ct);

        var taken = await Snapshots.TakeAsync(_source, TimeProvider.System, Ct);
        // The source goes on indexing after the snapshot.
        var later = await InsertAsync(_samples.Story(_org.Id, "快照之后的方舱读书会"));
        await new SearchIndexer(_store, _source).CatchUpAsync(Ct);

        Assert.NotNull(taken);
        Assert.Equal(head, taken.Manifest.Checkpoint);
        Assert.Equal(SearchIndex.Layout, taken.Manifest.Layout);
        Assert.Equal(13, taken.Manifest.Documents); // the notice and 12 stories (organisations are not searched)
        Assert.True(File.Exists(Path.Combine(taken.Path, IndexSnapshots.ManifestName)));
        Assert.Empty(Directory.EnumerateDirectories(SnapshotFolder, ".*")); // no staging folder left behind

        var restoredFolder = Path.Combine(_root.Path, "new-instance", "index");
        var outcome = Snapshots.RestoreLatest(restoredFolder, SearchIndex.Layout, Ct);
        Assert.Equal(taken.Path, outcome.Restored?.Path);
        Assert.Empty(outcome.Skipped);

        var feed = new RecordingFeedStore(_store);
        using var restored = SearchIndex.Open(restoredFolder);
        Assert.Equal(taken.Manifest.Checkpoint, restored.CommittedSequence);
        await new SearchIndexer(feed, restored).CatchUpAsync(Ct);

        Assert.Equal(taken.Manifest.Checkpoint, feed.Reads[0]);
        Assert.All(feed.Sequences, s => Assert.True(s > taken.Manifest.Checkpoint));
        Assert.Equal(await _store.GetLastSequenceAsync(Ct) - taken.Manifest.Checkpoint, feed.Sequences.Count);
        foreach (var query in new[] { "火线党支部", "方舱", "读书会", "疫情防控", "夜晚 -第3个" })
        {
            var (expectedTotal, expectedIds) = Search(_source, query);
            var (total, ids) = Search(restored, query);
            Assert.True(expectedTotal > 0, query);
            Assert.Equal((expectedTotal, expectedIds), (total, ids), (a, b) => a.Item1 == b.Item1 && a.Item2.SequenceEqual(b.Item2));
        }
        Assert.Equal([later.Id], Search(restored, "快照之后").Ids);
    }

    [Fact]
    public async Task A_damaged_or_foreign_snapshot_is_skipped_for_the_next_and_with_none_usable_nothing_is_restored()
    {
        await InsertAsync(_samples.Story(_org.Id, "第一张快照"));
        await new SearchIndexer(_store, _source).CatchUpAsync(Ct);
        var older = await Snapshots.TakeAsync(_source, TimeProvider.System, Ct);
        await InsertAsync(_samples.Story(_org.Id, "第二张快照"));
        await new SearchIndexer(_store, _source).CatchUpAsync(Ct);
        var newer = await Snapshots.TakeAsync(_source, TimeProvider.System, Ct);
        Assert.NotNull(older);
        Assert.NotNull(newer);
        // A snapshot of a later layout, newest of all (its manifest is consistent: it is the layout that refuses it).
        var foreign = CopySnapshot(newer.Path, "snapshot-9999999999999999999-foreign", manifest =>
        {
            manifest["layout"] = SearchIndex.Layout + 1;
            manifest["checkpoint"] = newer.Manifest.Checkpoint + 1_000;
        });
        // The newest of this layout has a damaged file.
        var largest = newer.Manifest.Files.MaxBy(f => f.Length)!;
        var bytes = await File.ReadAllBytesAsync(Path.Combine(newer.Path, largest.Name), Ct);
        bytes[bytes.Length / 2] ^= 0x5A;
        await File.WriteAllBytesAsync(Path.Combine(newer.Path, largest.Name), bytes, Ct);

        var target = Path.Combine(_root.Path, "restored");
        var outcome = Snapshots.RestoreLatest(target, SearchIndex.Layout, Ct);

        Assert.Equal(older.Path, outcome.Restored?.Path);
        Assert.Collection(outcome.Skipped,
            s => Assert.Equal((foreign, true), (s.Path, s.Reason.Contains("layout", StringComparison.Ordinal))),
            s => Assert.Equal((newer.Path, true), (s.Path, s.Reason.Contains("checksum", StringComparison.Ordinal))));
        using (var restored = SearchIndex.Open(target))
        {
            Assert.Equal(older.Manifest.Checkpoint, restored.CommittedSequence);
            Assert.Single(Search(restored, "第一张快照").Ids);
        }

        // With the older one damaged too, there is nothing to restore: the folder stays empty for the feed to fill.
        File.Delete(Path.Combine(older.Path, older.Manifest.Files[0].Name));
        var empty = Path.Combine(_root.Path, "restored-none");
        var none = Snapshots.RestoreLatest(empty, SearchIndex.Layout, Ct);
        Assert.Null(none.Restored);
        Assert.Equal(3, none.Skipped.Count);
        Assert.False(Directory.Exists(empty) && Directory.EnumerateFileSystemEntries(empty).Any());
    }

    [Fact]
    public async Task Hostile_manifests_are_skipped_and_nothing_is_written_outside_the_index_folder()
    {
        await InsertAsync(_samples.Story(_org.Id, "正常的快照"));
        await new SearchIndexer(_store, _source).CatchUpAsync(Ct);
        var good = await Snapshots.TakeAsync(_source, TimeProvider.System, Ct);
        Assert.NotNull(good);
        var outside = Path.Combine(_root.Path, "outside.txt");
        await File.WriteAllTextAsync(outside, "not an index file", Ct);
        SnapshotFile Escaping(string name) => new(name, 17, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("not an index file"u8)));
        // Each names a file outside its folder, with a list whose checksum matches, so only the name can refuse it.
        foreach (var (suffix, name) in new[] { ("parent", "../../outside.txt"), ("absolute", outside), ("manifest", IndexSnapshots.ManifestName), ("hidden", ".x") })
        {
            CopySnapshot(good.Path, $"snapshot-9999999999999999998-{suffix}", manifest =>
            {
                SnapshotFile[] files = [Escaping(name)];
                manifest["files"] = JsonSerializer.SerializeToNode(files, JsonSerializerOptions.Web);
                manifest["checksum"] = SnapshotManifest.ChecksumOf(files);
            });
        }
        Directory.CreateDirectory(Path.Combine(SnapshotFolder, "snapshot-9999999999999999997-garbage"));
        await File.WriteAllTextAsync(Path.Combine(SnapshotFolder, "snapshot-9999999999999999997-garbage", IndexSnapshots.ManifestName), "{\"format\": 1, \"files\": [", Ct);
        Directory.CreateDirectory(Path.Combine(SnapshotFolder, "snapshot-9999999999999999996-no-manifest"));
        CopySnapshot(good.Path, "snapshot-9999999999999999995-negative", manifest => manifest["checkpoint"] = -1);
        CopySnapshot(good.Path, "snapshot-9999999999999999994-future-format", manifest => manifest["format"] = 99);

        var target = Path.Combine(_root.Path, "restored");
        var outcome = Snapshots.RestoreLatest(target, SearchIndex.Layout, Ct);

        Assert.Equal(good.Path, outcome.Restored?.Path);
        Assert.Equal(8, outcome.Skipped.Count);
        Assert.All(outcome.Skipped.Where(s => s.Path.Contains("99999999999999999", StringComparison.Ordinal)),
            s => Assert.Contains("manifest", s.Reason, StringComparison.Ordinal));
        Assert.Equal("not an index file", await File.ReadAllTextAsync(outside, Ct));
        Assert.DoesNotContain(Directory.EnumerateFiles(target), f => Path.GetFileName(f) == "outside.txt");
    }

    [Fact]
    public async Task Only_the_newest_snapshots_are_kept_and_a_snapshot_is_consistent_while_indexing_goes_on()
    {
        var taken = new List<StoredSnapshot>();
        for (var i = 0; i < 4; i++)
        {
            await InsertAsync(_samples.Story(_org.Id, $"第{i}次快照"));
            // Indexing runs while the snapshot is taken: the snapshot's checkpoint must be one its files hold.
            var indexing = Task.Run(() => new SearchIndexer(_store, _source, batchSize: 1).CatchUpAsync(Ct), Ct);
            taken.Add((await Snapshots.TakeAsync(_source, TimeProvider.System, Ct))!);
            await indexing;
        }

        var deleted = Snapshots.Prune(keep: 2, TimeProvider.System);

        Assert.Equal(2, deleted);
        var kept = Snapshots.List();
        Assert.Equal(taken.OrderByDescending(s => s.Manifest.Checkpoint).ThenByDescending(s => s.Manifest.TakenAt).Take(2).Select(s => s.Path), kept.Select(s => s.Path));
        foreach (var snapshot in kept)
        {
            var target = Path.Combine(_root.Path, "check-" + Path.GetFileName(snapshot.Path));
            Assert.Null(IndexSnapshots.TryRestore(snapshot, target, Ct));
            // Documents changed after the snapshot's checkpoint are pending for `check`; everything before must be there.
            var report = await IndexCheck.RunAsync(_store, target, Ct);
            Assert.Equal(snapshot.Manifest.Checkpoint, report.Checkpoint);
            Assert.True(report.InStep, $"{snapshot.Path}: missing {string.Join(", ", report.Missing)}; extra {string.Join(", ", report.Extra)}; stale {string.Join(", ", report.Stale)}");
            Directory.Delete(target, recursive: true);
        }
    }

    [Fact]
    public async Task An_index_whose_checkpoint_the_feed_was_pruned_past_is_rebuilt_from_the_documents()
    {
        var first = await InsertAsync(_samples.Story(_org.Id, "修剪之前的故事"));
        await new SearchIndexer(_store, _source).CatchUpAsync(Ct);
        var checkpoint = _source.AppliedSequence;
        var second = await InsertAsync(_samples.Story(_org.Id, "修剪之后的故事"));
        await UpdateAsync(first with { Title = "修剪之前的故事（修订）" });
        await InsertAsync(_samples.Story(_org.Id, "最新的故事"));
        // Everything but the newest entry goes: the changes right after the index's checkpoint are gone.
        Assert.Equal(checkpoint + 2, await _store.PruneChangesAsync(long.MaxValue, DateTimeOffset.UtcNow.AddDays(1), Ct));
        var gaps = new List<FeedGap>();

        await new SearchIndexer(_store, _source, onGap: gaps.Add).CatchUpAsync(Ct);

        Assert.Equal(new FeedGap(checkpoint, checkpoint + 3), Assert.Single(gaps));
        Assert.Equal(await _store.GetLastSequenceAsync(Ct), _source.AppliedSequence);
        Assert.Equal([second.Id], Search(_source, "修剪之后").Ids);
        Assert.Equal([first.Id], Search(_source, "修订").Ids);
        var report = await IndexCheck.RunAsync(_store, Path.Combine(_root.Path, "source-index"), Ct);
        Assert.Equal(3, report.IndexEntries);
    }

    private async Task<T> UpdateAsync<T>(T document) where T : Document
    {
        var result = await _store.CommitAsync(new Commit(new DocumentWrite(document, document.Version, "update"), ChangeAuthor.System), Ct);
        return (T)Assert.IsType<CommitResult.Committed>(result).Documents[0];
    }

    private async Task<T> InsertAsync<T>(T document) where T : Document
    {
        var result = await _store.CommitAsync(new Commit(DocumentWrite.Insert(document), ChangeAuthor.System), Ct);
        return (T)Assert.IsType<CommitResult.Committed>(result).Documents[0];
    }

    private static (int Total, List<string> Ids) Search(SearchIndex index, string query)
    {
        var result = new SearchService(index, new SearchOptions(), new PagingOptions()).Search(
            new SearchRequest { Query = query, Filter = SearchFilter.None, First = 100 }, Editor, Ct);
        Assert.True(result.IsSuccess, result.Error?.Message);
        return (result.Value.TotalCount, result.Value.Hits.Select(h => h.Id).ToList());
    }

    /// <summary>Copies a snapshot under another name with its manifest changed; returns the copy's path.</summary>
    private string CopySnapshot(string from, string name, Action<JsonObject> change)
    {
        var to = Path.Combine(SnapshotFolder, name);
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from))
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(to, IndexSnapshots.ManifestName)))!.AsObject();
        change(manifest);
        File.WriteAllText(Path.Combine(to, IndexSnapshots.ManifestName), manifest.ToJsonString());
        return to;
    }

    /// <summary>Records where each feed read started and every sequence it returned.</summary>
    private sealed class RecordingFeedStore(IDocumentStore inner) : DelegatingDocumentStore(inner)
    {
        public List<long> Reads { get; } = [];

        public List<long> Sequences { get; } = [];

        public override async Task<IReadOnlyList<ChangeEntry>> ReadChangesAsync(long afterSequence, int max, CancellationToken cancellationToken)
        {
            Reads.Add(afterSequence);
            var changes = await base.ReadChangesAsync(afterSequence, max, cancellationToken);
            Sequences.AddRange(changes.Select(c => c.Sequence));
            return changes;
        }
    }
}
