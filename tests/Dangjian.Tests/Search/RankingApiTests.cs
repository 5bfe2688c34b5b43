using Dangjian.Core.Documents;
using Dangjian.Tests.Support;

namespace Dangjian.Tests.Search;

/// <summary>
/// How the search field reads and ranks what a researcher types (issue 18), over HTTP on the real host: questions
/// as words, quoted phrases exact (with or without a space), whole words above the same characters across words,
/// dates and 文号 whose last character is followed by more text, and no kind put first whatever the match.
/// </summary>
public sealed class RankingApiTests : IAsyncLifetime
{
    private const string SearchQuery = """
        query ($q: String!, $order: [SearchSortInput!]) {
          search(query: $q, order: $order, first: 20) {
            totalCount
            edges { node { __typename ... on StudyMaterial { title } ... on Story { title } ... on Directive { title } } highlights { field fragments } }
          }
        }
        """;

    private readonly ApiHost _api = new();
    private readonly Samples _samples = new();
    private Organization _branch = null!;

    public async ValueTask InitializeAsync()
    {
        var root = await _api.InsertAsync(_samples.Organization("中共娄底市直属机关工作委员会", kind: OrganizationKind.WorkingCommittee));
        _branch = await _api.InsertAsync(_samples.Organization("中共娄底市中心医院委员会", parent: root.Id));
    }

    public async ValueTask DisposeAsync() => await _api.DisposeAsync();

    private async Task<StudyMaterial> MaterialAsync(string title, string body) =>
        await _api.InsertAsync(_samples.StudyMaterial(title) with { Body = body });

    private async Task<List<string>> TitlesAsync(string query, string order = "RELEVANCE")
    {
        // The sort input a client sends for each order (search takes HotChocolate's sort list).
        object sort = order == "BEST_MATCH" ? new { score = "DESC" } : new { relevance = "DESC" };
        var search = (await _api.QueryAsync(SearchQuery, new { q = query, order = new[] { sort } })).Ok().GetProperty("search");
        return search.GetProperty("edges").EnumerateArray().Select(e => e.At("node.title").GetString()!).ToList();
    }

    [Fact]
    public async Task A_question_is_read_as_its_words_and_ranked_by_how_many_it_matches()
    {
        await MaterialAsync("劳动报酬的支付", "用人单位拖欠劳动者工资的，劳动者可以依法申请支付令。");
        await MaterialAsync("公司的登记", "设立公司，应当依法向公司登记机关申请设立登记。");
        await MaterialAsync("节假日安排", "全体公民放假的节日。");
        await _api.WaitForIndexAsync();

        var titles = await TitlesAsync("公司拖欠工资怎么办");

        // 拖欠 and 工资 (two of the three words) beat 公司 alone; the question words (怎么办) are not required.
        Assert.Equal("劳动报酬的支付", titles[0]);
        Assert.DoesNotContain("节假日安排", titles);
    }

    [Fact]
    public async Task A_custody_question_finds_the_provision_and_highlights_its_words()
    {
        await MaterialAsync("离婚后的子女抚养", "离婚后，不满两周岁的子女，以由母亲直接抚养为原则。已满两周岁的子女，父母双方对抚养问题协议不成的，由人民法院判决。抚养权归属以子女最大利益为原则，孩子已满八周岁的，应当尊重其真实意愿。");
        await MaterialAsync("婚姻登记", "要求结婚的男女双方应当亲自到婚姻登记机关申请结婚登记。");
        await _api.WaitForIndexAsync();

        var search = (await _api.QueryAsync(SearchQuery, new { q = "离婚后孩子抚养权归谁", order = new[] { new { relevance = "DESC" } } })).Ok().GetProperty("search");

        Assert.Equal(1, search.GetProperty("totalCount").GetInt32());
        Assert.Equal("离婚后的子女抚养", search.At("edges.0.node.title").GetString());
        var fragments = search.At("edges.0.highlights").EnumerateArray().SelectMany(h => h.GetProperty("fragments").EnumerateArray()).Select(f => f.GetString()!).ToList();
        Assert.Contains(fragments, f => f.Contains("<em>离婚</em>", StringComparison.Ordinal));
        Assert.DoesNotContain(fragments, f => f.Contains("<em>归</em>", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_quoted_phrase_with_a_space_between_chinese_words_is_the_phrase()
    {
        await MaterialAsync("疫情防控要点", "做好疫情防控工作。");
        await MaterialAsync("防控与疫情", "防控工作，疫情报告。");
        await _api.WaitForIndexAsync();

        Assert.Equal(["疫情防控要点"], await TitlesAsync("\"疫情 防控\""));
        Assert.Equal(["疫情防控要点"], await TitlesAsync("“疫情  防控”"));
    }

    [Fact]
    public async Task A_term_is_matched_as_written_and_the_same_words_asked_as_a_question_are_read_as_words()
    {
        await MaterialAsync("工资支付", "用人单位拖欠工资的处理。");
        await MaterialAsync("欠薪", "拖欠农民工的报酬，不发工资。");
        await _api.WaitForIndexAsync();

        Assert.Equal(["工资支付"], await TitlesAsync("\"拖欠工资\""));
        Assert.Equal(["工资支付"], await TitlesAsync("拖欠工资"));
        Assert.Equal(["工资支付", "欠薪"], await TitlesAsync("拖欠工资怎么办"));
    }

    [Fact]
    public async Task A_whole_word_ranks_above_the_same_characters_across_two_words()
    {
        // The same length and one occurrence each: only the word boundary tells them apart.
        await MaterialAsync("卫生工作甲", "疾病预防控制机构的职责和任务是本条规定的内容。");
        await MaterialAsync("卫生工作乙", "社区疫情防控机构的职责和任务是本条规定的内容。");
        await _api.WaitForIndexAsync();

        Assert.Equal(["卫生工作乙", "卫生工作甲"], await TitlesAsync("防控", "BEST_MATCH"));
        Assert.Equal(["卫生工作乙", "卫生工作甲"], await TitlesAsync("防控"));
    }

    [Fact]
    public async Task A_date_or_document_number_whose_last_character_runs_on_is_found()
    {
        await MaterialAsync("施行日期", "本条例自2021年1月1日起施行。");
        await MaterialAsync("文件废止", "京政发〔1985〕167号文件同时废止。");
        await _api.WaitForIndexAsync();

        Assert.Equal(["施行日期"], await TitlesAsync("2021年1月1日"));
        Assert.Equal(["文件废止"], await TitlesAsync("京政发〔1985〕167号"));
        Assert.Equal(["文件废止"], await TitlesAsync("京政发[1985]167号"));
    }

    [Fact]
    public async Task The_default_order_does_not_put_every_directive_before_a_better_match()
    {
        await _api.InsertAsync(_samples.Directive(_branch.Id, title: "关于做好工作的通知") with
        {
            Preamble = "各单位要加强管理，网格员要配合。",
        });
        await _api.InsertAsync(_samples.Story(_branch.Id, "网格员的一天") with { Body = "网格员挨家挨户排查，网格员是社区的哨兵。" });
        await _api.WaitForIndexAsync();

        Assert.Equal(["网格员的一天", "关于做好工作的通知"], await TitlesAsync("网格员"));
    }
}
