using Dangjian.Core.Knowledge;
using Dangjian.Api.GraphQL.Loading;
using Dangjian.Api.Features.Knowledge;
using Dangjian.Api.Features.Directives;
using Dangjian.Api.Features.Organizations;
using Dangjian.Api.Features.Stories;
using Dangjian.Api.Features.StudyMaterials;
using Dangjian.Api.GraphQL;
using Dangjian.Api.GraphQL.Relay;
using Dangjian.Core.Documents;
using Dangjian.Core.Storage;
using GraphQL.Types;

namespace Dangjian.Api.Features.ActivityLogs;

public sealed class ActivityLogGraphType : ObjectGraphType<ActivityLog>
{
    public ActivityLogGraphType()
    {
        Name = Kinds.ActivityLog.TypeName;
        Description = "What a branch did (支部活动记录), and which directive sections it carries out.";
        this.AddDocumentFields();
        this.AddPermalinkAndCitation(Kinds.ActivityLog.TypeName, a => a.Id, (c, url) =>
            c.Request().Loader(Kinds.Organization).Load(c.Source.OrganizationId).Then(o => (CitationSource?)Citations.ForActivityLog(c.Source, o?.Name ?? "佚名", url)));
        Field<NonNullGraphType<OrganizationGraphType>>("organization")
            .Description("The organisation that did it.")
            .Resolve(c => c.Request().Loader(Kinds.Organization).Load(c.Source.OrganizationId));
        Field<NonNullGraphType<ActivityKindGraphType>>("kind").Description("What kind of activity it was.").Resolve(c => c.Source.Kind);
        Field(a => a.Title).Description("A one-line title.");
        Field<NonNullGraphType<DateTimeType>>("occurredAt").Description("When it took place.").Resolve(c => c.Source.OccurredAt);
        Field(a => a.Place, nullable: true).Description("Where it took place.");
        Field(a => a.ParticipantCount).Description("How many people took part.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("participants")
            .Description("The people who took part, by name (参加人员); searched, and filterable with `participants: { some: { eq: \"…\" } }`. Empty when the log names nobody.")
            .Resolve(c => c.Source.Participants);
        Field(a => a.Summary).Description("What was done.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<DirectiveSectionGraphType>>>>("sections")
            .Description("The directive sections it carries out.")
            .Resolve(c => c.LoadSections(c.Source.SectionIds));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StudyMaterialGraphType>>>>("studyMaterials")
            .Description("The study materials used.")
            .Resolve(c => c.Request().Loader(Kinds.StudyMaterial).LoadMany(c.Source.StudyMaterialIds));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("tags").Description("Subject tags.").Resolve(c => c.Source.Tags);
        this.Connection<ActivityLog, StoryGraphType, Story>("stories",
            "Stories that tell of this activity.",
            c => new ListCondition("activityLogIds", ListQuantifier.Some, Filter.Eq(ListCondition.Element, c.Source.Id)));
    }
}
