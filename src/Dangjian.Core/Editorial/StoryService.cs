using Dangjian.Core.Access;
using Dangjian.Core.Documents;

namespace Dangjian.Core.Editorial;

/// <summary>The content of a story as a branch or an editor writes it.</summary>
public sealed record StoryContent
{
    public string? Title { get; init; }
    public string? Summary { get; init; }
    public string? Body { get; init; }
    public IReadOnlyList<string>? People { get; init; }
    public IReadOnlyList<string>? OrganizationIds { get; init; }
    public IReadOnlyList<string>? Tags { get; init; }
    public IReadOnlyList<string>? SectionIds { get; init; }
    public IReadOnlyList<string>? ActivityLogIds { get; init; }

    /// <summary>The historical date (see <see cref="Story.OccurredOn"/>); null leaves it as it is.</summary>
    public DateOnly? OccurredOn { get; init; }
}

/// <summary>Submitting, editing and moving stories through the workflow, with who may do what.</summary>
public sealed class StoryService(DocumentWriter writer)
{
    public async Task<Result<Story>> SubmitAsync(Caller caller, string submittingOrganizationId, StoryContent content, string? note,
        CancellationToken cancellationToken)
    {
        if (Permissions.CanSubmitStory(caller, submittingOrganizationId) is { } refused)
            return refused;
        var rules = new InputRules();
        var story = await ValidateAsync(caller, rules, new Story
        {
            Id = DocumentWriter.NewId(),
            Title = "",
            Body = "",
            SubmittingOrganizationId = submittingOrganizationId,
            SubmittedAt = writer.Now,
            Status = StoryStatus.Submitted,
        }, content, isNew: true, cancellationToken);
        await rules.OrganizationsExistAsync(writer.Store, caller, [submittingOrganizationId], "submittingOrganizationId", cancellationToken);
        if (!rules.IsValid)
            return rules.Error!;
        return await writer.CreateAsync(caller, story, "submit", note, cancellationToken);
    }

    public async Task<Result<Story>> UpdateAsync(Caller caller, string id, long expectedVersion, StoryContent content, string? note,
        CancellationToken cancellationToken)
    {
        return await writer.UpdateAsync(caller, Kinds.Story, id, expectedVersion, async (current, ct) =>
        {
            if (Permissions.CanEditStory(caller, current) is { } refused)
                return refused;
            var rules = new InputRules();
            var edited = await ValidateAsync(caller, rules, current, content, isNew: false, ct);
            return rules.IsValid ? edited : rules.Error!;
        }, "update", note, cancellationToken);
    }

    public Task<Result<Story>> TransitionAsync(Caller caller, string id, long expectedVersion, StoryAction action, string? note,
        CancellationToken cancellationToken)
    {
        if (Permissions.RequireSignedIn(caller, "change stories") is { } refused)
            return Task.FromResult<Result<Story>>(refused);
        var rules = new InputRules();
        var cleanNote = rules.Optional(note, "note", InputRules.MaxShortText);
        if (!rules.IsValid)
            return Task.FromResult<Result<Story>>(rules.Error!);
        return writer.UpdateAsync(caller, Kinds.Story, id, expectedVersion,
            story => StoryWorkflow.Apply(story, action, caller, cleanNote, writer.Now),
            EnumNames.ToConstant(action).ToLowerInvariant(), cleanNote, cancellationToken);
    }

    public Task<Result<Story>> SetFeaturedAsync(Caller caller, string id, long expectedVersion, bool featured, CancellationToken cancellationToken)
    {
        if (Permissions.CanFeatureStories(caller) is { } refused)
            return Task.FromResult<Result<Story>>(refused);
        return writer.UpdateAsync(caller, Kinds.Story, id, expectedVersion, story => !StoryWorkflow.MayFeature(story, caller)
                ? new ForbiddenTransitionError(EnumNames.ToConstant(story.Status), featured ? "FEATURE" : "UNFEATURE",
                    $"Only a PUBLISHED story can be {(featured ? "featured" : "unfeatured")}; this one is {EnumNames.ToConstant(story.Status)}.")
                : story with { Featured = featured },
            featured ? "feature" : "unfeature", null, cancellationToken);
    }

    private async Task<Story> ValidateAsync(Caller caller, InputRules rules, Story story, StoryContent content, bool isNew,
        CancellationToken cancellationToken)
    {
        var result = story with
        {
            Title = isNew || content.Title is not null ? rules.Required(content.Title, "title", InputRules.MaxTitle) : story.Title,
            Body = isNew || content.Body is not null ? rules.Required(content.Body, "body", InputRules.MaxBody) : story.Body,
            Summary = content.Summary is null ? story.Summary : rules.Optional(content.Summary, "summary", InputRules.MaxShortText) ?? "",
            People = content.People is null ? story.People : rules.List(content.People, "people"),
            OrganizationIds = content.OrganizationIds is null ? story.OrganizationIds : rules.List(content.OrganizationIds, "organizationIds", 100),
            Tags = content.Tags is null ? story.Tags : rules.List(content.Tags, "tags"),
            SectionIds = content.SectionIds is null ? story.SectionIds : rules.List(content.SectionIds, "sectionIds", 120),
            ActivityLogIds = content.ActivityLogIds is null ? story.ActivityLogIds : rules.List(content.ActivityLogIds, "activityLogIds", 100),
            OccurredOn = content.OccurredOn ?? story.OccurredOn,
        };
        if (content.OccurredOn is { } occurredOn)
            rules.HistoricalDate(occurredOn, ChinaTime.Day(writer.Now), "occurredOn");
        if (content.OrganizationIds is not null)
            await rules.OrganizationsExistAsync(writer.Store, caller, result.OrganizationIds.ToList(), "organizationIds", cancellationToken);
        if (content.SectionIds is not null)
            await rules.SectionsExistAsync(writer.Store, caller, result.SectionIds.ToList(), "sectionIds", cancellationToken);
        if (content.ActivityLogIds is not null)
            await rules.ExistAsync(writer.Store, caller, Kinds.ActivityLog, result.ActivityLogIds.ToList(), "activityLogIds", cancellationToken);
        return result;
    }
}
