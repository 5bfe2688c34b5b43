using Dangjian.Api.GraphQL;
using Dangjian.Api.GraphQL.Mutations;
using Dangjian.Core.Editorial;
using GraphQL;
using GraphQL.Types;
using Dangjian.Core.Documents;

namespace Dangjian.Api.Features.Stories;

public static class StoryMutations
{
    public static void Add(ObjectGraphType mutation)
    {
        mutation.Mutation<StoryGraphType, SubmitStoryInputType>("submitStory",
            "A branch (or an editor) submits a story for review. It starts SUBMITTED.", "story",
            MutationErrors.Validation | MutationErrors.Forbidden,
            async (c, input) =>
            {
                var reader = new InputReader(input);
                var organization = reader.Id("submittingOrganizationId", Kinds.Organization.TypeName);
                var content = ReadContent(reader);
                if (reader.Error is { } bad)
                    return bad;
                return (await Service(c).SubmitAsync(c.Request().Caller, organization!, content, reader.String("note"), c.CancellationToken)).Boxed();
            });

        mutation.Mutation<StoryGraphType, UpdateStoryInputType>("updateStory",
            "Edits a story's content. Editors may edit any story that is not archived; a branch its own while SUBMITTED or CHANGES_REQUESTED. Fields left out stay as they are.",
            "story", MutationErrors.Update | MutationErrors.ForbiddenTransition,
            async (c, input) =>
            {
                var reader = new InputReader(input);
                var id = reader.Id("id", Kinds.Story.TypeName);
                var content = ReadContent(reader);
                if (reader.Error is { } bad)
                    return bad;
                return (await Service(c).UpdateAsync(c.Request().Caller, id!, reader.Version(), content, reader.String("note"), c.CancellationToken)).Boxed();
            });

        AddStep<StartStoryReviewInputType>(mutation, "startStoryReview", StoryAction.StartReview, "An editor takes a SUBMITTED story into review (→ IN_REVIEW).");
        AddStep<RequestStoryChangesInputType>(mutation, "requestStoryChanges", StoryAction.RequestChanges, "An editor sends a story in review back to the branch (→ CHANGES_REQUESTED); say what to change in the note.");
        AddStep<ResubmitStoryInputType>(mutation, "resubmitStory", StoryAction.Resubmit, "The branch (or an editor) resubmits a story after changes (CHANGES_REQUESTED → SUBMITTED).");
        AddStep<ApproveStoryInputType>(mutation, "approveStory", StoryAction.Approve, "An editor approves a story in review (→ APPROVED).");
        AddStep<PublishStoryInputType>(mutation, "publishStory", StoryAction.Publish, "An editor publishes an approved story (→ PUBLISHED): from now on everyone sees it.");
        AddStep<RejectStoryInputType>(mutation, "rejectStory", StoryAction.Reject, "An editor rejects a story in review (→ REJECTED).");
        AddStep<ArchiveStoryInputType>(mutation, "archiveStory", StoryAction.Archive, "An editor takes a published story down (→ ARCHIVED). Nothing is deleted.");

        AddFeatured<FeatureStoryInputType>(mutation, "featureStory", true, "An editor features a published story for prominent display.");
        AddFeatured<UnfeatureStoryInputType>(mutation, "unfeatureStory", false, "An editor stops featuring a story.");
    }

    private static void AddStep<TInput>(ObjectGraphType mutation, string name, StoryAction action, string description)
        where TInput : IInputObjectGraphType =>
        AddOnStory<TInput>(mutation, name, description, (c, id, reader) =>
            Service(c).TransitionAsync(c.Request().Caller, id, reader.Version(), action, reader.String("note"), c.CancellationToken));

    private static void AddFeatured<TInput>(ObjectGraphType mutation, string name, bool featured, string description)
        where TInput : IInputObjectGraphType =>
        AddOnStory<TInput>(mutation, name, description, (c, id, reader) =>
            Service(c).SetFeaturedAsync(c.Request().Caller, id, reader.Version(), featured, c.CancellationToken));

