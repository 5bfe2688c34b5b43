using Dangjian.Core.Access;
using Dangjian.Core.Documents;
using Dangjian.Core.Search;
using Lucene.Net.Index;
using Lucene.Net.Store;

namespace Dangjian.Tests.Search;

/// <summary>Keeping the index in step with the store: the change feed, checkpoints across crashes, rebuild and check.</summary>
public sealed class SearchIndexerTests : IAsyncLifetime
{
    private static readonly Caller Editor = new("editor", Role.Editor);
    private SearchFixture _search = null!;
    private Organization _root = null!;

    public async ValueTask InitializeAsync()
    {
        _search = await SearchFixture.CreateAsync();
        _root = await _search.InsertAsync(_search.Samples.Organization("机关工委", kind: OrganizationKind.WorkingCommittee));
    }

    public async ValueTask DisposeAsync() => await _search.DisposeAsync();

    private List<string> Ids(string query) => _search.Search(query, Editor).Hits.Select(h => h.Id).ToList();

    [Fact]
    public async Task After_a_crash_the_index_reopens_at_its_checkpoint_and_catches_up_from_the_feed()
    {
        var notice = await _search.InsertAsync(FoundingNotice.Create(_search.Samples.NewId("dir"), _root.Id));
        await _search.SyncAsync();
        _search.Restart(); // a clean stop commits
        var committed = _search.Index.CommittedSequence;
        Assert.Equal(await _search.Store.GetLastSequenceAsync(SearchFixture.Ct), committed);

        var story = await _search.InsertAsync(_search.Samples.Story(_root.Id, "火线上的不眠之夜"));
        await _search.SyncAsync();
        Assert.Equal([story.Id], Ids("不眠之夜")); // searchable before any commit (near-real-time)
        _search.Crash(); // ... and lost with the crash

        Assert.Equal(committed, _search.Index.AppliedSequence);
        Assert.Empty(Ids("不眠之夜"));
        Assert.Equal([notice.Id], Ids("火线党支部"));

        // The store committed a change the index never saw; the next start catches up on both.
        var log = await _search.InsertAsync(_search.Samples.ActivityLog(_root.Id, "冬夜值守不眠之夜"));
        await _search.SyncAsync();

        Assert.Equal([log.Id, story.Id], Ids("不眠之夜").Order(StringComparer.Ordinal));
        Assert.Equal(await _search.Store.GetLastSequenceAsync(SearchFixture.Ct), _search.Index.AppliedSequence);
    }

    [Fact]
    public async Task Full_batches_become_searchable_together_at_the_feeds_head_and_a_commit_keeps_what_was_written()
    {
        await _search.SyncAsync();
        var start = _search.Index.AppliedSequence;
        for (var i = 1; i <= 4; i++)
            await _search.InsertAsync(_search.Samples.Story(_root.Id, $"不眠之夜第{i}篇", StoryStatus.Published));
        var head = await _search.Store.GetLastSequenceAsync(SearchFixture.Ct);
        Assert.Equal(start + 4, head);
        var indexer = new SearchIndexer(_search.Store, _search.Index, batchSize: 2, publishInterval: TimeSpan.FromHours(1));

        // Two full batches: written, not yet searchable (the interval has not passed).
        Assert.Equal(2, await indexer.ApplyNextBatchAsync(SearchFixture.Ct));
        Assert.Equal(2, await indexer.ApplyNextBatchAsync(SearchFixture.Ct));
        Assert.Equal(start, _search.Index.AppliedSequence);
        Assert.Equal(head, _search.Index.WrittenSequence);
        Assert.Empty(Ids("不眠之夜"));

        // A commit records what the writer holds, so a crash now reopens with all four and replays nothing.
        _search.Index.Commit();
        Assert.Equal(head, _search.Index.CommittedSequence);

        // Nothing more in the feed: the head is reached, and what was written becomes searchable.
        Assert.Equal(0, await indexer.ApplyNextBatchAsync(SearchFixture.Ct));
        Assert.Equal(head, _search.Index.AppliedSequence);
        Assert.Equal(4, Ids("不眠之夜").Count);

        // A batch that is not full is the head: searchable at once, whatever the interval.
        var fifth = await _search.InsertAsync(_search.Samples.Story(_root.Id, "不眠之夜第5篇", StoryStatus.Published));
        Assert.Equal(1, await indexer.ApplyNextBatchAsync(SearchFixture.Ct));
        Assert.Contains(fifth.Id, Ids("不眠之夜"));

        _search.Crash();
        Assert.Equal(head, _search.Index.AppliedSequence);
        Assert.Equal(4, Ids("不眠之夜").Count);
    }

