using Dangjian.Core.Access;
using Dangjian.Core.Documents;
using Dangjian.Core.Reading;
using Dangjian.Core.Search;

namespace Dangjian.Tests.Search;

/// <summary>
/// A search scored on several threads, each over a slice of the index (whole segments, or part of one), must answer
/// exactly what one thread answers: the same hits in the same order with the same scores and cursors, the same total,
/// the same facets, page after page. The index here is small, so slices of a few documents are forced.
/// </summary>
public sealed class SlicedSearchTests : IAsyncLifetime
{
    private static readonly Caller Editor = new("editor", Role.Editor);
    private SearchFixture _search = null!;

    public async ValueTask InitializeAsync()
    {
        _search = await SearchFixture.CreateAsync();
        var samples = _search.Samples;
        var root = await _search.InsertAsync(samples.Organization("机关工委", kind: OrganizationKind.WorkingCommittee));
        var branches = new List<Organization>();
        for (var b = 0; b < 3; b++)
            branches.Add(await _search.InsertAsync(samples.Organization($"第{b + 1}党支部", parent: root.Id, kind: OrganizationKind.Branch)));
        // Several catch-ups, so the index has several segments; words repeated in different amounts, so scores differ.
        for (var round = 0; round < 4; round++)
        {
            for (var i = 0; i < 12; i++)
            {
                var n = round * 12 + i;
                var branch = branches[n % branches.Count].Id;
                var repeated = string.Concat(Enumerable.Repeat("疫情防控", 1 + n % 5));
                await _search.InsertAsync((n % 3) switch
                {
                    0 => (Document)(n % 4 == 0
                        ? samples.Story(branch, $"{repeated}的第{n}个故事", StoryStatus.Submitted, tags: [$"标签{n % 4}"])
                        : samples.Story(branch, $"{repeated}的第{n}个故事", tags: [$"标签{n % 4}"],
                            publishedAt: new DateTimeOffset(2018 + n % 5, 3, 1, 9, 0, 0, TimeSpan.FromHours(8)))),
                    1 => samples.ActivityLog(branch, $"{repeated}组织生活第{n}次", occurredAt: new DateTimeOffset(2019 + n % 3, 5, 1, 9, 0, 0, TimeSpan.FromHours(8))),
                    _ => samples.StudyMaterial($"{repeated}知识第{n}篇"),
                });
            }
            await _search.SyncAsync();
            _search.Restart();
        }
    }

    public async ValueTask DisposeAsync() => await _search.DisposeAsync();

    public static TheoryData<string, string, int> Searches => new()
    {
        { "疫情防控", "anonymous", 7 },
        { "疫情防控", "editor", 5 },
        { "疫情 组织生活", "anonymous", 4 },
        { "\"防控的第\"", "editor", 3 },
    };

    [Theory]
    [MemberData(nameof(Searches))]
    public void Sliced_and_single_thread_searches_answer_alike_page_after_page(string query, string caller, int pageSize)
    {
        var who = caller == "editor" ? Editor : Caller.Anonymous;
        var single = Service(slices: 1);
        var sliced = Service(slices: 3);
        foreach (var order in new[] { SearchOrder.Relevance, SearchOrder.Newest })
        {
            foreach (var filter in new[] { SearchFilter.None, new SearchFilter { Kinds = [Kinds.Story, Kinds.ActivityLog], From = new DateOnly(2019, 1, 1) } })
            {
                string? after = null;
                var pages = 0;
                do
                {
                    var one = Run(single, query, who, filter, order, pageSize, after);
                    var many = Run(sliced, query, who, filter, order, pageSize, after);
                    Assert.Equal(Describe(one.Hits), Describe(many.Hits));
                    Assert.Equal(one.TotalCount, many.TotalCount);
                    Assert.Equal(one.HasNextPage, many.HasNextPage);
                    Assert.Equal(Describe(one.Facets!), Describe(many.Facets!));
                    after = one.Hits.Count > 0 && one.HasNextPage ? one.Hits[^1].Cursor : null;
                    pages++;
                }
                while (after is not null);
                Assert.True(pages > 1 || filter != SearchFilter.None, "the query should need more than one page unfiltered");
            }
        }
    }

