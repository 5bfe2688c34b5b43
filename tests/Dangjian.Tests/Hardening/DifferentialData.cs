using Dangjian.Core.Documents;

namespace Dangjian.Tests.Hardening;

/// <summary>Whose view of the generated archive a store holds.</summary>
public enum Audience
{
    /// <summary>Everything: the visible documents plus hidden ones of every kind and status, and links to them.</summary>
    Everything,
    /// <summary>Only what an anonymous reader may see.</summary>
    Anonymous,
    /// <summary>Only what the secretary of <see cref="DifferentialData.BranchId"/> may see (its subtree's stories in every status).</summary>
    Branch,
}

/// <summary>
/// One generated archive, written three ways: whole, as an anonymous reader may see it, and as one branch may see it.
/// The rule for "may see" is restated here from the README, independently of the code under test (Access/), so that
/// the differential test compares the server's filtering against this statement of it. Ids and times are fixed, so the
/// views share every id and timestamp of what they have in common.
/// </summary>
public static class DifferentialData
{
    public const string RootId = "dv-root";
    public const string BranchId = "dv-branch-a1";
    public const string FrontLineId = "dv-front-a";
    public static readonly DateTimeOffset Clock = new(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);

    private static readonly TimeSpan China = TimeSpan.FromHours(8);
    private static readonly IReadOnlySet<string> BranchScope = new HashSet<string> { BranchId, FrontLineId };

    /// <summary>Words every kind of document shares, visible or hidden, so that hidden ones would move scores, facets and related lists.
    /// The quoted date ends in a lone character (日), which a phrase stands for every pair it starts in the index: the
    /// archived material alone holds 日零, so an expansion over every term of the index would move the visible hits' scores.</summary>
    public static readonly IReadOnlyList<string> SearchWords = ["方舱", "党员", "疫情防控", "突击队", "发热门诊", "学习", "\"2月1日\""];