    /// <summary>A mutation on one existing story, named by its global id in <c>input.id</c>.</summary>
    private static void AddOnStory<TInput>(ObjectGraphType mutation, string name, string description,
        Func<IResolveFieldContext, string, InputReader, Task<Core.Result<Core.Documents.Story>>> act)
        where TInput : IInputObjectGraphType =>
        mutation.Mutation<StoryGraphType, TInput>(name, description, "story", MutationErrors.Update | MutationErrors.ForbiddenTransition,
            async (c, input) =>
            {
                var reader = new InputReader(input);
                var id = reader.Id("id", Kinds.Story.TypeName);
                return reader.Error ?? (await act(c, id!, reader)).Boxed();
            });

    private static StoryContent ReadContent(InputReader reader) => new()
    {
        Title = reader.String("title"),
        Summary = reader.String("summary"),
        Body = reader.String("body"),
        People = reader.Strings("people"),
        Tags = reader.Strings("tags"),
        OrganizationIds = reader.Ids("organizationIds", Kinds.Organization.TypeName),
        SectionIds = reader.Ids("sectionIds", DirectiveSection.TypeName),
        ActivityLogIds = reader.Ids("activityLogIds", Kinds.ActivityLog.TypeName),
        OccurredOn = reader.Date("occurredOn"),
    };

    private static StoryService Service(IResolveFieldContext context) => context.RequestServices!.GetRequiredService<StoryService>();
}

internal static class StoryInputFields
{
    public static void AddContent(InputObjectGraphType type, bool required)
    {
        type.Content<StringGraphType>("title", required, "The title (at most 200 characters).");
        type.Content<StringGraphType>("body", required, "The story, plain text or Markdown (at most 100,000 characters).");
        type.Field<StringGraphType>("summary").Description("A short summary.");
        type.Field<ListGraphType<NonNullGraphType<StringGraphType>>>("people").Description("The people it is about, by name.");
        type.Field<ListGraphType<NonNullGraphType<IdGraphType>>>("organizationIds").Description("The organisations it is about.");
        type.Field<ListGraphType<NonNullGraphType<StringGraphType>>>("tags").Description("Subject tags.");
        type.Field<ListGraphType<NonNullGraphType<IdGraphType>>>("sectionIds").Description("The directive sections it exemplifies.");
        type.Field<ListGraphType<NonNullGraphType<IdGraphType>>>("activityLogIds").Description("The activities it tells of.");
        type.Field<DateType>("occurredOn").Description(
            "The story's historical date: the day what it tells happened, or when it first appeared in an older archive (1921-07-01 to today, China time). Left out: as it is (a new story is then dated by its submission).");
        type.Field<StringGraphType>("note").Description("A note for the record.");
    }
}

public sealed class SubmitStoryInputType : InputObjectGraphType
{
    public SubmitStoryInputType()
    {
        Name = "SubmitStoryInput";
        Description = "A new story.";
        Field<NonNullGraphType<IdGraphType>>("submittingOrganizationId").Description("The organisation submitting it: for a branch, its own or one under it.");
        StoryInputFields.AddContent(this, required: true);
    }
}

public sealed class UpdateStoryInputType : StepInputType
{
    public UpdateStoryInputType()
        : base("UpdateStoryInput", "story", "Changes to a story; fields left out stay as they are (send [] to clear a list).", withNote: false) =>
        StoryInputFields.AddContent(this, required: false);
}

public sealed class StartStoryReviewInputType() : StepInputType("StartStoryReviewInput", "story", "Which story to take into review.");
public sealed class RequestStoryChangesInputType() : StepInputType("RequestStoryChangesInput", "story", "Which story to send back, and what to change (in the note).");
public sealed class ResubmitStoryInputType() : StepInputType("ResubmitStoryInput", "story", "Which story to resubmit.");
public sealed class ApproveStoryInputType() : StepInputType("ApproveStoryInput", "story", "Which story to approve.");
public sealed class PublishStoryInputType() : StepInputType("PublishStoryInput", "story", "Which story to publish.");
public sealed class RejectStoryInputType() : StepInputType("RejectStoryInput", "story", "Which story to reject, and why (in the note).");
public sealed class ArchiveStoryInputType() : StepInputType("ArchiveStoryInput", "story", "Which story to archive.");
public sealed class FeatureStoryInputType() : StepInputType("FeatureStoryInput", "story", "Which story to feature.", withNote: false);
public sealed class UnfeatureStoryInputType() : StepInputType("UnfeatureStoryInput", "story", "Which story to stop featuring.", withNote: false);
