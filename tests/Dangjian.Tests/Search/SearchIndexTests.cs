using Dangjian.Core;
using Dangjian.Core.Access;
using Dangjian.Core.Documents;
using Dangjian.Core.Search;

namespace Dangjian.Tests.Search;

/// <summary>Matching, ranking, filters, facets, paging and highlighting on an in-memory index over the founding notice and documents around it.</summary>
public sealed class SearchIndexTests : IAsyncLifetime
{
    private static readonly Caller Editor = new("editor", Role.Editor);
    private SearchFixture _search = null!;
    private Organization _committee = null!;
    private Organization _hospital = null!;
    private Organization _police = null!;
    private Directive _notice = null!;
    private Story _story = null!;
    private ActivityLog _log = null!;
    private StudyMaterial _material = null!;

    public async ValueTask InitializeAsync()
    {
        _search = await SearchFixture.CreateAsync();
        var samples = _search.Samples;
        _committee = await _search.InsertAsync(samples.Organization("中共娄底市直属机关工作委员会", kind: OrganizationKind.WorkingCommittee));
        _hospital = await _search.InsertAsync(samples.Organization("中共娄底市中心医院委员会", parent: _committee.Id));
        var clinic = await _search.InsertAsync(samples.Organization("发热门诊党支部", parent: _hospital.Id, ancestors: [_committee.Id, _hospital.Id], kind: OrganizationKind.Branch));
        _police = await _search.InsertAsync(samples.Organization("中共娄底市公安局委员会", parent: _committee.Id, sector: "公安"));
        _notice = await _search.InsertAsync(FoundingNotice.Create(samples.NewId("dir"), _committee.Id));
        _story = await _search.InsertAsync(samples.Story(clinic.Id, "战斗在火线上的党支部", tags: ["突击队", "防控"]) with
        {
            Body = "医院党委在防控工作中成立党员突击队，坚决打赢这场阻击战。",
        });
        _log = await _search.InsertAsync(samples.ActivityLog(_police.Id, "社区值守", occurredAt: new DateTimeOffset(2021, 5, 3, 9, 0, 0, TimeSpan.FromHours(8))) with
        {
            Summary = "公安局机关党支部党员主动申请担任网格员，参与联防联控。",
            Tags = ["网格员"],
        });
        _material = await _search.InsertAsync(samples.StudyMaterial("网格员工作指引") with
        {
            Body = "社区防疫中的每一项工作都要落实到人，做到不漏一户。",
            PublishedOn = new DateOnly(2022, 3, 1),
        });
        await _search.SyncAsync();
    }

    public async ValueTask DisposeAsync() => await _search.DisposeAsync();

    private static List<string> Sorted(params string[] ids) => ids.Order(StringComparer.Ordinal).ToList();

    private List<string> Ids(string query, Caller? caller = null, SearchFilter? filter = null) =>
        _search.Search(query, caller, filter).Hits.Select(h => h.Id).ToList();

    [Fact]
    public void Searching_the_front_line_branch_finds_the_notice_first_with_the_phrase_highlighted()
    {
        var results = _search.Search("火线党支部");

        // The story about a branch "火线上的" is not an exact match of the five characters.
        var hit = Assert.Single(results.Hits);
        Assert.Equal((Kinds.Directive, _notice.Id), (hit.Kind, hit.Id));
        var text = Assert.Single(hit.Highlights, h => h.Field == SearchHighlightField.Text);
        var fragment = Assert.Single(text.Fragments, f => f.ToHtml().Contains("<em>火线党支部</em>", StringComparison.Ordinal));
        Assert.Contains("临时党组织", fragment.ToString(), StringComparison.Ordinal); // the fragment is the sentence around it
    }

    [Theory]
    [InlineData("近平")]
    [InlineData("习近平")]
    [InlineData("冠状病毒")]
    [InlineData("阻击战")]
    public void Substrings_that_smartcn_splits_are_found(string query)
    {
        Assert.Contains(_notice.Id, Ids(query));
    }

