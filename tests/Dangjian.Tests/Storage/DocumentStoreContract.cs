using Dangjian.Core.Documents;
using Dangjian.Core.Storage;
using Dangjian.Tests.Support;

namespace Dangjian.Tests.Storage;

/// <summary>
/// What every store adapter must do. Each adapter's test class subclasses this and supplies a fresh, empty store;
/// the tests here never depend on data they did not write.
/// </summary>
public abstract class DocumentStoreContract : IAsyncLifetime
{
    private static readonly ChangeAuthor Editor = new("editor-li", "EDITOR");
    protected readonly Samples Samples = new();
    private IDocumentStore? _store;

    protected IDocumentStore Store => _store ?? throw new InvalidOperationException("Not initialised.");

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A new, empty, initialised store.</summary>
    protected abstract Task<IDocumentStore> CreateStoreAsync();

    public async ValueTask InitializeAsync() => _store = await CreateStoreAsync();

    public virtual async ValueTask DisposeAsync()
    {
        if (_store is IAsyncDisposable disposable)
            await disposable.DisposeAsync();
    }

    protected async Task<T> InsertAsync<T>(T document) where T : Document
    {
        var result = await Store.CommitAsync(new Commit(DocumentWrite.Insert(document), Editor), Ct);
        return (T)Assert.IsType<CommitResult.Committed>(result).Documents[0];
    }

    [Fact]
    public async Task Insert_then_get_returns_the_document_at_version_one()
    {
        var org = Samples.Organization();
        var stored = await InsertAsync(org);

        var read = await Store.GetAsync(Kinds.Organization, org.Id, Ct);

        Assert.NotNull(read);
        Assert.Equal(1, read.Version);
        Assert.Equal(stored.CreatedAt, read.CreatedAt);
        Assert.Equal(read.CreatedAt, read.UpdatedAt);
        Assert.Equal(org.Name, read.Name);
        Assert.Equal(org.EstablishedOn, read.EstablishedOn);
        Assert.Equal(OrganizationKind.PartyCommittee, read.Kind);
    }

    [Fact]
    public async Task A_directive_round_trips_with_its_sections_and_contact()
    {
        var org = await InsertAsync(Samples.Organization());
        var directive = Samples.Directive(org.Id, sections: 3) with
        {
            Contact = new ContactDetails { Emails = ["ldjgdj1616@163.com"], Text = "邮箱：ldjgdj1616@163.com" },
            Original = new OriginalText("原文", "abc123", "notice.txt"),
        };
        await InsertAsync(directive);

        var read = await Store.GetAsync(Kinds.Directive, directive.Id, Ct);

        Assert.NotNull(read);
        Assert.Equal(3, read.Sections.Count);
        Assert.Equal(DirectiveSection.MakeId(directive.Id, 2), read.Sections[1].Id);
        Assert.Equal("ldjgdj1616@163.com", Assert.Single(read.Contact.Emails));
        Assert.Equal("原文", read.Original?.Text);
    }

    [Fact]
    public async Task Pruning_removes_old_changes_up_to_the_bound_keeps_the_newest_and_numbering_goes_on()
    {
        var org = await InsertAsync(Samples.Organization());
        for (var i = 0; i < 4; i++)
            await InsertAsync(Samples.Story(org.Id, $"第{i}篇"));
        var head = await Store.GetLastSequenceAsync(Ct);
        var later = DateTimeOffset.UtcNow.AddDays(1);

        var removed = await Store.PruneChangesAsync(head - 2, later, Ct);

        Assert.Equal(head - 2, removed);
        Assert.Equal([head - 1, head], (await Store.ReadChangesAsync(0, 10, Ct)).Select(c => c.Sequence));
        Assert.Equal(head, await Store.GetLastSequenceAsync(Ct));
        // Asked to remove everything, it keeps the newest: the head is still read from the feed.
        Assert.Equal(1, await Store.PruneChangesAsync(long.MaxValue, later, Ct));
        Assert.Equal([head], (await Store.ReadChangesAsync(0, 10, Ct)).Select(c => c.Sequence));
        Assert.Equal(head, await Store.GetLastSequenceAsync(Ct));
        Assert.Equal(0, await Store.PruneChangesAsync(long.MaxValue, later, Ct));
        await InsertAsync(Samples.Story(org.Id, "之后"));
        Assert.Equal([head, head + 1], (await Store.ReadChangesAsync(head - 3, 10, Ct)).Select(c => c.Sequence));
    }