    [Fact]
    public async Task An_update_replaces_the_entry_and_a_status_change_changes_who_finds_it()
    {
        var story = await _search.InsertAsync(_search.Samples.Story(_root.Id, "旧标题", StoryStatus.Submitted));
        await _search.SyncAsync();
        Assert.Empty(_search.Search("旧标题").Hits);

        await _search.UpdateAsync(story with { Title = "新标题", Status = StoryStatus.Published, PublishedAt = DateTimeOffset.UtcNow });
        await _search.SyncAsync();

        Assert.Empty(Ids("旧标题"));
        Assert.Equal([story.Id], _search.Search("新标题").Hits.Select(h => h.Id));
        Assert.Equal(1, _search.Search("标题", Editor).TotalCount);
    }

    [Fact]
    public async Task A_rebuild_from_the_store_gives_the_same_index_as_following_the_feed()
    {
        var samples = _search.Samples;
        var branch = await _search.InsertAsync(samples.Organization("发热门诊党支部", parent: _root.Id, kind: OrganizationKind.Branch));
        await _search.InsertAsync(FoundingNotice.Create(samples.NewId("dir"), _root.Id));
        await _search.SyncAsync();
        var story = await _search.InsertAsync(samples.Story(branch.Id, "火线党支部的一天", StoryStatus.Submitted, tags: ["火线党支部"]));
        await _search.InsertAsync(samples.ActivityLog(branch.Id, "成立临时党支部"));
        await _search.InsertAsync(samples.StudyMaterial("疫情防范知识"));
        await _search.SyncAsync();
        await _search.UpdateAsync(story with { Status = StoryStatus.Published, PublishedAt = DateTimeOffset.UtcNow, Title = "火线党支部的一天一夜" });
        await _search.SyncAsync();

        using var rebuiltDirectory = new RAMDirectory();
        using (var rebuilt = SearchIndex.Open(rebuiltDirectory))
        {
            await new SearchIndexer(_search.Store, rebuilt, batchSize: 2).RebuildAsync(null, SearchFixture.Ct);
            var rebuiltService = new SearchService(rebuilt, _search.Options, new Dangjian.Core.Reading.PagingOptions());
            foreach (var query in new[] { "火线党支部", "党支部", "防控 OR 防范", "一天一夜" })
            {
                foreach (var caller in new[] { Caller.Anonymous, Editor })
                {
                    var incremental = _search.Search(query, caller);
                    var fromStore = rebuiltService.Search(new SearchRequest { Query = query, WithFacets = true }, caller, SearchFixture.Ct).Value;
                    Assert.Equal(incremental.Hits.Select(h => h.Id).Order(), fromStore.Hits.Select(h => h.Id).Order());
                    Assert.Equivalent(incremental.Facets, fromStore.Facets, strict: true);
                }
            }
            Assert.Equal(_search.Index.AppliedSequence, rebuilt.CommittedSequence);
        }
        _search.Restart();
        using var incrementalReader = DirectoryReader.Open(_search.Directory);
        using var rebuiltReader = DirectoryReader.Open(rebuiltDirectory);
        Assert.Equal(SearchIndexReading.Versions(incrementalReader), SearchIndexReading.Versions(rebuiltReader));
        Assert.Equal(4, SearchIndexReading.Versions(rebuiltReader).Count);
    }

