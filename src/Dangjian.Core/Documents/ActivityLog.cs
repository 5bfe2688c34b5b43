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
    /// the summary. Never null, whatever the JSON says: a log stored before the field existed (and every seed log that
    /// names nobody) has no "participants", and the source-generated reader (DocumentJson) then sets the init-only
    /// property to null, passing over an initializer (<c>= []</c>); a hand-written file may say null outright. A null here
    /// made the search text throw for each such log, and the indexer, which skips nothing, retried that batch for ever
    /// (every seeded host timed out waiting for its index), so the setter turns null into naming nobody.
    /// </summary>
    public IReadOnlyList<string> Participants
    {
        get => _participants;
        init => _participants = value ?? [];
    }

    private readonly IReadOnlyList<string> _participants = [];

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
