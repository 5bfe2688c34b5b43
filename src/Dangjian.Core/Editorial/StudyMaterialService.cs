using Dangjian.Core.Access;
using Dangjian.Core.Documents;

namespace Dangjian.Core.Editorial;

public sealed record StudyMaterialContent
{
    public string? Title { get; init; }
    public StudyMaterialKind? Kind { get; init; }
    public string? Source { get; init; }
    public DateOnly? PublishedOn { get; init; }
    public string? Summary { get; init; }
    public string? Body { get; init; }
    public IReadOnlyList<string>? Tags { get; init; }
}

public sealed class StudyMaterialService(DocumentWriter writer)
{
    public async Task<Result<StudyMaterial>> CreateAsync(Caller caller, StudyMaterialContent content, CancellationToken cancellationToken)
    {
        if (Permissions.RequireEditor(caller, "create study materials") is { } denied)
            return denied;
        var rules = new InputRules();
        if (content.Kind is null)
            rules.Fail("kind is required.", "kind");
        if (content.PublishedOn is null)
            rules.Fail("publishedOn is required.", "publishedOn");
        var material = Apply(rules, new StudyMaterial
        {
            Id = DocumentWriter.NewId(),
            Title = "",
            Kind = content.Kind ?? StudyMaterialKind.Other,
            PublishedOn = content.PublishedOn ?? default,
        }, content, isNew: true);
        return rules.IsValid ? await writer.CreateAsync(caller, material, "create", null, cancellationToken) : rules.Error!;
    }

    public async Task<Result<StudyMaterial>> UpdateAsync(Caller caller, string id, long expectedVersion, StudyMaterialContent content, string? note,
        CancellationToken cancellationToken)
    {
        if (Permissions.RequireEditor(caller, "edit study materials") is { } denied)
            return denied;
        var rules = new InputRules();
        var cleanNote = rules.Optional(note, "note", InputRules.MaxShortText);
        return rules.IsValid
            ? await writer.UpdateAsync(caller, Kinds.StudyMaterial, id, expectedVersion, current =>
            {
                var edited = Apply(rules, current, content, isNew: false);
                return rules.IsValid ? edited : rules.Error!;
            }, "update", cleanNote, cancellationToken)
            : rules.Error!;
    }

    public Task<Result<StudyMaterial>> ArchiveAsync(Caller caller, string id, long expectedVersion, string? note, CancellationToken cancellationToken)
    {
        if (Permissions.RequireEditor(caller, "archive study materials") is { } denied)
            return Task.FromResult<Result<StudyMaterial>>(denied);
        return writer.UpdateAsync(caller, Kinds.StudyMaterial, id, expectedVersion, material => material.Status == StudyMaterialStatus.Archived
                ? new ForbiddenTransitionError("ARCHIVED", "ARCHIVE", "The study material is already archived.")
                : material with { Status = StudyMaterialStatus.Archived },
            "archive", note, cancellationToken);
    }

    private static StudyMaterial Apply(InputRules rules, StudyMaterial material, StudyMaterialContent content, bool isNew) => material with
    {
        Title = isNew || content.Title is not null ? rules.Required(content.Title, "title", InputRules.MaxTitle) : material.Title,
        Kind = content.Kind ?? material.Kind,
        Source = content.Source is null ? material.Source : rules.Optional(content.Source, "source", InputRules.MaxTitle),
        PublishedOn = content.PublishedOn ?? material.PublishedOn,
        Summary = content.Summary is null ? material.Summary : rules.Optional(content.Summary, "summary", InputRules.MaxShortText) ?? "",
        Body = isNew || content.Body is not null ? rules.Required(content.Body, "body", InputRules.MaxBody) : material.Body,
        Tags = content.Tags is null ? material.Tags : rules.List(content.Tags, "tags"),
    };
}
