namespace Dangjian.Core.Documents;

/// <summary>An exemplary story (先进典型和感人事迹) submitted by a branch and curated by editors.</summary>
public sealed record Story : Document
{
    public required string Title { get; init; }

    public string Summary { get; init; } = "";

    /// <summary>Plain text or Markdown.</summary>
    public required string Body { get; init; }

    /// <summary>The people the story is about, by name.</summary>
    public IReadOnlyList<string> People { get; init; } = [];

    /// <summary>The organisations the story is about.</summary>
    public IReadOnlyList<string> OrganizationIds { get; init; } = [];

    public required string SubmittingOrganizationId { get; init; }

    public StoryStatus Status { get; init; } = StoryStatus.Submitted;

    public bool Featured { get; init; }

    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Ids of the directive sections the story exemplifies.</summary>
    public IReadOnlyList<string> SectionIds { get; init; } = [];

    public IReadOnlyList<string> ActivityLogIds { get; init; } = [];

    public required DateTimeOffset SubmittedAt { get; init; }

    public DateTimeOffset? PublishedAt { get; init; }

    /// <summary>
    /// The story's historical date: the day what it tells happened or, for a story from an older archive, the day it
    /// first appeared there. Set by whoever enters it; null for a story dated by its workflow (when it was submitted).
    /// Kept apart from <see cref="Document.CreatedAt"/> and <see cref="SubmittedAt"/>, which stay when it was entered.
    /// </summary>
    public DateOnly? OccurredOn { get; init; }

    /// <summary>The instant the story is dated by: <see cref="OccurredOn"/> at midnight China time where set, else its submission.</summary>
    public DateTimeOffset DatedAt() => OccurredOn is { } day ? ChinaTime.Midnight(day) : SubmittedAt;

    /// <summary>Every workflow step taken, oldest first: who moved it, when, from where to where, and why.</summary>
    public IReadOnlyList<StoryTransition> Transitions { get; init; } = [];
}

/// <summary>One workflow step. <paramref name="By"/> is null only in the public view of a step (see Access.LinkVisibility).</summary>
public sealed record StoryTransition(StoryStatus From, StoryStatus To, string Action, string? By, DateTimeOffset At, string? Note);

public enum StoryStatus
{
    Submitted,
    InReview,
    ChangesRequested,
    Approved,
    Published,
    Rejected,
    Archived,
}
