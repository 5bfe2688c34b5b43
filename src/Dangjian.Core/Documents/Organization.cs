namespace Dangjian.Core.Documents;

/// <summary>A node in the party-organisation tree (党组织), or an issuer outside it.</summary>
public sealed record Organization : Document
{
    public required string Name { get; init; }

    public string? ShortName { get; init; }

    public required OrganizationKind Kind { get; init; }

    /// <summary>Null for the root of the tree and for issuers outside it (中央, 省委 …).</summary>
    public string? ParentId { get; init; }

    /// <summary>
    /// Ids from the root down to the parent. Kept on the document so that subtree queries are one indexed
    /// lookup in either store; a parent never changes, so the path never goes stale.
    /// </summary>
    public IReadOnlyList<string> AncestorIds { get; init; } = [];

    /// <summary>The unit (单位) the organisation belongs to, e.g. 娄底市卫生健康委员会.</summary>
    public string? Unit { get; init; }

    /// <summary>The sector (系统), e.g. 卫健, 公安, 交管, 市场监管.</summary>
    public string? Sector { get; init; }

    public DateOnly? EstablishedOn { get; init; }

    /// <summary>Set when a temporary or front-line branch is stood down; the record stays for the archive.</summary>
    public DateOnly? DissolvedOn { get; init; }

    /// <summary>
    /// An outside issuer that only a draft names so far (a draft import added it). Readers do not see it until a
    /// published directive names it: a draft's issuer would otherwise announce the draft.
    /// </summary>
    public bool Provisional { get; init; }

    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsTemporary => Kind is OrganizationKind.TemporaryBranch or OrganizationKind.FrontLineBranch;
}

public enum OrganizationKind
{
    /// <summary>机关工委: the municipal organs' working committee at the root.</summary>
    WorkingCommittee,
    /// <summary>单位党委: a unit's party committee.</summary>
    PartyCommittee,
    /// <summary>党组: a unit's leading party group.</summary>
    PartyGroup,
    /// <summary>党总支: a general branch.</summary>
    GeneralBranch,
    /// <summary>党支部: a branch.</summary>
    Branch,
    /// <summary>临时党组织 / 临时党支部: set up for a task, later dissolved.</summary>
    TemporaryBranch,
    /// <summary>火线党支部: a front-line branch set up in the field.</summary>
    FrontLineBranch,
    /// <summary>An issuer outside the tree (中央, 省委, 市委 …), created when a directive names it.</summary>
    External,
}
