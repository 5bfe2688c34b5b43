using Dangjian.Core.Knowledge;
using Dangjian.Api.GraphQL.Loading;
using Dangjian.Api.Features.Knowledge;
using Dangjian.Api.Features.ActivityLogs;
using Dangjian.Api.Features.Directives;
using Dangjian.Api.Features.Organizations;
using Dangjian.Api.Features.Search;
using Dangjian.Api.GraphQL;
using Dangjian.Core.Access;
using Dangjian.Core.Documents;
using Dangjian.Core.Editorial;
using GraphQL.Types;

namespace Dangjian.Api.Features.Stories;

public sealed class StoryGraphType : ObjectGraphType<Story>
{
    public StoryGraphType()
    {
        Name = Kinds.Story.TypeName;
        Description = "An exemplary story (先进典型和感人事迹) submitted by a branch and curated by editors.";
        this.AddDocumentFields();
        this.AddPermalinkAndCitation(Kinds.Story.TypeName, s => s.Id, (c, url) =>
            c.Request().Loader(Kinds.Organization).Load(c.Source.SubmittingOrganizationId).Then(o => (CitationSource?)Citations.ForStory(c.Source, o?.Name ?? "佚名", url)));
        Field(s => s.Title).Description("The title.");
        Field(s => s.Summary).Description("A short summary.");
        Field(s => s.Body).Description("The story, as plain text or Markdown.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("people")
            .Description("The people it is about, by name.").Resolve(c => c.Source.People);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<OrganizationGraphType>>>>("organizations")
            .Description("The organisations it is about.")
            .Resolve(c => c.Request().Loader(Kinds.Organization).LoadMany(c.Source.OrganizationIds));
        Field<NonNullGraphType<OrganizationGraphType>>("submittingOrganization")
            .Description("The organisation that submitted it.")
            .Resolve(c => c.Request().Loader(Kinds.Organization).Load(c.Source.SubmittingOrganizationId));
        Field<NonNullGraphType<StoryStatusGraphType>>("status").Description("Where it stands in the editorial workflow.").Resolve(c => c.Source.Status);
        Field(s => s.Featured).Description("Picked by editors for prominent display.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("tags").Description("Subject tags.").Resolve(c => c.Source.Tags);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<DirectiveSectionGraphType>>>>("sections")
            .Description("The directive sections it exemplifies.")
            .Resolve(c => c.LoadSections(c.Source.SectionIds));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ActivityLogGraphType>>>>("activityLogs")
            .Description("The activities it tells of.")
            .Resolve(c => c.Request().Loader(Kinds.ActivityLog).LoadMany(c.Source.ActivityLogIds));
        Field<NonNullGraphType<DateTimeType>>("submittedAt").Description("When the branch submitted it.").Resolve(c => c.Source.SubmittedAt);
        Field<DateTimeType>("publishedAt").Description("When it was published here; null until then.").Resolve(c => c.Source.PublishedAt);
        Field<DateType>("occurredOn")
            .Description("Its historical date, kept apart from when it was entered (createdAt, submittedAt): the day what it tells happened, or when it first appeared in an older archive. Null when it is dated by its submission.")
            .Resolve(c => c.Source.OccurredOn);
        Field<NonNullGraphType<DateTimeType>>("datedAt")
            .Description("The instant the timeline, statistics and coverage date it by: occurredOn at midnight China time where set, else submittedAt.")
            .Resolve(c => c.Source.DatedAt());
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<PossibleDuplicateGraphType>>>>("possibleDuplicates")
            .Description("Other stories this one may be the same as (a repost: the same text submitted again, with a few words changed), most similar first, at most 5, from a similarity of 0.5: shown to editors as \"possibly the same as …\" when it is submitted. Editors only; empty for others.")
            .ResolveAsync(async c => (await c.Request().Reader.PossibleDuplicatesAsync(c.Source, c.CancellationToken))
                .Select(d => new PossibleDuplicate(d.Story, d.Similarity)).ToList());
        Field<NonNullGraphType<StringGraphType>>("bodyHtml")
            .Description("The body rendered from Markdown to HTML and sanitised: no scripts, event handlers, styles, images or non-web links survive.")
            .Resolve(c => c.RequestServices!.GetRequiredService<MarkdownRenderer>().ToSafeHtml(c.Source.Body));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StoryTransitionGraphType>>>>("transitions")
            .Description("Every workflow step taken, oldest first, for editors and the submitting branch; for others only its publication (when, not by whom or why).")
            .Resolve(c => LinkVisibility.TransitionsFor(c.Source, c.Request().Caller));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StoryRevisionGraphType>>>>("revisions")
            .Description("Every stored version, newest first, with who changed what. Editors, and the submitting branch, only; empty for others.")
            .ResolveAsync(async c => await RevisionFields.LoadAsync(c, c.Source));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StoryActionGraphType>>>>("allowedActions")
            .Description("The workflow steps the caller may take on the story now, by the workflow table (editors; the submitting branch may resubmit); empty for readers.")
            .Resolve(c => StoryWorkflow.AllowedActions(c.Source, c.Request().Caller));
        Field<NonNullGraphType<BooleanGraphType>>("canFeature")
            .Description("Whether the caller may feature or stop featuring the story now (featureStory, unfeatureStory): editors, on a published story.")
            .Resolve(c => StoryWorkflow.MayFeature(c.Source, c.Request().Caller));
        this.AddRelatedField();
    }
}
