using System.Collections.Frozen;
using Dangjian.Api.Features.ActivityLogs;
using Dangjian.Api.Features.Directives;
using Dangjian.Api.Features.Organizations;
using Dangjian.Api.Features.Stories;
using Dangjian.Api.Features.StudyMaterials;
using Dangjian.Core.Documents;

namespace Dangjian.Api.GraphQL;

/// <summary>Which GraphQL enum type stands for which Core enum.</summary>
public static class EnumTypes
{
    public static readonly FrozenDictionary<Type, Type> ByClrType = new Dictionary<Type, Type>
    {
        [typeof(OrganizationKind)] = typeof(OrganizationKindGraphType),
        [typeof(DocumentType)] = typeof(DocumentTypeGraphType),
        [typeof(DirectiveStatus)] = typeof(DirectiveStatusGraphType),
        [typeof(StudyMaterialKind)] = typeof(StudyMaterialKindGraphType),
        [typeof(StudyMaterialStatus)] = typeof(StudyMaterialStatusGraphType),
        [typeof(ActivityKind)] = typeof(ActivityKindGraphType),
        [typeof(StoryStatus)] = typeof(StoryStatusGraphType),
        [typeof(DocumentAction)] = typeof(DocumentActionGraphType),
    }.ToFrozenDictionary();

    public static Type GraphTypeFor(Type clrEnum) =>
        ByClrType.TryGetValue(clrEnum, out var type) ? type : throw new InvalidOperationException($"No GraphQL type for enum {clrEnum.Name}.");
}

/// <summary>The one vocabulary of changes (revisions, audit entries, transitions, change events, refused steps).</summary>
public sealed class DocumentActionGraphType() : DescribedEnumType<DocumentAction>("DocumentAction",
    "What a change did to a document, in revisions, audit entries, story transitions, change events and refused steps alike (exports spell it the same). The story workflow's steps (StoryAction) are among them, spelt the same.",
    new Dictionary<DocumentAction, string>
    {
        [DocumentAction.Create] = "Created (a directive, study material or organisation).",
        [DocumentAction.Update] = "Edited.",
        [DocumentAction.Submit] = "A story submitted by a branch.",
        [DocumentAction.StartReview] = "startStoryReview: SUBMITTED → IN_REVIEW.",
        [DocumentAction.RequestChanges] = "requestStoryChanges: IN_REVIEW → CHANGES_REQUESTED.",
        [DocumentAction.Resubmit] = "resubmitStory: CHANGES_REQUESTED → SUBMITTED.",
        [DocumentAction.Approve] = "approveStory: IN_REVIEW → APPROVED.",
        [DocumentAction.Publish] = "Published (publishStory, publishDirective).",
        [DocumentAction.Reject] = "rejectStory: IN_REVIEW → REJECTED.",
        [DocumentAction.Archive] = "Archived (a story or study material).",
        [DocumentAction.Feature] = "A published story featured.",
        [DocumentAction.Unfeature] = "A story no longer featured.",
        [DocumentAction.Rescind] = "A directive rescinded.",
        [DocumentAction.Confirm] = "A provisional organisation confirmed by a published directive naming it.",
        [DocumentAction.Correct] = "An activity log corrected.",
        [DocumentAction.Dissolve] = "An organisation dissolved.",
        [DocumentAction.Log] = "An activity logged.",
        [DocumentAction.Import] = "A directive imported from an official document.",
        [DocumentAction.Seed] = "Loaded with the sample data.",
        [DocumentAction.Restore] = "Loaded from an export.",
    });
