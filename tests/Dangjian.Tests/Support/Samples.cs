using Dangjian.Core.Documents;

namespace Dangjian.Tests.Support;

/// <summary>Documents written for tests, with ids unique to the test that makes them.</summary>
public sealed class Samples
{
    private readonly string _prefix = "t" + Guid.NewGuid().ToString("N")[..8];
    private int _next;

    public string NewId(string kind) => $"{_prefix}-{kind}-{++_next}";

    public Organization Organization(string name = "中共娄底市中心医院委员会", string? parent = null, IReadOnlyList<string>? ancestors = null,
        OrganizationKind kind = OrganizationKind.PartyCommittee, string? sector = "卫健") => new()
        {
            Id = NewId("org"),
            Name = name,
            Kind = kind,
            ParentId = parent,
            AncestorIds = ancestors ?? (parent is null ? [] : [parent]),
            Sector = sector,
            Unit = "娄底市中心医院",
            EstablishedOn = new DateOnly(2020, 1, 31),
        };

    public Directive Directive(string issuerId, string title = "关于做好疫情防控工作的通知", DirectiveStatus status = DirectiveStatus.Published,
        int sections = 2)
    {
        var id = NewId("dir");
        return new Directive
        {
            Id = id,
            Title = title,
            IssuerId = issuerId,
            IssuedOn = new DateOnly(2020, 1, 29),
            Addressees = ["市直各基层党组织"],
            Preamble = "当前是疫情防控关键时期。",
            Sections = Enumerable.Range(1, sections).Select(n => new DirectiveSection
            {
                Id = DirectiveSection.MakeId(id, n),
                Number = n,
                Heading = $"第{n}条要求",
                Body = "党员干部要冲在前、作表率。",
            }).ToList(),
            Status = status,
            Tags = ["疫情防控"],
        };
    }

    public Story Story(string organizationId, string title = "火线党支部的不眠之夜", StoryStatus status = StoryStatus.Published,
        DateTimeOffset? submittedAt = null, DateTimeOffset? publishedAt = null, IReadOnlyList<string>? tags = null,
        IReadOnlyList<string>? sections = null) => new()
        {
            Id = NewId("story"),
            Title = title,
            Body = "发热门诊的党员医护人员坚守岗位。",
            Summary = "坚守一线。",
            SubmittingOrganizationId = organizationId,
            OrganizationIds = [organizationId],
            People = ["张三"],
            Status = status,
            Tags = tags ?? ["防控"],
            SectionIds = sections ?? [],
            SubmittedAt = submittedAt ?? new DateTimeOffset(2020, 2, 10, 9, 0, 0, TimeSpan.FromHours(8)),
            PublishedAt = publishedAt ?? (status == StoryStatus.Published ? new DateTimeOffset(2020, 2, 12, 9, 0, 0, TimeSpan.FromHours(8)) : null),
        };

    public ActivityLog ActivityLog(string organizationId, string title = "就近就便开展组织生活", int participants = 12,
        IReadOnlyList<string>? sections = null, DateTimeOffset? occurredAt = null) => new()
        {
            Id = NewId("log"),
            OrganizationId = organizationId,
            Kind = ActivityKind.OrganizationalLife,
            Title = title,
            OccurredAt = occurredAt ?? new DateTimeOffset(2020, 2, 3, 15, 0, 0, TimeSpan.FromHours(8)),
            Place = "社区党群服务中心",
            ParticipantCount = participants,
            Summary = "学习习近平总书记重要指示精神。",
            SectionIds = sections ?? [],
        };

    public StudyMaterial StudyMaterial(string title = "新型冠状病毒防范知识", StudyMaterialStatus status = StudyMaterialStatus.Published) => new()
    {
        Id = NewId("sm"),
        Title = title,
        Kind = StudyMaterialKind.PreventionKnowledge,
        PublishedOn = new DateOnly(2020, 1, 30),
        Body = "戴口罩、勤洗手、不聚集。",
        Status = status,
    };
}