    public static IReadOnlyList<Document> Generate(Audience audience)
    {
        var documents = new List<Document>();
        bool SeesStory(StoryStatus status, string organizationId) =>
            audience == Audience.Everything || status == StoryStatus.Published || (audience == Audience.Branch && BranchScope.Contains(organizationId));
        bool SeesReview(string organizationId) => audience == Audience.Everything || (audience == Audience.Branch && BranchScope.Contains(organizationId));
        var hiddenToo = audience == Audience.Everything;

        // The tree: a committee, two units, their branches, a dissolved front-line branch, and an outside issuer.
        documents.Add(Org(RootId, "中共娄底市直属机关工作委员会", OrganizationKind.WorkingCommittee, null, []));
        documents.Add(Org("dv-unit-a", "中共娄底市中心医院委员会", OrganizationKind.PartyCommittee, RootId, [RootId], "卫健"));
        documents.Add(Org("dv-unit-b", "中共娄底市公安局委员会", OrganizationKind.PartyCommittee, RootId, [RootId], "公安"));
        documents.Add(Org(BranchId, "发热门诊党支部", OrganizationKind.Branch, "dv-unit-a", [RootId, "dv-unit-a"], "卫健"));
        documents.Add(Org("dv-branch-a2", "护理党支部", OrganizationKind.Branch, "dv-unit-a", [RootId, "dv-unit-a"], "卫健"));
        documents.Add(Org("dv-branch-b1", "交警支队党支部", OrganizationKind.Branch, "dv-unit-b", [RootId, "dv-unit-b"], "公安"));
        documents.Add(Org(FrontLineId, "方舱医院火线党支部", OrganizationKind.FrontLineBranch, BranchId, [RootId, "dv-unit-a", BranchId], "卫健")
            with { DissolvedOn = new DateOnly(2020, 4, 1) });
        documents.Add(Org("dv-ext", "中共湖南省委", OrganizationKind.External, null, []));

        // Directives: published, rescinded (readers see both), and a draft with the same words.
        documents.Add(Directive("dv-dir-1", "关于在疫情防控中发挥党员先锋作用的通知", RootId, DirectiveStatus.Published, 3, new DateOnly(2020, 1, 29), ["市直各基层党组织"]));
        documents.Add(Directive("dv-dir-2", "关于组建党员突击队的意见", "dv-ext", DirectiveStatus.Published, 2, new DateOnly(2020, 2, 3), ["各市州委", "中共娄底市中心医院委员会"]));
        documents.Add(Directive("dv-dir-3", "关于方舱医院临时党组织的通知", RootId, DirectiveStatus.Rescinded, 2, new DateOnly(2020, 2, 9), ["市直各基层党组织"]));
        if (hiddenToo)
            documents.Add(Directive("dv-hdir-1", "关于方舱医院党员突击队疫情防控考核的通知（草稿）", RootId, DirectiveStatus.Draft, 2, new DateOnly(2020, 2, 20), ["发热门诊党支部", "市直各基层党组织"]));

        documents.Add(Material("dv-sm-1", "疫情防控党员学习手册", StudyMaterialStatus.Published, new DateOnly(2020, 1, 30)));
        documents.Add(Material("dv-sm-2", "方舱医院工作学习资料", StudyMaterialStatus.Published, new DateOnly(2020, 2, 5)));
        if (hiddenToo)
            documents.Add(Material("dv-hsm-1", "方舱医院党员学习资料（已归档）", StudyMaterialStatus.Archived, new DateOnly(2020, 2, 6)));

        // Activities: always visible; in the whole archive some also point at the draft's sections and the archived material.
        var logs = new (string Id, string Org, ActivityKind Kind, string Title, int Day, string[] Sections, string[] Materials, string[] HiddenLinks)[]
        {
            ("dv-log-1", BranchId, ActivityKind.EpidemicDuty, "发热门诊党员突击队值守", 1, ["dv-dir-1.s1"], ["dv-sm-1"], ["dv-hdir-1.s1", "dv-hsm-1"]),
            ("dv-log-2", FrontLineId, ActivityKind.TemporaryBranchSetup, "方舱医院火线党支部成立", 5, ["dv-dir-3.s1", "dv-dir-1.s2"], [], ["dv-hdir-1.s2"]),
            ("dv-log-3", "dv-branch-a2", ActivityKind.PoliticalStudy, "护理党支部集中学习", 7, ["dv-dir-1.s3"], ["dv-sm-2"], ["dv-hsm-1"]),
            ("dv-log-4", "dv-branch-b1", ActivityKind.GridDuty, "交警党员疫情防控卡点执勤", 8, ["dv-dir-2.s1"], [], []),
            ("dv-log-5", "dv-unit-a", ActivityKind.OrganizationalLife, "医院党委疫情防控专题组织生活会", 10, [], ["dv-sm-1", "dv-sm-2"], []),
            ("dv-log-6", BranchId, ActivityKind.VolunteerService, "方舱医院志愿服务", 12, ["dv-dir-2.s2"], [], ["dv-hdir-1.s1"]),
            ("dv-log-7", "dv-branch-b1", ActivityKind.Publicity, "学习先进典型宣传", 15, [], [], ["dv-hdir-1.s2", "dv-hsm-1"]),
            ("dv-log-8", FrontLineId, ActivityKind.Other, "方舱医院休舱总结", 40, ["dv-dir-1.s1", "dv-dir-3.s2"], ["dv-sm-2"], []),
        };
        foreach (var log in logs)
        {
            var hiddenLinks = hiddenToo ? log.HiddenLinks : [];
            documents.Add(new ActivityLog
            {
                Id = log.Id,
                OrganizationId = log.Org,
                Kind = log.Kind,
                Title = log.Title,
                OccurredAt = new DateTimeOffset(2020, 2, 1, 9, 0, 0, China).AddDays(log.Day),
                Place = "娄底市",
                ParticipantCount = 5 + log.Day,
                Summary = log.Title + "：党员冲在前，疫情防控作表率。",
                SectionIds = [.. log.Sections, .. hiddenLinks.Where(l => l.Contains(".s", StringComparison.Ordinal))],
                StudyMaterialIds = [.. log.Materials, .. hiddenLinks.Where(l => !l.Contains(".s", StringComparison.Ordinal))],
                Tags = log.Day % 2 == 0 ? ["疫情防控"] : ["方舱", "突击队"],
            });
        }

        // Stories: published ones (reviewed, with internal notes) and work in progress in every hidden status.
        var stories = new List<(string Id, string Org, StoryStatus Status, string Title, int Day, string[] Sections, string[] HiddenSections, bool Featured)>
        {
            ("dv-st-1", BranchId, StoryStatus.Published, "发热门诊的不眠之夜", 3, ["dv-dir-1.s1"], ["dv-hdir-1.s1"], true),
            ("dv-st-2", BranchId, StoryStatus.Published, "党员突击队冲在前", 6, ["dv-dir-2.s1", "dv-dir-1.s2"], [], false),
            ("dv-st-3", FrontLineId, StoryStatus.Published, "方舱医院里的党课", 9, ["dv-dir-3.s1"], ["dv-hdir-1.s2"], false),
            ("dv-st-4", "dv-branch-a2", StoryStatus.Published, "护士长的请战书", 11, ["dv-dir-1.s3"], [], true),
            ("dv-st-5", "dv-branch-b1", StoryStatus.Published, "卡点上的交警党员", 13, ["dv-dir-2.s2"], ["dv-hdir-1.s1"], false),
            ("dv-st-6", "dv-branch-b1", StoryStatus.Published, "疫情防控中的学习", 20, [], [], false),
        };
        var hiddenStatuses = new[] { StoryStatus.Submitted, StoryStatus.InReview, StoryStatus.ChangesRequested, StoryStatus.Approved, StoryStatus.Rejected, StoryStatus.Archived };
        foreach (var organization in new[] { BranchId, FrontLineId, "dv-branch-b1" })
        {
            for (var i = 0; i < hiddenStatuses.Length; i++)
            {
                stories.Add(($"dv-hst-{organization[3..]}-{i}", organization, hiddenStatuses[i], $"方舱医院党员突击队疫情防控故事（{EnumNames.ToConstant(hiddenStatuses[i])}）",
                    14 + i, ["dv-dir-1.s1"], ["dv-hdir-1.s1"], false));
            }
        }
        foreach (var story in stories)
        {
            if (!SeesStory(story.Status, story.Org))
                continue;
            var submitted = new DateTimeOffset(2020, 2, 1, 20, 0, 0, China).AddDays(story.Day);
            var transitions = Transitions(story.Status, submitted);
            documents.Add(new Story
            {
                Id = story.Id,
                Title = story.Title,
                Summary = story.Title + "。",
                Body = $"{story.Title}：疫情防控一线，党员突击队在方舱医院和发热门诊坚守岗位，学习先进、争当先锋。",
                People = ["张医生", "李护士"],
                OrganizationIds = [story.Org],
                SubmittingOrganizationId = story.Org,
                Status = story.Status,
                Featured = story.Featured,
                Tags = story.Day % 2 == 0 ? ["先进典型", "方舱"] : ["先进典型"],
                SectionIds = [.. story.Sections, .. hiddenToo ? story.HiddenSections : []],
                ActivityLogIds = story.Day % 3 == 0 ? ["dv-log-1"] : [],
                SubmittedAt = submitted,
                PublishedAt = transitions.LastOrDefault(t => t.To == StoryStatus.Published)?.At,
                // What a reader may know of the workflow is that (and when) it was published; the rest is the review's.
                Transitions = SeesReview(story.Org) ? transitions : transitions.Where(t => t.To == StoryStatus.Published).ToList(),
            });
        }
        return documents;
    }