    [Fact]
    public async Task A_rebuild_is_merged_into_one_segment_before_it_is_committed()
    {
        for (var i = 0; i < 120; i++)
            await _search.InsertAsync(_search.Samples.Story(_root.Id, $"第{i}个火线党支部的故事"));
        using var directory = new RAMDirectory();
        // A buffer of 50 KB flushes a segment every few dozen stories: the rebuild writes several before it merges them.
        using (var rebuilt = SearchIndex.Open(directory, ramBufferMB: 0.05))
            await new SearchIndexer(_search.Store, rebuilt, batchSize: 10).RebuildAsync(null, SearchFixture.Ct);

        using var reader = DirectoryReader.Open(directory);
        Assert.Single(reader.Leaves);
        Assert.Equal(120, reader.NumDocs);
        Assert.Equal(await _search.Store.GetLastSequenceAsync(SearchFixture.Ct), SearchIndex.CheckpointOf(reader));
    }

    [Fact]
    public async Task A_merge_joins_the_small_segments_leaves_the_large_one_and_changes_no_answer()
    {
        for (var i = 0; i < 40; i++)
            await _search.InsertAsync(_search.Samples.Story(_root.Id, $"第{i}个火线党支部的故事", StoryStatus.Published));
        await _search.SyncAsync();
        for (var i = 0; i < 5; i++)
        {
            // Each save reaches the feed's head alone, and is published as a segment of its own.
            await _search.InsertAsync(_search.Samples.Story(_root.Id, $"党员突击队的第{i}个夜晚", StoryStatus.Published));
            await _search.SyncAsync();
        }
        Assert.True(_search.Index.SegmentCount >= 6, $"{_search.Index.SegmentCount} segments");
        var large = Segments().MaxBy(s => s.Bytes).Name;
        var before = Answers();

        Assert.True(_search.Index.MergeSegments(2));

        Assert.Equal(2, _search.Index.SegmentCount);
        Assert.Contains(large, Segments().Select(s => s.Name)); // untouched: the rest were merged into one
        Assert.Equal(before, Answers());
        Assert.False(_search.Index.MergeSegments(2)); // nothing left to merge
        _search.Restart(); // committed with the rest
        Assert.Equal(2, _search.Index.SegmentCount);
        Assert.Equal(before, Answers());

        // Sized in bytes, as the merge policy sizes them (the first batch may be written as two segments of 20).
        List<(string Name, long Bytes)> Segments()
        {
            using var lease = _search.Index.Acquire();
            return lease.Searcher.IndexReader.Leaves.Select(l => (SegmentReader)l.AtomicReader).Select(r => (r.SegmentName, r.SegmentInfo.GetSizeInBytes())).ToList();
        }

        List<(string, float)> Answers() => new[] { "火线党支部", "突击队 夜晚", "故事" }.SelectMany(q => _search.Search(q, Editor).Hits.Select(h => (h.Id, h.Score))).ToList();
    }

    [Fact]
    public async Task A_merge_while_the_serving_index_is_rebuilt_does_nothing_and_publishes_nothing()
    {
        var stories = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            stories.Add((await _search.InsertAsync(_search.Samples.Story(_root.Id, $"不眠之夜第{i}篇", StoryStatus.Published))).Id);
            await _search.SyncAsync();
        }
        var segments = _search.Index.SegmentCount;
        _search.Index.BeginRebuild(); // the writer's view is now empty until the rebuild ends

        Assert.False(_search.Index.MergeSegments(1));

