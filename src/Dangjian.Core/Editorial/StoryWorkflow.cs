using System.Collections.Frozen;
using Dangjian.Core.Access;
using Dangjian.Core.Documents;

namespace Dangjian.Core.Editorial;

/// <summary>The workflow steps an editor or a branch can take on a story.</summary>
public enum StoryAction
{
    StartReview,
    RequestChanges,
    Resubmit,
    Approve,
    Publish,
    Reject,
    Archive,
}

/// <summary>
/// The story workflow as an explicit table: for each action, the state it starts from, the state it leads to and
/// who may take it. Anything not in the table is a forbidden transition.
/// <code>
/// SUBMITTED ─startReview→ IN_REVIEW ─approve→ APPROVED ─publish→ PUBLISHED ─archive→ ARCHIVED
///    ▲                     │  │
///    └─resubmit─ CHANGES_REQUESTED ←requestChanges┘  └─reject→ REJECTED
/// </code>
/// </summary>
public static class StoryWorkflow
{
    public sealed record Step(StoryStatus From, StoryStatus To, bool BranchMayTake);

    public static readonly FrozenDictionary<StoryAction, Step> Steps = new Dictionary<StoryAction, Step>
    {
        [StoryAction.StartReview] = new(StoryStatus.Submitted, StoryStatus.InReview, BranchMayTake: false),
        [StoryAction.RequestChanges] = new(StoryStatus.InReview, StoryStatus.ChangesRequested, BranchMayTake: false),
        [StoryAction.Resubmit] = new(StoryStatus.ChangesRequested, StoryStatus.Submitted, BranchMayTake: true),
        [StoryAction.Approve] = new(StoryStatus.InReview, StoryStatus.Approved, BranchMayTake: false),
        [StoryAction.Publish] = new(StoryStatus.Approved, StoryStatus.Published, BranchMayTake: false),
        [StoryAction.Reject] = new(StoryStatus.InReview, StoryStatus.Rejected, BranchMayTake: false),
        [StoryAction.Archive] = new(StoryStatus.Published, StoryStatus.Archived, BranchMayTake: false),
    }.ToFrozenDictionary();

    /// <summary>
    /// The steps <paramref name="caller"/> may take on <paramref name="story"/> as it stands: those of the table that
    /// start from its status and that this caller may take, in the table's order. The same rule as <see cref="Apply"/>,
    /// so that a desk offers exactly the buttons that would work.
    /// </summary>
    public static IReadOnlyList<StoryAction> AllowedActions(Story story, Caller caller) =>
        Steps.Where(s => s.Value.From == story.Status && MayTake(s.Value, story, caller)).Select(s => s.Key).Order().ToList();

    /// <summary>
    /// Whether <paramref name="caller"/> may feature or stop featuring <paramref name="story"/> now: an editor, on a
    /// published story. The rule <see cref="StoryService.SetFeaturedAsync"/> enforces, so the desk can ask instead of
    /// guessing.
    /// </summary>
    public static bool MayFeature(Story story, Caller caller) =>
        Permissions.CanFeatureStories(caller) is null && story.Status == StoryStatus.Published;

    private static bool MayTake(Step step, Story story, Caller caller) =>
        caller.IsEditor || (step.BranchMayTake && caller.Role == Role.Branch && caller.InScope(story.SubmittingOrganizationId));

    /// <summary>The story after <paramref name="action"/>, or why it may not be taken.</summary>
    public static Result<Story> Apply(Story story, StoryAction action, Caller caller, string? note, DateTimeOffset now)
    {
        var step = Steps[action];
        var actionName = EnumNames.ToConstant(action);
        if (!MayTake(step, story, caller))
            return Error.Forbidden($"Only editors may {Describe(action)} a story.");
        if (story.Status != step.From)
        {
            return new ForbiddenTransitionError(EnumNames.ToConstant(story.Status), actionName,
                $"A story that is {EnumNames.ToConstant(story.Status)} cannot be {Past(action)}; only a {EnumNames.ToConstant(step.From)} story can.");
        }
        return story with
        {
            Status = step.To,
            PublishedAt = step.To == StoryStatus.Published ? now : story.PublishedAt,
            Featured = step.To == StoryStatus.Published && story.Featured,
            Transitions = [.. story.Transitions, new StoryTransition(story.Status, step.To, actionName, caller.Subject ?? "anonymous", now, note)],
        };
    }

    private static string Describe(StoryAction action) => action switch
    {
        StoryAction.StartReview => "start reviewing",
        StoryAction.RequestChanges => "request changes to",
        StoryAction.Resubmit => "resubmit",
        StoryAction.Approve => "approve",
        StoryAction.Publish => "publish",
        StoryAction.Reject => "reject",
        _ => "archive",
    };

    private static string Past(StoryAction action) => action switch
    {
        StoryAction.StartReview => "taken into review",
        StoryAction.RequestChanges => "sent back for changes",
        StoryAction.Resubmit => "resubmitted",
        StoryAction.Approve => "approved",
        StoryAction.Publish => "published",
        StoryAction.Reject => "rejected",
        _ => "archived",
    };
}