    /// <summary>A workflow that reached <paramref name="status"/>, with an internal note at every review step.</summary>
    private static List<StoryTransition> Transitions(StoryStatus status, DateTimeOffset submitted)
    {
        var steps = new List<StoryTransition>();
        var at = submitted;
        void Step(StoryStatus from, StoryStatus to, string action, string by, string? note) =>
            steps.Add(new StoryTransition(from, to, action, by, at = at.AddHours(2), note));
        if (status == StoryStatus.Submitted)
            return steps;
        Step(StoryStatus.Submitted, StoryStatus.InReview, "START_REVIEW", "editor-li", null);
        if (status == StoryStatus.InReview)
            return steps;
        Step(StoryStatus.InReview, StoryStatus.ChangesRequested, "REQUEST_CHANGES", "editor-li", "INTERNAL: 人名需要核实");
        if (status == StoryStatus.ChangesRequested)
            return steps;
        Step(StoryStatus.ChangesRequested, StoryStatus.Submitted, "RESUBMIT", "secretary-wang", "已核实");
        Step(StoryStatus.Submitted, StoryStatus.InReview, "START_REVIEW", "editor-li", null);
        if (status == StoryStatus.Rejected)
        {
            Step(StoryStatus.InReview, StoryStatus.Rejected, "REJECT", "editor-li", "INTERNAL: 与事实不符");
            return steps;
        }
        Step(StoryStatus.InReview, StoryStatus.Approved, "APPROVE", "editor-zhao", "INTERNAL: 可发");
        if (status == StoryStatus.Approved)
            return steps;
        Step(StoryStatus.Approved, StoryStatus.Published, "PUBLISH", "editor-zhao", "INTERNAL: 放头条");
        if (status == StoryStatus.Archived)
            Step(StoryStatus.Published, StoryStatus.Archived, "ARCHIVE", "editor-zhao", "INTERNAL: 过时");
        return steps;
    }

