namespace Dangjian.Core.Documents;

/// <summary>What a branch did (支部活动记录), and which directive sections it carries out.</summary>
public sealed record ActivityLog : Document
{
    public required string OrganizationId { get; init; }

    public required ActivityKind Kind { get; init; }

    public required string Title { get; init; }

    public required DateTimeOffset OccurredAt { get; init; }

    public string? Place { get; init; }

    public int ParticipantCount { get; init; }

    /// <summary>
    /// The people who took part, by name (参加人员, 参会人员): searched and filtered as names of their own, apart from
    /// the summary. Logs stored before the field existed, and seed logs that name nobody, have no "participants": they
    /// read as naming nobody (DocumentJson.EmptyLists).
    /// </summary>
    public IReadOnlyList<string> Participants { get; init; } = [];

    public string Summary { get; init; } = "";

    /// <summary>Ids of the directive sections the activity carries out.</summary>
    public IReadOnlyList<string> SectionIds { get; init; } = [];

    public IReadOnlyList<string> StudyMaterialIds { get; init; } = [];

    public IReadOnlyList<string> Tags { get; init; } = [];
}

public enum ActivityKind
{
    /// <summary>组织生活: regular branch meetings.</summary>
    OrganizationalLife,
    /// <summary>政治学习</summary>
    PoliticalStudy,
    /// <summary>社区志愿服务</summary>
    VolunteerService,
    /// <summary>担任网格员</summary>
    GridDuty,
    /// <summary>疫情防控值守</summary>
    EpidemicDuty,
    /// <summary>建立临时党组织 / 火线党支部</summary>
    TemporaryBranchSetup,
    /// <summary>政策宣讲、防范知识宣传</summary>
    Publicity,
    Other,
}
