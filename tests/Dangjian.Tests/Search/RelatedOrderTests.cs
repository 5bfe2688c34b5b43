using Dangjian.Core.Access;
using Dangjian.Core.Documents;

namespace Dangjian.Tests.Search;

/// <summary>
/// `related` lists documents equally like the one asked about in the same order on every instance: by key, not by
/// where each entry happens to sit in its index. Two instances over one store place entries differently (a rebuild
/// adds them from one worker per core; following the feed, each batch adds them in key order), so an order by position
/// showed readers of two instances different lists.
/// </summary>
public sealed class RelatedOrderTests : IAsyncLifetime
{
    private static readonly Caller Editor = new("editor", Role.Editor);
    private SearchFixture _search = null!;

    public async ValueTask InitializeAsync() => _search = await SearchFixture.CreateAsync();

    public async ValueTask DisposeAsync() => await _search.DisposeAsync();

    [Fact]
    public async Task Equally_similar_documents_come_in_key_order_whatever_order_they_were_indexed_in()
    {
        var root = await _search.InsertAsync(_search.Samples.Organization("机关工委", kind: OrganizationKind.WorkingCommittee));
        const string Title = "方舱医院党员突击队疫情防控故事";
        // Each indexed on its own, in the reverse of the keys' order: the index holds c, then b, then a.
        foreach (var id in new[] { "story-c", "story-b", "story-a" })
        {
            await _search.InsertAsync(_search.Samples.Story(root.Id, Title) with { Id = id });
            await _search.SyncAsync();
        }

        var related = _search.Service.Related(Kinds.Story, "story-a", Editor, first: 2);

        Assert.Equal(["story-b", "story-c"], related.Select(r => r.Id));
    }
}