        Assert.Equal(segments, _search.Index.SegmentCount);
        Assert.Equal(stories.Order(StringComparer.Ordinal), Ids("不眠之夜").Order(StringComparer.Ordinal));
        _search.Index.AbortRebuild();
    }

    [Fact]
    public async Task Facets_follow_an_update_though_each_segments_values_are_kept_between_searches()
    {
        var service = _search.Service; // one service: its per-segment facet values outlive a search
        var story = await _search.InsertAsync(_search.Samples.Story(_root.Id, "网格员的一天", tags: ["网格员", "社区"]));
        await _search.SyncAsync();
        Assert.Equal([("社区", 1), ("网格员", 1)], Tags());

        // The old entry is deleted in the segment whose values were read; the new one is in a new segment.
        await _search.UpdateAsync(story with { Tags = ["社区", "志愿者", "志愿服务"] });
        await _search.SyncAsync();
        Assert.Equal([("志愿服务", 1), ("志愿者", 1), ("社区", 1)], Tags());

        List<(string, int)> Tags() => service.Search(new SearchRequest { Query = "网格员", WithFacets = true }, Editor, SearchFixture.Ct).Value
            .Facets!.Tags.Select(t => (t.Value, t.Count)).OrderBy(t => t.Value, StringComparer.Ordinal).ToList();
    }

    [Fact]
    public async Task A_rebuild_that_fails_half_way_leaves_the_previous_index()
    {
        var notice = await _search.InsertAsync(FoundingNotice.Create(_search.Samples.NewId("dir"), _root.Id));
        await _search.SyncAsync();
        _search.Restart();

        using var cancelled = new CancellationTokenSource();
        var progress = new Progress(cancelled);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _search.Indexer.RebuildAsync(progress, cancelled.Token));
        _search.Restart();

        Assert.Equal([notice.Id], Ids("火线党支部"));
    }

    [Fact]
    public async Task Check_finds_the_index_in_step_counts_pending_changes_and_reports_differences()
    {
        var notice = await _search.InsertAsync(FoundingNotice.Create(_search.Samples.NewId("dir"), _root.Id));
        var story = await _search.InsertAsync(_search.Samples.Story(_root.Id));
        await _search.SyncAsync();
        _search.Index.Commit();

        var report = await IndexCheck.RunAsync(_search.Store, _search.Directory, SearchFixture.Ct);
        Assert.True(report.InStep);
        Assert.Equal((2, 2, 0), (report.StoreDocuments, report.IndexEntries, report.Pending));

        // Committed to the store, not yet indexed: pending, not a difference.
        await _search.UpdateAsync(story with { Title = "改过的标题" });
        report = await IndexCheck.RunAsync(_search.Store, _search.Directory, SearchFixture.Ct);
        Assert.True(report.InStep);
        Assert.Equal(1, report.Pending);

        // An index that lost an entry and holds a stale one, with a checkpoint claiming otherwise.
        var last = await _search.Store.GetLastSequenceAsync(SearchFixture.Ct);
        _search.Index.Apply([], [SearchFields.KeyOf(Kinds.Directive, notice.Id)], last);
        _search.Index.Commit();
        report = await IndexCheck.RunAsync(_search.Store, _search.Directory, SearchFixture.Ct);
        Assert.False(report.InStep);
        Assert.Equal([SearchFields.KeyOf(Kinds.Directive, notice.Id)], report.Missing);
        Assert.Equal([SearchFields.KeyOf(Kinds.Story, story.Id)], report.Stale);
    }

    [Fact]
    public async Task A_document_indexed_before_its_organization_exists_gets_its_path_when_it_arrives()
    {
        var branchId = _search.Samples.NewId("org");
        var log = await _search.InsertAsync(_search.Samples.ActivityLog(branchId, "先于组织的活动"));
        await _search.SyncAsync();
        Assert.Empty(_search.Search("活动", filter: new SearchFilter { OrganizationId = _root.Id }).Hits);

        await _search.InsertAsync(_search.Samples.Organization("后建的支部", parent: _root.Id, kind: OrganizationKind.Branch) with { Id = branchId });
        await _search.SyncAsync();

        Assert.Equal([log.Id], _search.Search("活动", filter: new SearchFilter { OrganizationId = _root.Id }).Hits.Select(h => h.Id));
    }

    /// <summary>Cancels the rebuild after its first page, as an interrupted `reindex` would stop.</summary>
    private sealed class Progress(CancellationTokenSource cancel) : IProgress<RebuildProgress>
    {
        public void Report(RebuildProgress value) => cancel.Cancel();
    }
}
