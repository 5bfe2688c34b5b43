using Dangjian.Core.Access;
using Dangjian.Core.Documents;

namespace Dangjian.Core.Editorial;

public sealed record ActivityContent
{
    public ActivityKind? Kind { get; init; }
    public string? Title { get; init; }
    public DateTimeOffset? OccurredAt { get; init; }
    public string? Place { get; init; }
    public int? ParticipantCount { get; init; }
    public IReadOnlyList<string>? Participants { get; init; }
    public string? Summary { get; init; }
    public IReadOnlyList<string>? SectionIds { get; init; }
    public IReadOnlyList<string>? StudyMaterialIds { get; init; }
    public IReadOnlyList<string>? Tags { get; init; }
}

/// <summary>Logging what a branch did, and correcting a log later (a new version; the old one stays in the revisions).</summary>
public sealed class ActivityLogService(DocumentWriter writer)
{
    /// <summary>
    /// People an activity log may name: a branch meeting names its dozen members, a mobilisation meeting a few hundred;
    /// beyond that a list of names is no longer what a researcher reads or searches (the count says how many came).
    /// </summary>
    public const int MaxParticipants = 500;

    /// <summary>Long enough for any Chinese name and for transliterated ones (阿卜杜热合曼·买买提), short enough to be one name.</summary>
    public const int MaxParticipantName = 50;

    public async Task<Result<ActivityLog>> LogAsync(Caller caller, string organizationId, ActivityContent content, CancellationToken cancellationToken)
    {
        if (Permissions.RequireScope(caller, organizationId, "log activities") is { } denied)
            return denied;
        var rules = new InputRules();
        if (content.Kind is null)
            rules.Fail("kind is required.", "kind");
        if (content.OccurredAt is null)
            rules.Fail("occurredAt is required.", "occurredAt");
        var log = await ValidateAsync(caller, rules, new ActivityLog
        {
            Id = DocumentWriter.NewId(),
            OrganizationId = organizationId,
            Kind = content.Kind ?? ActivityKind.Other,
            Title = "",
            OccurredAt = content.OccurredAt ?? default,
        }, content, isNew: true, cancellationToken);
        await rules.OrganizationsExistAsync(writer.Store, caller, [organizationId], "organizationId", cancellationToken);
        return rules.IsValid ? await writer.CreateAsync(caller, log, "log", null, cancellationToken) : rules.Error!;
    }

    public async Task<Result<ActivityLog>> CorrectAsync(Caller caller, string id, long expectedVersion, ActivityContent content, string? note,
        CancellationToken cancellationToken)
    {
        var noteRules = new InputRules();
        var cleanNote = noteRules.Optional(note, "note", InputRules.MaxShortText);
        return await writer.UpdateAsync(caller, Kinds.ActivityLog, id, expectedVersion, async (current, ct) =>
        {
            if (Permissions.RequireScope(caller, current.OrganizationId, "correct activity logs") is { } denied)
                return denied;
            var rules = new InputRules();
            var corrected = await ValidateAsync(caller, rules, current, content, isNew: false, ct);
            rules.Optional(note, "note", InputRules.MaxShortText);
            return rules.IsValid ? corrected : rules.Error!;
        }, "correct", cleanNote, cancellationToken);
    }

    private async Task<ActivityLog> ValidateAsync(Caller caller, InputRules rules, ActivityLog log, ActivityContent content, bool isNew,
        CancellationToken cancellationToken)
    {
        var result = log with
        {
            Kind = content.Kind ?? log.Kind,
            Title = isNew || content.Title is not null ? rules.Required(content.Title, "title", InputRules.MaxTitle) : log.Title,
            OccurredAt = content.OccurredAt ?? log.OccurredAt,
            Place = content.Place is null ? log.Place : rules.Optional(content.Place, "place", InputRules.MaxTitle),
            ParticipantCount = content.ParticipantCount ?? log.ParticipantCount,
            Participants = content.Participants is null ? log.Participants
                : rules.Names(content.Participants, "participants", MaxParticipants, MaxParticipantName),
            Summary = content.Summary is null ? log.Summary : rules.Optional(content.Summary, "summary", InputRules.MaxBody) ?? "",
            SectionIds = content.SectionIds is null ? log.SectionIds : rules.List(content.SectionIds, "sectionIds", 120),
            StudyMaterialIds = content.StudyMaterialIds is null ? log.StudyMaterialIds : rules.List(content.StudyMaterialIds, "studyMaterialIds", 100),
            Tags = content.Tags is null ? log.Tags : rules.List(content.Tags, "tags"),
        };
        rules.Range(result.ParticipantCount, 0, 100_000, "participantCount");
        // A count of 0 says nobody counted; a count given cannot be below the people named (the log would contradict itself).
        if (result.ParticipantCount > 0 && result.Participants.Count > result.ParticipantCount)
            rules.Fail($"participants names {result.Participants.Count} people, more than participantCount ({result.ParticipantCount}).", "participants");
        rules.NotBefore(result.OccurredAt, ChinaTime.Midnight(new DateOnly(1921, 7, 1)), "occurredAt");
        rules.NotAfter(result.OccurredAt, writer.Now.AddDays(1), "occurredAt");
        if (content.SectionIds is not null)
            await rules.SectionsExistAsync(writer.Store, caller, result.SectionIds.ToList(), "sectionIds", cancellationToken);
        if (content.StudyMaterialIds is not null)
            await rules.ExistAsync(writer.Store, caller, Kinds.StudyMaterial, result.StudyMaterialIds.ToList(), "studyMaterialIds", cancellationToken);
        return result;
    }
}
