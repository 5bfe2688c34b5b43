namespace Dangjian.Core.Documents;

/// <summary>A text branches study (学习资料): instructions, policy, prevention knowledge.</summary>
public sealed record StudyMaterial : Document
{
    public required string Title { get; init; }

    public required StudyMaterialKind Kind { get; init; }

    /// <summary>Where the text comes from, e.g. 新华社, 市卫健委.</summary>
    public string? Source { get; init; }

    public required DateOnly PublishedOn { get; init; }

    public string Summary { get; init; } = "";

    public string Body { get; init; } = "";

    public IReadOnlyList<string> Tags { get; init; } = [];

    public StudyMaterialStatus Status { get; init; } = StudyMaterialStatus.Published;
}

public enum StudyMaterialKind
{
    /// <summary>重要指示精神</summary>
    ImportantInstruction,
    /// <summary>政策文件</summary>
    Policy,
    /// <summary>疫情防范知识</summary>
    PreventionKnowledge,
    /// <summary>党的理论</summary>
    PartyTheory,
    /// <summary>典型案例</summary>
    CaseStudy,
    Other,
}

public enum StudyMaterialStatus
{
    Published,
    Archived,
}
