using Dangjian.Api.GraphQL;
using Dangjian.Api.GraphQL.Mutations;
using Dangjian.Core.Documents;
using Dangjian.Core.Editorial;
using GraphQL;
using GraphQL.Types;

namespace Dangjian.Api.Features.ActivityLogs;

public static class ActivityLogMutations
{
    public static void Add(ObjectGraphType mutation)
    {
        mutation.Mutation<ActivityLogGraphType, LogActivityInputType>("logActivity",
            "A branch logs what it did (or an editor for any organisation): a branch only for itself and the organisations under it.",
            "activityLog", MutationErrors.Validation | MutationErrors.Forbidden,
            async (c, input) =>
            {
                var reader = new InputReader(input);
                var organization = reader.Id("organizationId", Kinds.Organization.TypeName);
                var content = ReadContent(reader);
                return reader.Error ?? (await Service(c).LogAsync(c.Request().Caller, organization!, content, c.CancellationToken)).Boxed();
            });
        mutation.Mutation<ActivityLogGraphType, CorrectActivityLogInputType>("correctActivityLog",
            "Corrects an activity log; the earlier version stays in its revisions. Fields left out stay as they are.",
            "activityLog", MutationErrors.Update,
            async (c, input) =>
            {
                var reader = new InputReader(input);
                var id = reader.Id("id", Kinds.ActivityLog.TypeName);
                var content = ReadContent(reader);
                return reader.Error ?? (await Service(c).CorrectAsync(c.Request().Caller, id!, reader.Version(), content, reader.String("note"), c.CancellationToken)).Boxed();
            });
    }

    private static ActivityContent ReadContent(InputReader reader) => new()
    {
        Kind = reader.Enum<ActivityKind>("kind"),
        Title = reader.String("title"),
        OccurredAt = reader.DateTime("occurredAt"),
        Place = reader.String("place"),
        ParticipantCount = reader.Int("participantCount"),
        Participants = reader.Strings("participants"),
        Summary = reader.String("summary"),
        SectionIds = reader.Ids("sectionIds", DirectiveSection.TypeName),
        StudyMaterialIds = reader.Ids("studyMaterialIds", Kinds.StudyMaterial.TypeName),
        Tags = reader.Strings("tags"),
    };

    private static ActivityLogService Service(IResolveFieldContext context) => context.RequestServices!.GetRequiredService<ActivityLogService>();
}

internal static class ActivityInputFields
{
    public static void AddContent(InputObjectGraphType type, bool required)
    {
        type.Content<ActivityKindGraphType>("kind", required, "What kind of activity it was.");
        type.Content<StringGraphType>("title", required, "A one-line title.");
        type.Content<DateTimeType>("occurredAt", required, "When it took place.");
        type.Field<StringGraphType>("place").Description("Where it took place.");
        type.Field<IntGraphType>("participantCount").Description("How many people took part.");
        type.Field<ListGraphType<NonNullGraphType<StringGraphType>>>("participants").Description(
            $"The people who took part, by name (参加人员), one name per item: at most {ActivityLogService.MaxParticipants} names of at most "
            + $"{ActivityLogService.MaxParticipantName} characters, none empty, none with a line break, a control or formatting character or a list separator (、，,；;). "
            + "Spaces around a name are trimmed and a name given twice is kept once; not more names than participantCount when that is given. "
            + "On a correction, the list given replaces the one stored.");
        type.Field<StringGraphType>("summary").Description("What was done.");
        type.Field<ListGraphType<NonNullGraphType<IdGraphType>>>("sectionIds").Description("The directive sections it carries out.");
        type.Field<ListGraphType<NonNullGraphType<IdGraphType>>>("studyMaterialIds").Description("The study materials used.");
        type.Field<ListGraphType<NonNullGraphType<StringGraphType>>>("tags").Description("Subject tags.");
    }
}

public sealed class LogActivityInputType : InputObjectGraphType
{
    public LogActivityInputType()
    {
        Name = "LogActivityInput";
        Description = "A new activity log.";
        Field<NonNullGraphType<IdGraphType>>("organizationId").Description("The organisation that did it: for a branch, itself or one under it.");
        ActivityInputFields.AddContent(this, required: true);
    }
}

public sealed class CorrectActivityLogInputType : StepInputType
{
    public CorrectActivityLogInputType()
        : base("CorrectActivityLogInput", "activity log", "Corrections to an activity log; fields left out stay as they are.") =>
        ActivityInputFields.AddContent(this, required: false);
}
