using Dangjian.Api.GraphQL;
using Dangjian.Core.Documents;

namespace Dangjian.Api.Features.Stories;

public sealed class StoryStatusGraphType() : DescribedEnumType<StoryStatus>("StoryStatus",
    "Where a story stands in the editorial workflow. Readers see PUBLISHED stories only.",
    new Dictionary<StoryStatus, string>
    {
        [StoryStatus.Submitted] = "Submitted by a branch, waiting for an editor.",
        [StoryStatus.InReview] = "An editor is reviewing it.",
        [StoryStatus.ChangesRequested] = "Sent back to the branch for changes.",
        [StoryStatus.Approved] = "Approved, not yet published.",
        [StoryStatus.Published] = "Published: visible to everyone.",
        [StoryStatus.Rejected] = "Rejected by an editor.",
        [StoryStatus.Archived] = "Taken down after publication; kept for the record.",
    });

/// <summary>The workflow steps, as <c>Story.allowedActions</c> names them; each is the mutation of the same name.</summary>
public sealed class StoryActionGraphType() : DescribedEnumType<Dangjian.Core.Editorial.StoryAction>("StoryAction",
    "A step of the story workflow; each is a mutation (START_REVIEW is startStoryReview, REQUEST_CHANGES requestStoryChanges …).",
    new Dictionary<Dangjian.Core.Editorial.StoryAction, string>
    {
        [Dangjian.Core.Editorial.StoryAction.StartReview] = "startStoryReview: SUBMITTED → IN_REVIEW.",
        [Dangjian.Core.Editorial.StoryAction.RequestChanges] = "requestStoryChanges: IN_REVIEW → CHANGES_REQUESTED.",
        [Dangjian.Core.Editorial.StoryAction.Resubmit] = "resubmitStory: CHANGES_REQUESTED → SUBMITTED.",
        [Dangjian.Core.Editorial.StoryAction.Approve] = "approveStory: IN_REVIEW → APPROVED.",
        [Dangjian.Core.Editorial.StoryAction.Publish] = "publishStory: APPROVED → PUBLISHED.",
        [Dangjian.Core.Editorial.StoryAction.Reject] = "rejectStory: IN_REVIEW → REJECTED.",
        [Dangjian.Core.Editorial.StoryAction.Archive] = "archiveStory: PUBLISHED → ARCHIVED.",
    });
