using Dangjian.Core.Access;
using Dangjian.Core.Documents;
using Dangjian.Core.Search;

namespace Dangjian.Tests.Search;

/// <summary>Matching, ranking and highlighting on an in-memory index over the founding notice and documents around it.</summary>
public sealed class SearchIndexTests : IAsyncLifetime
{
    private SearchFixture _search = null!;
    private Organization _committee = null!;
    private Directive _notice = null!;

    public async ValueTask InitializeAsync()
    {
        _search = await SearchFixture.CreateAsync();
        _committee = await _search.InsertAsync(_search.Samples.Organization("中共娄底市直属机关工作委员会", kind: OrganizationKind.WorkingCommittee));
        _notice = await _search.InsertAsync(FoundingNotice.Create(_search.Samples.NewId("dir"), _committee.Id));
        await _search.SyncAsync();
    }

    public async ValueTask DisposeAsync() => await _search.DisposeAsync();

    [Fact]
    public void Searching_the_front_line_branch_finds_the_notice_with_the_phrase_highlighted()
    {
        var results = _search.Search("火线党支部");

        var hit = Assert.Single(results.Hits);
        Assert.Equal(_notice.Id, hit.Id);
        var text = Assert.Single(hit.Highlights, h => h.Field == SearchHighlightField.Text);
        Assert.Contains(text.Fragments, f => f.ToHtml().Contains("<em>火线党支部</em>", StringComparison.Ordinal));
    }
}
