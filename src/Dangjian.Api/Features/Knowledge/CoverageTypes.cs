using Dangjian.Api.Features.ActivityLogs;
using Dangjian.Api.Features.Organizations;
using Dangjian.Api.Features.Stories;
using Dangjian.Api.GraphQL;
using Dangjian.Core.Knowledge;
using GraphQL.Types;

namespace Dangjian.Api.Features.Knowledge;

public sealed class OrganizationReportGraphType : ObjectGraphType<OrganizationReport>
{
    public OrganizationReportGraphType()
    {
        Name = "OrganizationReport";
        Description = "What one organisation reported against a directive or section: its activity logs and stories.";
        Field<NonNullGraphType<OrganizationGraphType>>("organization").Description("The organisation that reported.").Resolve(c => c.Source.Organization);
        Field<NonNullGraphType<IntGraphType>>("activityCount").Description("How many activities it logged.").Resolve(c => c.Source.ActivityLogs.Count);
        Field<NonNullGraphType<IntGraphType>>("storyCount").Description("How many stories it submitted (that you may see).").Resolve(c => c.Source.Stories.Count);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ActivityLogGraphType>>>>("activityLogs").Description("Its activity logs, oldest first.").Resolve(c => c.Source.ActivityLogs);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StoryGraphType>>>>("stories").Description("Its stories, oldest first.").Resolve(c => c.Source.Stories);
        Field<NonNullGraphType<DateTimeType>>("firstReportAt").Description("When its first activity took place or story was submitted.").Resolve(c => c.Source.FirstReportAt);
        Field<NonNullGraphType<DateTimeType>>("latestReportAt").Description("When its latest one did.").Resolve(c => c.Source.LatestReportAt);
    }
}

public sealed class SectionCoverageGraphType : ObjectGraphType<SectionCoverage>
{
    public SectionCoverageGraphType()
    {
        Name = "SectionCoverage";
        Description = "How one section of a directive was carried out.";
        Field<NonNullGraphType<IntGraphType>>("number").Description("The section's number.").Resolve(c => c.Source.Section.Number);
        Field<NonNullGraphType<StringGraphType>>("heading").Description("The section's heading.").Resolve(c => c.Source.Section.Heading);
        Field<NonNullGraphType<IntGraphType>>("activityCount").Description("Activities linked to the section.").Resolve(c => c.Source.ActivityLogs.Count);
        Field<NonNullGraphType<IntGraphType>>("storyCount").Description("Stories linked to the section (that you may see).").Resolve(c => c.Source.Stories.Count);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ActivityLogGraphType>>>>("activityLogs").Description("The activities linked to it.").Resolve(c => c.Source.ActivityLogs);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StoryGraphType>>>>("stories").Description("The stories linked to it.").Resolve(c => c.Source.Stories);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<OrganizationReportGraphType>>>>("reporting")
            .Description("Organisations that reported on this section, in order of their first report.").Resolve(c => c.Source.Reporting);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<OrganizationGraphType>>>>("silent")
            .Description("Addressed organisations with no report on this section, by themselves or by any organisation under them.").Resolve(c => c.Source.Silent);
        Field<DateTimeType>("firstReportAt").Description("The first report; null when none.").Resolve(c => c.Source.FirstReportAt);
        Field<DateTimeType>("latestReportAt").Description("The latest report; null when none.").Resolve(c => c.Source.LatestReportAt);
    }
}

public sealed class DirectiveCoverageGraphType : ObjectGraphType<DirectiveCoverage>
{
    public DirectiveCoverageGraphType()
    {
        Name = "DirectiveCoverage";
        Description = "How a directive was carried out: whom it was addressed to, who reported on which section, who did not, and when.";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<OrganizationGraphType>>>>("addressed")
            .Description("The organisations the addressees (主送) stand for on the issue date, e.g. 市直各基层党组织 → every organisation under the issuer.").Resolve(c => c.Source.Addressed);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("unresolvedAddressees")
            .Description("Addressees that name no known organisation; shown rather than guessed.").Resolve(c => c.Source.UnresolvedAddressees);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SectionCoverageGraphType>>>>("sections").Description("Coverage per section, in order.").Resolve(c => c.Source.Sections);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<OrganizationReportGraphType>>>>("reporting")
            .Description("Organisations that reported on any section.").Resolve(c => c.Source.Reporting);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<OrganizationGraphType>>>>("silent")
            .Description("Addressed organisations with no report on any section, by themselves or by any organisation under them.").Resolve(c => c.Source.Silent);
        Field<DateTimeType>("firstReportAt").Description("The first report on any section; null when none.").Resolve(c => c.Source.FirstReportAt);
        Field<DateTimeType>("latestReportAt").Description("The latest report; null when none.").Resolve(c => c.Source.LatestReportAt);
    }
}