    [Fact]
    public void The_index_under_test_has_several_segments_and_is_cut_inside_them()
    {
        using var lease = _search.Index.Acquire();
        var reader = lease.Searcher.IndexReader;
        Assert.True(reader.Leaves.Count > 1, $"{reader.Leaves.Count} segment(s)");
        foreach (var count in new[] { 1, 2, 3, 7, reader.MaxDoc, reader.MaxDoc + 5 })
        {
            var slices = SlicedSearch.Cut(reader, count);
            var covered = slices.SelectMany(s => s).SelectMany(r => Enumerable.Range(r.Leaf.DocBase + r.From, r.To - r.From)).ToList();
            // Every document once, in order, and the slices as even as the count allows.
            Assert.Equal(Enumerable.Range(0, reader.MaxDoc), covered);
            Assert.Equal(Math.Min(count, reader.MaxDoc), slices.Count);
            var sizes = slices.Select(s => s.Sum(r => r.To - r.From)).ToList();
            Assert.True(sizes.Max() - sizes.Min() <= 1, string.Join(",", sizes));
        }
        Assert.Contains(SlicedSearch.Cut(reader, 3).SelectMany(s => s), r => r.From > 0 || r.To < r.Leaf.AtomicReader.MaxDoc);
    }

    [Fact]
    public async Task A_cached_filter_clause_follows_deletions_and_new_segments()
    {
        var filter = new SearchFilter { Kinds = [Kinds.StudyMaterial] };
        // One service throughout: its cached clause bitsets are what is under test.
        var service = Service(slices: 3);
        var before = Run(service, "疫情防控", Editor, filter, SearchOrder.Relevance, 50, null);
        Assert.Equal(16, before.TotalCount);

        var removed = await _search.Store.GetAsync(Kinds.StudyMaterial, before.Hits[0].Id, SearchFixture.Ct);
        await _search.UpdateAsync(removed! with { Status = StudyMaterialStatus.Archived, Title = "另一个标题" });
        await _search.InsertAsync(_search.Samples.StudyMaterial("疫情防控新知识"));
        await _search.SyncAsync();

        var after = Run(service, "疫情防控", Editor, filter, SearchOrder.Relevance, 50, null);
        Assert.Equal(16, after.TotalCount);
        Assert.DoesNotContain(after.Hits, h => h.Id == before.Hits[0].Id);
        Assert.Contains(after.Hits, h => h.Id.Length > 0 && before.Hits.All(b => b.Id != h.Id));
    }

    private SearchService Service(int slices) => new(_search.Index, new SearchOptions { SearchSlices = slices, MinDocumentsPerSlice = 1 }, new PagingOptions());

    private static SearchResults Run(SearchService service, string query, Caller caller, SearchFilter filter, SearchOrder order, int first, string? after)
    {
        var result = service.Search(new SearchRequest
        {
            Query = query, Filter = filter, Order = order, First = first, After = after, WithFacets = true, WithHighlights = true,
        }, caller, SearchFixture.Ct);
        Assert.True(result.IsSuccess, result.Error?.Message);
        return result.Value;
    }

    private static List<string> Describe(IReadOnlyList<SearchHit> hits) =>
        hits.Select(h => $"{h.Kind.TypeName}:{h.Id}:{h.Score:R}:{h.Cursor}:{string.Join("|", h.Highlights.SelectMany(x => x.Fragments).SelectMany(f => f.Parts).Select(p => $"{p.Text}{(p.Match ? "*" : "")}"))}").ToList();

    private static List<string> Describe(SearchFacets facets) =>
    [
        .. facets.Kinds.Select(f => $"kind {f.Value.TypeName} {f.Count}"),
        .. facets.Years.Select(f => $"year {f.Value} {f.Count}"),
        .. facets.Organizations.Select(f => $"org {f.Value} {f.Count}"),
        .. facets.Tags.Select(f => $"tag {f.Value} {f.Count}"),
    ];
}
