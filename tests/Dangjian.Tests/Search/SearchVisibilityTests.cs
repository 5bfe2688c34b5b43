using Dangjian.Core.Access;
using Dangjian.Core.Documents;
using Dangjian.Core.Search;
using Lucene.Net.Search;

namespace Dangjian.Tests.Search;

/// <summary>
/// Who sees what, on every search path: the index's filter is <see cref="Visibility.FilterFor"/> translated, and
/// a caller who may not see a document never learns of it from hits, totals, facets, highlights or related lists.
/// </summary>
public sealed class SearchVisibilityTests : IAsyncLifetime
{
    private const string Shared = "抗疫先锋";
    private SearchFixture _search = null!;
    private Organization _branchA = null!;
    private Organization _branchB = null!;
    private Story _published = null!;
    private Story _submittedByA = null!;
    private Story _submittedByB = null!;
    private readonly List<Document> _all = [];

    private static readonly Caller Editor = new("editor", Role.Editor);
    private static readonly Caller Reader = new("reader", Role.Reader);
    private Caller BranchA => new("secretary-a", Role.Branch, _branchA.Id, new HashSet<string> { _branchA.Id });

    public async ValueTask InitializeAsync()
    {
        _search = await SearchFixture.CreateAsync();
        var samples = _search.Samples;
        var root = await _search.InsertAsync(samples.Organization("机关工委", kind: OrganizationKind.WorkingCommittee));
        _branchA = await _search.InsertAsync(samples.Organization("A党支部", parent: root.Id, kind: OrganizationKind.Branch));
        _branchB = await _search.InsertAsync(samples.Organization("B党支部", parent: root.Id, kind: OrganizationKind.Branch));
        _published = await AddAsync(samples.Story(_branchA.Id, $"{Shared}：公开的故事", tags: ["公开标签"]));
        _submittedByA = await AddAsync(samples.Story(_branchA.Id, $"{Shared}：A支部待审的故事", StoryStatus.Submitted, tags: ["待审标签A"]));
        _submittedByB = await AddAsync(samples.Story(_branchB.Id, $"{Shared}：B支部待审的故事", StoryStatus.InReview, tags: ["待审标签B"]));
        await AddAsync(samples.Directive(root.Id, $"{Shared}：已发布的通知"));
        await AddAsync(samples.Directive(root.Id, $"{Shared}：通知草稿", DirectiveStatus.Draft));
        await AddAsync(samples.Directive(root.Id, $"{Shared}：已撤销的通知", DirectiveStatus.Rescinded));
        await AddAsync(samples.StudyMaterial($"{Shared}：学习资料"));
        await AddAsync(samples.StudyMaterial($"{Shared}：归档的学习资料", StudyMaterialStatus.Archived));
        await AddAsync(samples.ActivityLog(_branchB.Id, $"{Shared}：B支部的活动"));
        await _search.SyncAsync();

        async Task<T> AddAsync<T>(T document) where T : Document
        {
            var stored = await _search.InsertAsync(document);
            _all.Add(stored);
            return stored;
        }
    }

    public async ValueTask DisposeAsync() => await _search.DisposeAsync();

    private HashSet<string> Visible(Caller caller) =>
        _all.Where(d => Visibility.CanSee(d, caller)).Select(d => d.Id).ToHashSet();

    [Fact]
    public void The_index_filter_admits_exactly_what_visibility_lets_each_caller_see()
    {
        foreach (var caller in new[] { Caller.Anonymous, Reader, BranchA, Editor, new Caller("b", Role.Branch, _branchB.Id, new HashSet<string> { _branchB.Id }) })
        {
            using var lease = _search.Index.Acquire();
            var filter = SearchFilters.VisibleTo(caller);
            Query query = filter is null ? new MatchAllDocsQuery() : new BooleanQuery { { new MatchAllDocsQuery(), Occur.MUST }, { filter, Occur.MUST } };
            var indexed = SearchIndexReading.Keys(lease.Searcher, query).Select(k => SearchFields.ParseKey(k).Id).ToHashSet();

            Assert.True(Visible(caller).SetEquals(indexed), $"{caller}: index {string.Join(",", indexed.Order())} vs rule {string.Join(",", Visible(caller).Order())}");
        }
    }

    [Fact]
    public void Anonymous_readers_learn_nothing_of_unpublished_documents_by_any_path()
    {
        foreach (var caller in new[] { Caller.Anonymous, Reader })
        {
            var results = _search.Search(Shared, caller);
            var visible = Visible(caller);

            Assert.Equal(5, visible.Count); // a published story, published and rescinded notices, a material, an activity
            Assert.True(visible.SetEquals(results.Hits.Select(h => h.Id)));
            Assert.Equal(visible.Count, results.TotalCount);
            Assert.Equal(visible.Count, results.Facets!.Kinds.Sum(k => k.Count));
            Assert.Equal(1, results.Facets.Kinds.Single(k => k.Value == Kinds.Story).Count);
            Assert.DoesNotContain(results.Facets.Tags, t => t.Value.StartsWith("待审", StringComparison.Ordinal));
            Assert.All(results.Hits, h => Assert.NotEmpty(h.Highlights));
            Assert.DoesNotContain(results.Hits.SelectMany(h => h.Highlights).SelectMany(h => h.Fragments), f => f.ToString().Contains("待审", StringComparison.Ordinal));
            // A word only the hidden story has finds nothing at all.
            Assert.Equal(0, _search.Search("待审", caller).TotalCount);
            Assert.Empty(_search.Search("草稿 OR 归档", caller).Facets!.Kinds);

            var related = _search.Service.Related(Kinds.Story, _published.Id, caller, 20).Select(r => r.Id).ToList();
            Assert.NotEmpty(related);
            Assert.True(related.ToHashSet().IsSubsetOf(visible));
            Assert.DoesNotContain(_published.Id, related);
        }
    }

    [Fact]
    public void A_branch_sees_its_own_unpublished_stories_but_not_another_branchs()
    {
        var results = _search.Search(Shared, BranchA);

        Assert.Contains(_submittedByA.Id, results.Hits.Select(h => h.Id));
        Assert.DoesNotContain(_submittedByB.Id, results.Hits.Select(h => h.Id));
        Assert.Equal(6, results.TotalCount);
        Assert.Contains(results.Facets!.Tags, t => t.Value == "待审标签A");
        Assert.DoesNotContain(results.Facets.Tags, t => t.Value == "待审标签B");
        Assert.Equal(0, _search.Search("B支部待审", BranchA).TotalCount);

        var related = _search.Service.Related(Kinds.Story, _published.Id, BranchA, 20).Select(r => r.Id).ToList();
        Assert.Contains(_submittedByA.Id, related);
        Assert.DoesNotContain(_submittedByB.Id, related);
    }

    [Fact]
    public void Editors_see_everything()
    {
        var results = _search.Search(Shared, Editor);

        Assert.Equal(_all.Count, results.TotalCount);
        Assert.Contains(results.Facets!.Tags, t => t.Value == "待审标签B");
        Assert.Equal(_all.Count - 1, _search.Service.Related(Kinds.Story, _published.Id, Editor, 20).Count);
    }
}
