using Dangjian.Core.Knowledge;
using Dangjian.Api.GraphQL.Loading;
using Dangjian.Api.Features.Knowledge;
using Dangjian.Api.Features.ActivityLogs;
using Dangjian.Api.GraphQL;
using Dangjian.Api.GraphQL.Relay;
using Dangjian.Core.Documents;
using Dangjian.Core.Storage;
using GraphQL.Types;

namespace Dangjian.Api.Features.StudyMaterials;

public sealed class StudyMaterialGraphType : ObjectGraphType<StudyMaterial>
{
    public StudyMaterialGraphType()
    {
        Name = Kinds.StudyMaterial.TypeName;
        Description = "A text branches study (学习资料): important instructions, policy, prevention knowledge.";
        this.AddDocumentFields();
        this.AddPermalinkAndCitation(Kinds.StudyMaterial.TypeName, m => m.Id, (c, url) => LoaderResults.Value<CitationSource?>(Citations.ForStudyMaterial(c.Source, url)));
        Field(m => m.Title).Description("The title.");
        Field<NonNullGraphType<StudyMaterialKindGraphType>>("kind").Description("What kind of material it is.").Resolve(c => c.Source.Kind);
        Field(m => m.Source, nullable: true).Description("Where the text comes from.");
        Field<NonNullGraphType<DateType>>("publishedOn").Description("When it was published.").Resolve(c => c.Source.PublishedOn);
        Field(m => m.Summary).Description("A short summary.");
        Field(m => m.Body).Description("The full text.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("tags").Description("Subject tags.").Resolve(c => c.Source.Tags);
        Field<NonNullGraphType<StudyMaterialStatusGraphType>>("status").Description("Current or archived.").Resolve(c => c.Source.Status);
        this.Connection<StudyMaterial, ActivityLogGraphType, ActivityLog>("activityLogs",
            "Activities in which it was studied.",
            c => new ListCondition("studyMaterialIds", ListQuantifier.Some, Filter.Eq(ListCondition.Element, c.Source.Id)));
    }
}
