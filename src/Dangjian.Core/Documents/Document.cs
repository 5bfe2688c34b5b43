namespace Dangjian.Core.Documents;

/// <summary>
/// What every stored document carries. The store owns <see cref="Version"/>, <see cref="CreatedAt"/>
/// and <see cref="UpdatedAt"/>: it sets them on commit, whatever the caller put there.
/// </summary>
public abstract record Document
{
    /// <summary>Local id, unique within its kind. Public APIs expose it wrapped in a global id.</summary>
    public required string Id { get; init; }

    /// <summary>Starts at 1 and grows by one on every committed change; updates name the version they read.</summary>
    public long Version { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }
}