    [Fact]
    public void Prevention_and_control_finds_the_notice_and_the_story()
    {
        var results = _search.Search("防控");

        Assert.Equal([_notice.Id, _story.Id], results.Hits.Select(h => h.Id).Order(StringComparer.Ordinal));
        var title = Assert.Single(results.Hits.Single(h => h.Id == _notice.Id).Highlights, h => h.Field == SearchHighlightField.Title);
        Assert.Equal("关于动员市直基层党组织和党员干部在疫情<em>防控</em>阻击战中冲在前、勇担当、作表率的通知", title.Fragments.Single().ToHtml());
    }

    [Fact]
    public void A_quoted_phrase_matches_only_the_exact_phrase()
    {
        // The story has 防控 and 阻击战 apart; only the notice has 防控阻击战.
        Assert.Equal([_notice.Id, _story.Id], Ids("防控 阻击战").Order(StringComparer.Ordinal));
        Assert.Equal([_notice.Id], Ids("\"防控阻击战\""));
        Assert.Equal([_notice.Id], Ids("“防控阻击战”"));
        Assert.Empty(Ids("\"阻击战防控\""));
    }

    [Fact]
    public void A_minus_word_excludes_documents_that_contain_it()
    {
        Assert.Equal(Sorted(_notice.Id, _story.Id, _log.Id), Ids("党支部").Order(StringComparer.Ordinal));
        Assert.Equal([_log.Id], Ids("党支部 -火线"));
        Assert.Equal(Sorted(_notice.Id, _log.Id), Ids("党支部 -突击队").Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Or_finds_either_word()
    {
        Assert.Equal(Sorted(_notice.Id, _story.Id, _log.Id, _material.Id), Ids("突击队 OR 网格员").Order(StringComparer.Ordinal));
        Assert.Equal([_story.Id], Ids("突击队 OR 阻击队"));
        Assert.Empty(Ids("突击队 网格员"));
    }

    [Fact]
    public void A_title_match_ranks_above_a_text_match_where_titles_weigh_more()
    {
        _search.Options.TitleBoost = 3;
        Assert.Equal([_material.Id, _log.Id], _search.Search("网格员", order: SearchOrder.BestMatch).Hits.Select(h => h.Id).Take(2));
    }

    [Fact]
    public void Relevance_puts_a_configured_tier_first_and_ranks_by_score_within_each_tier()
    {
        _search.Options.KindTiers["Directive"] = 1;
        var bestMatch = _search.Search("网格员", order: SearchOrder.BestMatch).Hits.Select(h => h.Id).ToList();
        var relevance = _search.Search("网格员").Hits.Select(h => h.Id).ToList();

        Assert.NotEqual(_notice.Id, bestMatch[0]);
        Assert.Equal(_notice.Id, relevance[0]);
        Assert.Equal(bestMatch.Where(id => id != _notice.Id), relevance.Skip(1));
    }

    [Fact]
    public void The_tier_table_is_checked_and_case_insensitive()
    {
        Assert.Equal(2, SearchService.TiersByTypeName(new Dictionary<string, int> { ["story"] = 2 })["Story"]);
        Assert.Throws<ArgumentException>(() => SearchService.TiersByTypeName(new Dictionary<string, int> { ["Organization"] = 1 }));
    }

    [Fact]
    public void Filters_by_kind_organization_subtree_date_and_tag()
    {
        Assert.Equal([_story.Id], Ids("防控", filter: new SearchFilter { Kinds = [Kinds.Story] }));
        Assert.Equal([_story.Id], Ids("防控", filter: new SearchFilter { OrganizationId = _hospital.Id }));
        Assert.Equal(2, Ids("防控", filter: new SearchFilter { OrganizationId = _committee.Id }).Count);
        Assert.Equal([_story.Id], Ids("防控", filter: new SearchFilter { From = new DateOnly(2020, 2, 1), To = new DateOnly(2020, 12, 31) }));
        Assert.Equal([_notice.Id], Ids("防控", filter: new SearchFilter { To = new DateOnly(2020, 1, 29) }));
        Assert.Equal([_log.Id], Ids("网格员", filter: new SearchFilter { Tags = ["网格员"] }));
    }

    [Fact]
    public void Story_status_filter_is_for_editors_only()
    {
        var error = _search.SearchError("防控", filter: new SearchFilter { StoryStatuses = [StoryStatus.Submitted] });
        Assert.Equal(ErrorCodes.Forbidden, error.Code);

        // Editors: no story is submitted, so only the notice (not a story) is left.
        Assert.Equal([_notice.Id], Ids("防控", Editor, new SearchFilter { StoryStatuses = [StoryStatus.Submitted] }));
        Assert.Equal(2, Ids("防控", Editor, new SearchFilter { StoryStatuses = [StoryStatus.Published] }).Count);
    }

    [Fact]
    public void Facets_count_every_match_not_just_the_page()
    {
        var results = _search.Search("防控 OR 网格员", first: 1);

        Assert.Single(results.Hits);
        Assert.Equal(4, results.TotalCount);
        var facets = results.Facets!;
        Assert.Equal(4, facets.Kinds.Sum(k => k.Count));
        Assert.All(facets.Kinds, k => Assert.Equal(1, k.Count));
        Assert.Equal([(2022, 1), (2021, 1), (2020, 2)], facets.Years.Select(y => (y.Value, y.Count)));
        // The notice counts under the root that issued it; the story under the hospital (its branch is below it).
        Assert.Equal([(_committee.Id, 1), (_hospital.Id, 1), (_police.Id, 1)],
            facets.Organizations.Select(o => (o.Value, o.Count)).OrderBy(o => o.Value, StringComparer.Ordinal));
        Assert.Contains(new FacetCount<string>("网格员", 1), facets.Tags);
        Assert.Contains(new FacetCount<string>("防控", 1), facets.Tags);
    }

    [Fact]
    public void Date_order_pages_through_every_match_once()
    {
        var seen = new List<string>();
        string? after = null;
        SearchResults page;
        do
        {
            page = _search.Search("防控 OR 网格员", order: SearchOrder.Newest, first: 1, after: after);
            Assert.Equal(4, page.TotalCount);
            Assert.Equal(after is not null, page.HasPreviousPage);
            seen.AddRange(page.Hits.Select(h => h.Id));
            after = page.Hits.LastOrDefault()?.Cursor;
        }
        while (page.HasNextPage);

        Assert.Equal([_material.Id, _log.Id, _story.Id, _notice.Id], seen);
        Assert.Equal(seen.AsEnumerable().Reverse(), _search.Search("防控 OR 网格员", order: SearchOrder.Oldest).Hits.Select(h => h.Id));
    }

    [Fact]
    public void Relevance_order_pages_through_every_match_once()
    {
        var all = _search.Search("防控 OR 网格员 OR 党支部").Hits.Select(h => h.Id).ToList();
        var first = _search.Search("防控 OR 网格员 OR 党支部", first: 2);
        var second = _search.Search("防控 OR 网格员 OR 党支部", first: 2, after: first.Hits[^1].Cursor);
        var third = _search.Search("防控 OR 网格员 OR 党支部", first: 2, after: second.Hits[^1].Cursor);

        Assert.Equal(4, all.Count);
        Assert.Equal(all, first.Hits.Concat(second.Hits).Concat(third.Hits).Select(h => h.Id));
        Assert.False(third.HasNextPage);
    }

    [Fact]
    public void Bad_cursors_and_page_sizes_are_clear_errors()
    {
        Assert.Equal(ErrorCodes.InvalidCursor, _search.SearchError("防控", after: "not-a-cursor").Code);
        var dated = _search.Search("防控", order: SearchOrder.Newest, first: 1).Hits[0].Cursor;
        Assert.Equal(ErrorCodes.InvalidCursor, _search.SearchError("防控", after: dated).Code); // issued for another order
        Assert.Equal(ErrorCodes.PageSizeExceeded, _search.SearchError("防控", first: 101).Code);
    }

    [Fact]
    public void Odd_queries_are_searched_as_plain_words()
    {
        Assert.Equal([_notice.Id], Ids("\"火线党支部"));           // unbalanced quote
        Assert.Equal(Ids("网格员"), Ids("网格员~"));               // fuzzy syntax is just a character
        Assert.Equal(Ids("网格员"), Ids("网格员*"));               // so are wildcards
        Assert.Equal(Ids("title"), Ids("title:*"));               // and fields: this is the word "title"
        Assert.Empty(Ids("a~"));
    }

    [Fact]
    public void A_query_of_symbols_only_is_refused()
    {
        var error = _search.SearchError("*** ~~ ：");
        Assert.Equal(ErrorCodes.InvalidQuery, error.Code);
    }

    [Theory]
    [InlineData("火线党支部")]
    [InlineData("防控 网格员")]
    [InlineData("防控 OR 联防联控")]
    [InlineData("\"疫情防控阻击战\" 党员")]
    public void Chinese_words_found_as_written_highlight_as_the_reanalysed_text_does(string query)
    {
        var highlighter = new SearchHighlighter(_search.Index.Bigrams, _search.Options.FragmentSize, _search.Options.MaxFragments);
        var literal = highlighter.Prepare(SearchQuerySyntax.Parse(query, 256, 32).Value.Required.SelectMany(g => g));
        var reanalysed = literal.Select(t => t with { Literal = null }).ToList();
        Assert.All(literal, t => Assert.NotNull(t.Literal));

        using var lease = _search.Index.Acquire();
        var hits = 0;
        foreach (var leaf in lease.Searcher.IndexReader.Leaves)
        {
            for (var doc = 0; doc < leaf.AtomicReader.MaxDoc; doc++)
            {
                var expected = Render(highlighter.Highlight(reanalysed, leaf.AtomicReader, doc));
                Assert.Equal(expected, Render(highlighter.Highlight(literal, leaf.AtomicReader, doc)));
                hits += expected.Count > 0 ? 1 : 0;
            }
        }
        Assert.True(hits > 0);

        static List<string> Render(List<SearchHighlight> highlights) =>
            highlights.SelectMany(h => h.Fragments.Select(f => h.Field + ": " + f.ToHtml())).ToList();
    }

    [Theory]
    [InlineData("火线党支部")]
    [InlineData("防控 OR 网格员")]
    [InlineData("火")]
    [InlineData("title")]
    public async Task Highlights_of_a_loaded_document_equal_those_of_its_stored_text(string query)
    {
        var results = _search.Search(query);
        Assert.NotNull(results.Highlighting);
        foreach (var hit in results.Hits)
        {
            var document = hit.Kind switch
            {
                _ when hit.Kind == Kinds.Directive => (Document?)await _search.Store.GetAsync(Kinds.Directive, hit.Id, SearchFixture.Ct),
                _ when hit.Kind == Kinds.Story => await _search.Store.GetAsync(Kinds.Story, hit.Id, SearchFixture.Ct),
                _ when hit.Kind == Kinds.ActivityLog => await _search.Store.GetAsync(Kinds.ActivityLog, hit.Id, SearchFixture.Ct),
                _ => await _search.Store.GetAsync(Kinds.StudyMaterial, hit.Id, SearchFixture.Ct),
            };
            Assert.Equal(Render(hit.Highlights), Render(results.Highlighting!.For(document!)));
        }

        static List<string> Render(IEnumerable<SearchHighlight> highlights) =>
            highlights.SelectMany(h => h.Fragments.Select(f => h.Field + ": " + f.ToHtml())).ToList();
    }

    [Fact]
    public void Lone_characters_are_highlighted_as_the_pairs_they_start()
    {
        var story = _search.Search("火").Hits.Single(h => h.Id == _story.Id);
        Assert.Equal("战斗在<em>火线</em>上的党支部", story.Highlights.Single(h => h.Field == SearchHighlightField.Title).Fragments.Single().ToHtml());
    }

    [Fact]
    public void Matches_in_titles_are_highlighted_html_escaped()
    {
        var hit = Assert.Single(_search.Search("火线上").Hits);

        var title = Assert.Single(hit.Highlights, h => h.Field == SearchHighlightField.Title);
        Assert.Equal("战斗在<b>火线上</b>的党支部", title.Fragments.Single().ToHtml("<b>", "</b>"));
        Assert.Equal("a&lt;b&gt; &amp; <em>x</em>", new HighlightedText([("a<b> & ", false), ("x", true)]).ToHtml());
    }
}