    [Fact]
    public async Task Pruning_keeps_changes_committed_at_or_after_the_time_bound()
    {
        var org = await InsertAsync(Samples.Organization());
        await InsertAsync(Samples.Story(org.Id));
        var changes = await Store.ReadChangesAsync(0, 10, Ct);

        Assert.Equal(0, await Store.PruneChangesAsync(long.MaxValue, changes[0].At, Ct));
        Assert.Equal(0, await Store.PruneChangesAsync(0, DateTimeOffset.UtcNow.AddDays(1), Ct));
        Assert.Equal(changes.Select(c => c.Sequence), (await Store.ReadChangesAsync(0, 10, Ct)).Select(c => c.Sequence));
    }

    [Fact]
    public async Task Get_of_a_missing_id_is_null()
    {
        Assert.Null(await Store.GetAsync(Kinds.Story, "no-such-story", Ct));
    }

    [Fact]
    public async Task Get_many_returns_the_documents_that_exist()
    {
        var a = await InsertAsync(Samples.Organization("甲"));
        var b = await InsertAsync(Samples.Organization("乙"));

        var found = await Store.GetManyAsync(Kinds.Organization, [a.Id, "missing", b.Id, a.Id], Ct);

        Assert.Equal([a.Id, b.Id], found.Select(o => o.Id).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Replace_with_the_current_version_bumps_it_and_keeps_the_creation_time()
    {
        var org = await InsertAsync(Samples.Organization());
        var story = await InsertAsync(Samples.Story(org.Id, status: StoryStatus.Submitted));

        var result = await Store.CommitAsync(new Commit(new DocumentWrite(story with { Title = "改过的标题" }, 1, "update"), Editor), Ct);

        var updated = (Story)Assert.IsType<CommitResult.Committed>(result).Documents[0];
        Assert.Equal(2, updated.Version);
        Assert.Equal(story.CreatedAt, updated.CreatedAt);
        Assert.True(updated.UpdatedAt >= story.UpdatedAt);
        Assert.Equal("改过的标题", (await Store.GetAsync(Kinds.Story, story.Id, Ct))!.Title);
    }

    [Fact]
    public async Task Replace_with_a_stale_version_is_a_conflict_and_changes_nothing()
    {
        var org = await InsertAsync(Samples.Organization());
        var story = await InsertAsync(Samples.Story(org.Id));
        await Store.CommitAsync(new Commit(new DocumentWrite(story with { Title = "第一次修改" }, 1, "update"), Editor), Ct);

        var result = await Store.CommitAsync(new Commit(new DocumentWrite(story with { Title = "过期的修改" }, 1, "update"), Editor), Ct);

        var conflict = Assert.IsType<CommitResult.Conflict>(result);
        Assert.Equal(1, conflict.ExpectedVersion);
        Assert.Equal(2, conflict.ActualVersion);
        Assert.Equal("第一次修改", (await Store.GetAsync(Kinds.Story, story.Id, Ct))!.Title);
    }

    [Fact]
    public async Task Inserting_an_existing_id_is_a_conflict()
    {
        var org = await InsertAsync(Samples.Organization("原名"));

        var result = await Store.CommitAsync(new Commit(DocumentWrite.Insert(org with { Name = "冒名" }), Editor), Ct);

        Assert.Equal(1, Assert.IsType<CommitResult.Conflict>(result).ActualVersion);
        Assert.Equal("原名", (await Store.GetAsync(Kinds.Organization, org.Id, Ct))!.Name);
    }

    [Fact]
    public async Task A_commit_whose_later_write_conflicts_writes_nothing()
    {
        var existing = await InsertAsync(Samples.Organization());
        var fresh = Samples.Organization("新建");
        var before = await Store.GetLastSequenceAsync(Ct);

        var result = await Store.CommitAsync(new Commit([DocumentWrite.Insert(fresh), new DocumentWrite(existing, 7, "update")], Editor), Ct);

        Assert.IsType<CommitResult.Conflict>(result);
        Assert.Null(await Store.GetAsync(Kinds.Organization, fresh.Id, Ct));
        Assert.Equal(before, await Store.GetLastSequenceAsync(Ct));
        Assert.Empty(await Store.GetRevisionsAsync(Kinds.Organization, fresh.Id, Ct));
    }

    [Fact]
    public async Task Every_write_leaves_a_revision_an_audit_entry_and_a_change()
    {
        var org = await InsertAsync(Samples.Organization());
        var before = await Store.GetLastSequenceAsync(Ct);
        var story = await InsertAsync(Samples.Story(org.Id, title: "初稿"));
        await Store.CommitAsync(new Commit(new DocumentWrite(story with { Title = "二稿" }, 1, "update", "改标题"), Editor), Ct);

        var revisions = await Store.GetRevisionsAsync(Kinds.Story, story.Id, Ct);
        Assert.Equal([2L, 1L], revisions.Select(r => r.Version));
        Assert.Equal(["二稿", "初稿"], revisions.Select(r => ((Story)r.Document).Title));
        Assert.Equal("改标题", revisions[0].Note);
        Assert.Equal("editor-li", revisions[0].Actor);

        var audit = await Store.QueryAuditAsync(new AuditQuery { DocumentId = story.Id }, Ct);
        Assert.Equal(["update", "create"], audit.Select(a => a.Action));
        Assert.All(audit, a => Assert.Equal("EDITOR", a.Role));

        var changes = await Store.ReadChangesAsync(before, 10, Ct);
        Assert.Equal([(story.Id, 1L), (story.Id, 2L)], changes.Select(c => (c.Id, c.Version)));
        Assert.True(changes[0].Sequence < changes[1].Sequence);
        Assert.Equal(changes[1].Sequence, await Store.GetLastSequenceAsync(Ct));
    }

    [Fact]
    public async Task Audit_can_be_read_by_actor_and_paged_backwards()
    {
        var other = new ChangeAuthor("branch-wang", "BRANCH");
        await InsertAsync(Samples.Organization("一"));
        await Store.CommitAsync(new Commit(DocumentWrite.Insert(Samples.Organization("二")), other), Ct);
        await InsertAsync(Samples.Organization("三"));

        var mine = await Store.QueryAuditAsync(new AuditQuery { Actor = "editor-li" }, Ct);
        Assert.Equal(2, mine.Count);
        var older = await Store.QueryAuditAsync(new AuditQuery { Actor = "editor-li", BeforeSequence = mine[0].Sequence }, Ct);
        Assert.Equal(mine[1].Sequence, Assert.Single(older).Sequence);
    }

    [Fact]
    public async Task Audit_reads_oldest_first_after_a_sequence_and_counts_what_matches()
    {
        var other = new ChangeAuthor("branch-wang", "BRANCH");
        for (var i = 0; i < 4; i++)
            await InsertAsync(Samples.Organization($"机构{i}"));
        await Store.CommitAsync(new Commit(DocumentWrite.Insert(Samples.Organization("他人")), other), Ct);
        var mine = await Store.QueryAuditAsync(new AuditQuery { Actor = "editor-li" }, Ct);
        Assert.Equal(4, mine.Count);
        Assert.Equal(mine.Select(a => a.Sequence).OrderDescending(), mine.Select(a => a.Sequence));

        // The page just newer than the oldest entry, as last/before reads it: oldest first, above a sequence, limited.
        var newer = await Store.QueryAuditAsync(new AuditQuery { Actor = "editor-li", AfterSequence = mine[3].Sequence, OldestFirst = true, Limit = 2 }, Ct);
        Assert.Equal([mine[2].Sequence, mine[1].Sequence], newer.Select(a => a.Sequence));
        // Both bounds: strictly between them.
        var between = await Store.QueryAuditAsync(new AuditQuery { AfterSequence = mine[3].Sequence, BeforeSequence = mine[0].Sequence, Actor = "editor-li" }, Ct);
        Assert.Equal([mine[1].Sequence, mine[2].Sequence], between.Select(a => a.Sequence));

        Assert.Equal(4, await Store.CountAuditAsync(new AuditQuery { Actor = "editor-li" }, Ct));
        Assert.Equal(1, await Store.CountAuditAsync(new AuditQuery { Actor = "branch-wang" }, Ct));
        Assert.Equal(5, await Store.CountAuditAsync(new AuditQuery { Kind = "Organization" }, Ct));
        Assert.Equal(2, await Store.CountAuditAsync(new AuditQuery { Actor = "editor-li", AfterSequence = mine[2].Sequence }, Ct));
        // The limit is a page's, not the count's.
        Assert.Equal(5, await Store.CountAuditAsync(new AuditQuery { Limit = 1 }, Ct));
        Assert.Equal(0, await Store.CountAuditAsync(new AuditQuery { Actor = "nobody" }, Ct));
    }

    [Fact]
    public async Task Equality_and_negation_treat_empty_fields_like_mongodb()
    {
        var org = await InsertAsync(Samples.Organization());
        var published = await InsertAsync(Samples.Story(org.Id, "已发布", StoryStatus.Published));
        var draft = await InsertAsync(Samples.Story(org.Id, "待审", StoryStatus.Submitted));

        Assert.Equal([draft.Id], await IdsAsync(Filter.Eq("publishedAt", null)));
        Assert.Equal([published.Id], await IdsAsync(Filter.Not(Filter.Eq("publishedAt", null))));
        Assert.Equal([draft.Id], await IdsAsync(Filter.Not(Filter.Eq("status", "PUBLISHED"))));
        Assert.Equal([draft.Id], await IdsAsync(Filter.Not(new Condition("publishedAt", Operator.Gt, 0L))));
        Assert.Equal([published.Id, draft.Id], await IdsAsync(Filter.In("status", ["PUBLISHED", "SUBMITTED"])));
        Assert.Equal([draft.Id], await IdsAsync(Filter.In("publishedAt", [null])));
    }

    [Fact]
    public async Task Comparisons_work_on_dates_instants_and_numbers()
    {
        var org = await InsertAsync(Samples.Organization());
        var early = await InsertAsync(Samples.ActivityLog(org.Id, "早", participants: 5, occurredAt: new DateTimeOffset(2020, 2, 1, 8, 0, 0, TimeSpan.FromHours(8))));
        var late = await InsertAsync(Samples.ActivityLog(org.Id, "晚", participants: 50, occurredAt: new DateTimeOffset(2020, 3, 1, 8, 0, 0, TimeSpan.FromHours(8))));
        var cut = new DateTimeOffset(2020, 2, 15, 0, 0, 0, TimeSpan.Zero);

        Assert.Equal([late.Id], await IdsAsync(new Condition("occurredAt", Operator.Gte, cut), Kinds.ActivityLog));
        Assert.Equal([early.Id], await IdsAsync(new Condition("occurredAt", Operator.Lt, cut), Kinds.ActivityLog));
        Assert.Equal([early.Id], await IdsAsync(new Condition("participantCount", Operator.Lte, 5), Kinds.ActivityLog));
        Assert.Equal([late.Id], await IdsAsync(new Condition("participantCount", Operator.Gt, 5), Kinds.ActivityLog));

        var dir = await InsertAsync(Samples.Directive(org.Id));
        Assert.Equal([dir.Id], await IdsAsync(new Condition("issuedOn", Operator.Gte, new DateOnly(2020, 1, 29)), Kinds.Directive));
        Assert.Empty(await IdsAsync(new Condition("issuedOn", Operator.Gt, "2020-01-29"), Kinds.Directive));
    }

    [Fact]
    public async Task Text_operations_are_exact_and_case_sensitive()
    {
        var org = await InsertAsync(Samples.Organization());
        var a = await InsertAsync(Samples.Story(org.Id, "火线党支部的不眠之夜"));
        var b = await InsertAsync(Samples.Story(org.Id, "Grid Member 网格员"));

        Assert.Equal([a.Id], await IdsAsync(new Condition("title", Operator.Contains, "党支部")));
        Assert.Equal([a.Id], await IdsAsync(new Condition("title", Operator.StartsWith, "火线")));
        Assert.Equal([b.Id], await IdsAsync(new Condition("title", Operator.EndsWith, "网格员")));
        Assert.Empty(await IdsAsync(new Condition("title", Operator.Contains, "grid")));
        Assert.Equal([a.Id, b.Id], await IdsAsync(new Condition("title", Operator.EndsWith, "")));
        Assert.Equal([b.Id], await IdsAsync(Filter.Not(new Condition("title", Operator.Contains, "火线"))));
    }

    [Fact]
    public async Task Hostile_text_is_only_ever_a_value()
    {
        var org = await InsertAsync(Samples.Organization());
        var story = await InsertAsync(Samples.Story(org.Id, "x' OR '1'='1"));
        await InsertAsync(Samples.Story(org.Id, "其他"));

        Assert.Equal([story.Id], await IdsAsync(Filter.Eq("title", "x' OR '1'='1")));
        Assert.Empty(await IdsAsync(Filter.Eq("title", "' OR 1=1 --")));
        Assert.Empty(await IdsAsync(new Condition("title", Operator.Contains, "%")));
        Assert.Empty(await IdsAsync(new Condition("title", Operator.StartsWith, "_")));
        Assert.Empty(await IdsAsync(Filter.Eq("title", "{\"$where\": \"1\"}")));
        Assert.NotNull(await Store.GetAsync(Kinds.Story, story.Id, Ct));
    }

    [Fact]
    public async Task Junctions_combine_conditions()
    {
        var org = await InsertAsync(Samples.Organization());
        var a = await InsertAsync(Samples.Story(org.Id, "甲", StoryStatus.Published));
        var b = await InsertAsync(Samples.Story(org.Id, "乙", StoryStatus.Submitted));
        await InsertAsync(Samples.Story(org.Id, "丙", StoryStatus.Rejected));

        Assert.Equal([a.Id, b.Id], await IdsAsync(Filter.Or(Filter.Eq("title", "甲"), Filter.Eq("status", "SUBMITTED"))));
        Assert.Equal([a.Id], await IdsAsync(Filter.And(Filter.Eq("title", "甲"), Filter.Eq("status", "PUBLISHED"))));
        Assert.Empty(await IdsAsync(new OrFilter([])));
        Assert.Equal(3, (await IdsAsync(Filter.All)).Count);
    }

    [Fact]
    public async Task List_fields_are_filtered_by_quantifiers()
    {
        var org = await InsertAsync(Samples.Organization());
        var both = await InsertAsync(Samples.Story(org.Id, "两个标签", tags: ["防控", "网格员"]));
        var one = await InsertAsync(Samples.Story(org.Id, "一个标签", tags: ["防控"]));
        var none = await InsertAsync(Samples.Story(org.Id, "没有标签", tags: []));
        Filter Tag(string tag) => Filter.Eq(ListCondition.Element, tag);

        Assert.Equal([both.Id], await IdsAsync(new ListCondition("tags", ListQuantifier.Some, Tag("网格员"))));
        Assert.Equal([one.Id, none.Id], await IdsAsync(new ListCondition("tags", ListQuantifier.All, Tag("防控"))));
        Assert.Equal([one.Id, none.Id], await IdsAsync(new ListCondition("tags", ListQuantifier.None, Tag("网格员"))));
        Assert.Equal([both.Id, one.Id], await IdsAsync(new ListCondition("tags", ListQuantifier.Any, null)));
        Assert.Equal([none.Id], await IdsAsync(Filter.Not(new ListCondition("tags", ListQuantifier.Any, null))));
        Assert.Equal([both.Id], await IdsAsync(new ListCondition("tags", ListQuantifier.Some, new Condition(ListCondition.Element, Operator.StartsWith, "网格"))));
        Assert.Equal([both.Id, one.Id], await IdsAsync(new ListCondition("tags", ListQuantifier.Some, Filter.In(ListCondition.Element, ["防控", "不存在"]))));
    }

    [Fact]
    public async Task A_replaced_document_is_found_by_its_new_list_values_only()
    {
        var org = await InsertAsync(Samples.Organization());
        var story = await InsertAsync(Samples.Story(org.Id, tags: ["旧标签"]));
        await Store.CommitAsync(new Commit(new DocumentWrite(story with { Tags = ["新标签"] }, 1, "update"), Editor), Ct);

        Assert.Empty(await IdsAsync(new ListCondition("tags", ListQuantifier.Some, Filter.Eq(ListCondition.Element, "旧标签"))));
        Assert.Equal([story.Id], await IdsAsync(new ListCondition("tags", ListQuantifier.Some, Filter.Eq(ListCondition.Element, "新标签"))));
    }

    [Fact]
    public async Task Sorting_orders_nulls_first_ascending_and_last_descending()
    {
        var org = await InsertAsync(Samples.Organization());
        var march = await InsertAsync(Samples.Story(org.Id, "三月", publishedAt: new DateTimeOffset(2020, 3, 1, 0, 0, 0, TimeSpan.Zero)));
        var draft = await InsertAsync(Samples.Story(org.Id, "草稿", StoryStatus.Submitted));
        var feb = await InsertAsync(Samples.Story(org.Id, "二月", publishedAt: new DateTimeOffset(2020, 2, 1, 0, 0, 0, TimeSpan.Zero)));

        var ascending = await Store.QueryAsync(Kinds.Story, Filter.All, [new SortField("publishedAt", SortDirection.Ascending), new SortField("id", SortDirection.Ascending)], 10, Ct);
        var descending = await Store.QueryAsync(Kinds.Story, Filter.All, [new SortField("publishedAt", SortDirection.Descending), new SortField("id", SortDirection.Ascending)], 10, Ct);
        var limited = await Store.QueryAsync(Kinds.Story, Filter.All, [new SortField("title", SortDirection.Descending), new SortField("id", SortDirection.Ascending)], 2, Ct);

        Assert.Equal([draft.Id, feb.Id, march.Id], ascending.Select(s => s.Id));
        Assert.Equal([march.Id, feb.Id, draft.Id], descending.Select(s => s.Id));
        Assert.Equal(2, limited.Count);
    }

    [Fact]
    public async Task A_storys_historical_date_dates_it_where_set_and_its_submission_elsewhere()
    {
        var org = await InsertAsync(Samples.Organization());
        var china = TimeSpan.FromHours(8);
        var entered = await InsertAsync(Samples.Story(org.Id, "今日录入", submittedAt: new DateTimeOffset(2026, 12, 1, 9, 0, 0, china)));
        var archived = await InsertAsync(Samples.Story(org.Id, "二〇二〇年的故事", submittedAt: new DateTimeOffset(2026, 12, 1, 10, 0, 0, china)) with { OccurredOn = new DateOnly(2020, 2, 3) });

        var oldest = await Store.QueryAsync(Kinds.Story, Filter.All, [new SortField("datedAt", SortDirection.Ascending), new SortField("id", SortDirection.Ascending)], 10, Ct);
        Assert.Equal([archived.Id, entered.Id], oldest.Select(s => s.Id));
        Assert.Equal(new DateOnly(2020, 2, 3), oldest[0].OccurredOn);
        Assert.Equal([archived.Id], await IdsAsync(new Condition("datedAt", Operator.Lt, new DateTimeOffset(2021, 1, 1, 0, 0, 0, china)), Kinds.Story));
        Assert.Equal([archived.Id], await IdsAsync(new Condition("occurredOn", Operator.Gte, new DateOnly(2020, 2, 3)), Kinds.Story));
        Assert.Equal([new GroupCount("2020-02", 1), new GroupCount("2026-12", 1)],
            await Store.CountByAsync(Kinds.Story, Filter.All, new Grouping("datedAt", GroupingUnit.Month), Ct));
    }

    [Fact]
    public async Task Copies_are_found_by_fingerprint_and_reposts_by_a_shared_similarity_band()
    {
        var org = await InsertAsync(Samples.Organization());
        var directive = await InsertAsync(Samples.Directive(org.Id) with { Original = new OriginalText("一、总体情况\n内容", "sha-lf", null) });
        var copy = Dangjian.Core.Importing.TextFingerprint.Of("一、总体情况\r\n　　内容");
        Assert.Equal([directive.Id], await IdsAsync(Filter.Eq("fingerprint", copy), Kinds.Directive));
        Assert.Empty(await IdsAsync(Filter.Eq("fingerprint", Dangjian.Core.Importing.TextFingerprint.Of("另一篇")), Kinds.Directive));

        const string body = "正月初三凌晨，火线党支部书记王丽接到通知后第一时间返回岗位，带领党员连续奋战七十二小时。";
        var original = await InsertAsync(Samples.Story(org.Id, "王丽") with { Summary = "", Body = body });
        var repost = Samples.Story(org.Id, "王丽") with { Summary = "", Body = body.Replace("第一时间", "立即", StringComparison.Ordinal) };
        await InsertAsync(Samples.Story(org.Id, "别的故事") with { Summary = "", Body = "社区志愿者李强坚守小区卡口二十天，为隔离老人送菜送药。" });
        var bands = Dangjian.Core.Editorial.NearDuplicates.BandsOf(repost).Cast<object?>().ToList();
        Assert.Equal([original.Id], await IdsAsync(new ListCondition("similarityBands", ListQuantifier.Some, Filter.In(ListCondition.Element, bands))));
    }

    [Fact]
    public async Task Count_applies_the_filter()
    {
        var org = await InsertAsync(Samples.Organization());
        await InsertAsync(Samples.Story(org.Id, status: StoryStatus.Published));
        await InsertAsync(Samples.Story(org.Id, status: StoryStatus.Published));
        await InsertAsync(Samples.Story(org.Id, status: StoryStatus.Rejected));

        Assert.Equal(2, await Store.CountAsync(Kinds.Story, Filter.Eq("status", "PUBLISHED"), Ct));
        Assert.Equal(3, await Store.CountAsync(Kinds.Story, Filter.All, Ct));
    }

    [Fact]
    public async Task Counts_are_grouped_by_value_by_list_element_and_by_month_in_china_time()
    {
        var a = await InsertAsync(Samples.Organization("甲"));
        var b = await InsertAsync(Samples.Organization("乙"));
        var utc = TimeSpan.Zero;
        // 2020-01-31 20:00 UTC is already 1 February in Beijing.
        await InsertAsync(Samples.ActivityLog(a.Id, occurredAt: new DateTimeOffset(2020, 1, 31, 20, 0, 0, utc)) with { Kind = ActivityKind.GridDuty, Tags = ["网格员", "防控"] });
        await InsertAsync(Samples.ActivityLog(a.Id, occurredAt: new DateTimeOffset(2020, 1, 31, 10, 0, 0, utc)) with { Kind = ActivityKind.GridDuty, Tags = ["网格员"] });
        await InsertAsync(Samples.ActivityLog(b.Id, occurredAt: new DateTimeOffset(2020, 3, 5, 1, 0, 0, utc)) with { Kind = ActivityKind.Publicity, Tags = [] });

        var byKind = await Store.CountByAsync(Kinds.ActivityLog, Filter.All, new Grouping("kind"), Ct);
        var byOrg = await Store.CountByAsync(Kinds.ActivityLog, Filter.All, new Grouping("organizationId"), Ct);
        var byMonth = await Store.CountByAsync(Kinds.ActivityLog, Filter.All, new Grouping("occurredAt", GroupingUnit.Month), Ct);
        var byTag = await Store.CountByAsync(Kinds.ActivityLog, Filter.All, new Grouping("tags"), Ct);
        var filtered = await Store.CountByAsync(Kinds.ActivityLog, Filter.Eq("organizationId", a.Id), new Grouping("kind"), Ct);

        Assert.Equal([new GroupCount("GRID_DUTY", 2), new GroupCount("PUBLICITY", 1)], byKind);
        Assert.Equal(new[] { new GroupCount(a.Id, 2), new GroupCount(b.Id, 1) }.OrderBy(g => (string)g.Key!, StringComparer.Ordinal), byOrg);
        Assert.Equal([new GroupCount("2020-01", 1), new GroupCount("2020-02", 1), new GroupCount("2020-03", 1)], byMonth);
        Assert.Equal([new GroupCount(null, 1), new GroupCount("网格员", 2), new GroupCount("防控", 1)], byTag);
        Assert.Equal([new GroupCount("GRID_DUTY", 2)], filtered);
    }

    [Fact]
    public async Task Counts_group_empty_fields_under_null_and_dates_by_month()
    {
        var org = await InsertAsync(Samples.Organization());
        await InsertAsync(Samples.Story(org.Id, status: StoryStatus.Published, publishedAt: new DateTimeOffset(2020, 2, 3, 0, 0, 0, TimeSpan.FromHours(8))));
        await InsertAsync(Samples.Story(org.Id, status: StoryStatus.Submitted));
        await InsertAsync(Samples.Directive(org.Id));

        Assert.Equal([new GroupCount(null, 1), new GroupCount("2020-02", 1)],
            await Store.CountByAsync(Kinds.Story, Filter.All, new Grouping("publishedAt", GroupingUnit.Month), Ct));
        Assert.Equal([new GroupCount(false, 2)], await Store.CountByAsync(Kinds.Story, Filter.All, new Grouping("featured"), Ct));
        Assert.Equal([new GroupCount("2020-01", 1)], await Store.CountByAsync(Kinds.Directive, Filter.All, new Grouping("issuedOn", GroupingUnit.Month), Ct));
    }

    [Fact]
    public async Task Changes_are_read_in_order_in_batches()
    {
        var start = await Store.GetLastSequenceAsync(Ct);
        for (var i = 0; i < 5; i++)
            await InsertAsync(Samples.Organization($"组织{i}"));

        var first = await Store.ReadChangesAsync(start, 3, Ct);
        var rest = await Store.ReadChangesAsync(first[^1].Sequence, 10, Ct);

        Assert.Equal(3, first.Count);
        Assert.Equal(2, rest.Count);
        Assert.All(first.Concat(rest), c => Assert.Equal("Organization", c.Kind));
        Assert.Equal(5, first.Concat(rest).Select(c => c.Sequence).Distinct().Count());
    }

    [Fact]
    public async Task Long_text_is_filtered_from_the_document_itself_with_the_same_null_rules()
    {
        var org = await InsertAsync(Samples.Organization());
        var plain = await InsertAsync(Samples.Story(org.Id) with { Body = "党员医护人员坚守发热门诊。", Summary = "坚守" });
        var marked = await InsertAsync(Samples.Story(org.Id) with { Body = "**王丽**在社区值守。", Summary = "" });
        var withClosing = await InsertAsync(Samples.Directive(org.Id) with { Preamble = "为贯彻落实上级部署，现通知如下。", Closing = "特此通知。" });
        var without = await InsertAsync(Samples.Directive(org.Id) with { Closing = null });

        Assert.Equal([plain.Id], await IdsAsync(new Condition("body", Operator.Contains, "发热门诊")));
        // The stored text, Markdown marks included: a filter is not a search.
        Assert.Equal([marked.Id], await IdsAsync(new Condition("body", Operator.StartsWith, "**王丽**")));
        Assert.Equal([marked.Id], await IdsAsync(new Condition("body", Operator.EndsWith, "值守。")));
        Assert.Equal([marked.Id], await IdsAsync(Filter.Eq("summary", "")));
        Assert.Equal([plain.Id], await IdsAsync(Filter.Not(Filter.Eq("summary", ""))));
        Assert.Equal([plain.Id, marked.Id], await IdsAsync(Filter.In("summary", ["坚守", ""])));
        Assert.Empty(await IdsAsync(new Condition("body", Operator.Contains, ".*")));
        Assert.Equal([withClosing.Id], await IdsAsync(new Condition("preamble", Operator.Contains, "贯彻落实"), Kinds.Directive));
        Assert.Equal([withClosing.Id], await IdsAsync(Filter.Eq("closing", "特此通知。"), Kinds.Directive));
        // A closing never written is empty: eq null matches it, and a negated condition on it holds.
        Assert.Equal([without.Id], await IdsAsync(Filter.Eq("closing", null), Kinds.Directive));
        Assert.Equal([without.Id], await IdsAsync(Filter.Not(new Condition("closing", Operator.Contains, "通知")), Kinds.Directive));
        Assert.Equal(1, await Store.CountAsync(Kinds.Directive, new Condition("closing", Operator.Contains, "通知"), Ct));
    }

    [Fact]
    public async Task Version_and_temporary_filter_sort_and_page_like_any_indexed_field()
    {
        var committee = await InsertAsync(Samples.Organization("机关工委"));
        var front = await InsertAsync(Samples.Organization("火线党支部", committee.Id, kind: OrganizationKind.FrontLineBranch));
        var branch = await InsertAsync(Samples.Organization("第一党支部", committee.Id, kind: OrganizationKind.Branch));
        var edited = await InsertAsync(Samples.Story(committee.Id, title: "改过两次"));
        var once = await InsertAsync(Samples.Story(committee.Id, title: "没改过"));
        await Store.CommitAsync(new Commit(new DocumentWrite(edited with { Title = "改过一次" }, 1, "update"), Editor), Ct);
        await Store.CommitAsync(new Commit(new DocumentWrite(edited with { Title = "改过两次" }, 2, "update"), Editor), Ct);

        Assert.Equal([front.Id], await IdsAsync(Filter.Eq("temporary", true), Kinds.Organization));
        Assert.Equal([committee.Id, branch.Id], await IdsAsync(Filter.Eq("temporary", false), Kinds.Organization));
        Assert.Equal([edited.Id], await IdsAsync(new Condition("version", Operator.Gt, 1L)));
        Assert.Equal([once.Id], await IdsAsync(Filter.Eq("version", 1L)));

        var byVersion = await Store.QueryAsync(Kinds.Story, Filter.All, [new SortField("version", SortDirection.Descending), new SortField("id", SortDirection.Ascending)], 10, Ct);
        Assert.Equal([edited.Id, once.Id], byVersion.Select(s => s.Id));
        Assert.Equal(3, byVersion[0].Version);
        // A keyset page after the first row, as Core's cursors build it.
        var after = Dangjian.Core.Reading.Cursor.After([new SortField("version", SortDirection.Descending), new SortField("id", SortDirection.Ascending)], [3L, edited.Id]);
        Assert.Equal([once.Id], await IdsAsync(after));
        var temporaryFirst = await Store.QueryAsync(Kinds.Organization, Filter.All, [new SortField("temporary", SortDirection.Descending), new SortField("id", SortDirection.Ascending)], 10, Ct);
        Assert.Equal(front.Id, temporaryFirst[0].Id);
    }

    private async Task<List<string>> IdsAsync(Filter filter, DocumentKind? kind = null)
    {
        kind ??= Kinds.Story;
        IReadOnlyList<Document> found = kind switch
        {
            DocumentKind<Story> k => await Store.QueryAsync(k, filter, [new SortField("createdAt", SortDirection.Ascending), new SortField("id", SortDirection.Ascending)], 100, Ct),
            DocumentKind<ActivityLog> k => await Store.QueryAsync(k, filter, [new SortField("createdAt", SortDirection.Ascending), new SortField("id", SortDirection.Ascending)], 100, Ct),
            DocumentKind<Directive> k => await Store.QueryAsync(k, filter, [new SortField("createdAt", SortDirection.Ascending), new SortField("id", SortDirection.Ascending)], 100, Ct),
            DocumentKind<Organization> k => await Store.QueryAsync(k, filter, [new SortField("createdAt", SortDirection.Ascending), new SortField("id", SortDirection.Ascending)], 100, Ct),
            _ => throw new NotSupportedException(),
        };
        return found.Select(d => d.Id).ToList();
    }
}
