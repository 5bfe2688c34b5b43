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