    private static Organization Org(string id, string name, OrganizationKind kind, string? parent, string[] ancestors, string? sector = null) => new()
    {
        Id = id,
        Name = name,
        Kind = kind,
        ParentId = parent,
        AncestorIds = ancestors,
        Sector = sector,
        Unit = sector is null ? null : name,
        EstablishedOn = kind == OrganizationKind.External ? null : new DateOnly(2019, 6, 1),
    };

    private static Directive Directive(string id, string title, string issuer, DirectiveStatus status, int sections, DateOnly issued, string[] addressees) => new()
    {
        Id = id,
        Title = title,
        IssuerId = issuer,
        IssuedOn = issued,
        DocumentNumber = $"娄直工发〔2020〕{id.Length + sections}号",
        Addressees = addressees,
        Preamble = "当前疫情防控形势严峻，各级党组织和广大党员要冲在前、作表率。",
        Sections = Enumerable.Range(1, sections).Select(n => new DirectiveSection
        {
            Id = DirectiveSection.MakeId(id, n),
            Number = n,
            Heading = n switch { 1 => "组建党员突击队", 2 => "加强方舱医院党建", _ => "做好学习宣传" },
            Body = "党员干部要在疫情防控中冲在前，发热门诊和方舱医院要成立临时党组织。",
        }).ToList(),
        Status = status,
        Tags = ["疫情防控"],
    };

    private static StudyMaterial Material(string id, string title, StudyMaterialStatus status, DateOnly on) => new()
    {
        Id = id,
        Title = title,
        Kind = StudyMaterialKind.PreventionKnowledge,
        PublishedOn = on,
        Source = "市直机关工委",
        Summary = title + "。",
        // Every material's text holds the date; the archived one alone follows it with a pair no visible document has.
        Body = "方舱医院工作要点；党员学习疫情防控知识。自2020年2月1日" + (status == StudyMaterialStatus.Archived ? "零时起停用。" : "起施行。"),
        Status = status,
        Tags = ["学习"],
    };
}
