using Dangjian.Api.Features.ActivityLogs;
using Dangjian.Api.Features.Organizations;
using Dangjian.Api.Features.Stories;
using Dangjian.Api.GraphQL;
using Dangjian.Api.GraphQL.Filtering;
using Dangjian.Core.Documents;
using Dangjian.Core.Knowledge;
using Dangjian.Core.Reading;
using Dangjian.Core.Storage;
using GraphQL;
using GraphQL.Types;

namespace Dangjian.Api.Features.Knowledge;

public static class StatisticsQueries
{
    public static void Add(ObjectGraphType query)
    {
        query.Field<StatisticsGraphType>("statistics")
            .Description("Counts of activity logs and stories by kind or status, by month, by tag and by organisation (with the organisations under it), computed by the store.")
            .Argument<StatisticsFilterInputType>("where", "Limit the counts to a period, a directive, or an organisation and those under it.")
            .ResolveAsync(async c =>
            {
                var where = SimpleWhere.Of(c.GetArgument<Dictionary<string, object?>?>("where"));
                var (from, to) = where.Days("date");
                var statisticsQuery = new StatisticsQuery
                {
                    // Whole days in China: from the first day's midnight to the last millisecond of the last day.
                    From = from is { } first ? ChinaTime.Midnight(first) : null,
                    To = to is { } last ? ChinaTime.Midnight(last.AddDays(1)).AddMilliseconds(-1) : null,
                    DirectiveId = where.Id("directiveId", Kinds.Directive.TypeName),
                    OrganizationId = where.Id("organizationId", Kinds.Organization.TypeName),
                };
                if (where.Error is { } bad)
                    return c.Fail(bad);
                var result = await c.RequestServices!.GetRequiredService<StatisticsService>().ComputeAsync(statisticsQuery, c.Request().Caller, c.CancellationToken);
                return result.IsSuccess ? result.Value : c.Fail(result.Error!);
            });
    }
}

public sealed class StatisticsFilterInputType : InputObjectGraphType
{
    public StatisticsFilterInputType()
    {
        Name = "StatisticsFilterInput";
        Description = "What to count. Activities are dated by when they took place, stories by their historical date (occurredOn) where they have one, else by when they were submitted.";
        Field<DateOperationFilterInputType>("date").Description("The days counted, in China (eq, gt, gte, lt, lte): activities by the day they took place, stories by their historical date (occurredOn) or else the day they were submitted.");
        Field<IdOperationFilterInputType>("directiveId").Description("Only what is linked to a section of this directive (eq).");
        Field<IdOperationFilterInputType>("organizationId").Description("Only what this organisation and the organisations under it did (eq).");
    }
}

public sealed class StatisticsGraphType : ObjectGraphType<Statistics>
{
    public StatisticsGraphType()
    {
        Name = "Statistics";
        Description = "Counts for a dashboard; stories count only where you may see them.";
        Field<NonNullGraphType<ActivityLogStatisticsGraphType>>("activityLogs").Description("Activity logs.").Resolve(c => c.Source.ActivityLogs);
        Field<NonNullGraphType<StoryStatisticsGraphType>>("stories").Description("Stories.").Resolve(c => c.Source.Stories);
    }
}

public sealed class ActivityLogStatisticsGraphType : ObjectGraphType<KindStatistics>
{
    public ActivityLogStatisticsGraphType()
    {
        Name = "ActivityLogStatistics";
        Description = "Counts of activity logs.";
        Field<NonNullGraphType<IntGraphType>>("total").Description("How many in all.").Resolve(c => checked((int)c.Source.Total));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ActivityKindCountGraphType>>>>("byKind").Description("Per kind of activity.").Resolve(c => c.Source.ByCategory);
        StatisticsFields.AddCommon(this, "By the month it took place (China Standard Time).");
    }
}

public sealed class StoryStatisticsGraphType : ObjectGraphType<KindStatistics>
{
    public StoryStatisticsGraphType()
    {
        Name = "StoryStatistics";
        Description = "Counts of stories.";
        Field<NonNullGraphType<IntGraphType>>("total").Description("How many in all.").Resolve(c => checked((int)c.Source.Total));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StoryStatusCountGraphType>>>>("byStatus").Description("Per workflow status.").Resolve(c => c.Source.ByCategory);
        StatisticsFields.AddCommon(this, "By the month of its historical date (occurredOn), else of its submission (China Standard Time).");
    }
}

internal static class StatisticsFields
{
    public static void AddCommon(ObjectGraphType<KindStatistics> type, string monthDescription)
    {
        type.Field<NonNullGraphType<ListGraphType<NonNullGraphType<MonthCountGraphType>>>>("byMonth").Description(monthDescription).Resolve(c => c.Source.ByMonth);
        type.Field<NonNullGraphType<ListGraphType<NonNullGraphType<OrganizationCountGraphType>>>>("byOrganization")
            .Description("Per organisation, with the count of the organisations under it rolled up; busiest subtree first.").Resolve(c => c.Source.ByOrganization);
        // Nullable, unlike its siblings: a refused `first` answers null with the error, not a broken parent.
        type.Field<ListGraphType<NonNullGraphType<TagCountGraphType>>>("byTag")
            .Description("Per tag, most frequent first (then by tag): a document counts once under each of its tags, and one without tags under none. Null, with an error, when `first` is refused.")
            .Argument<IntGraphType>("first", "How many tags (default 20, at most 100).")
            .Resolve(c =>
            {
                var size = c.RequestServices!.GetRequiredService<PagingOptions>().CheckPageSize(c.GetArgument<int?>("first"), "first");
                return size.IsSuccess ? c.Source.ByTag.Take(size.Value).ToList() : c.Fail(size.Error!);
            });
    }
}

public sealed class MonthCountGraphType : ObjectGraphType<GroupCount>
{
    public MonthCountGraphType()
    {
        Name = "MonthCount";
        Description = "A count for one calendar month.";
        Field<NonNullGraphType<StringGraphType>>("month").Description("The month, YYYY-MM.").Resolve(c => c.Source.Key as string ?? "");
        Field<NonNullGraphType<IntGraphType>>("count").Description("How many.").Resolve(c => checked((int)c.Source.Count));
    }
}

public sealed class TagCountGraphType : ObjectGraphType<GroupCount>
{
    public TagCountGraphType()
    {
        Name = "TagCount";
        Description = "A count for one tag.";
        Field<NonNullGraphType<StringGraphType>>("tag").Description("The tag, as written on the documents.").Resolve(c => c.Source.Key as string ?? "");
        Field<NonNullGraphType<IntGraphType>>("count").Description("How many carry it.").Resolve(c => checked((int)c.Source.Count));
    }
}

public sealed class ActivityKindCountGraphType : ObjectGraphType<GroupCount>
{
    public ActivityKindCountGraphType()
    {
        Name = "ActivityKindCount";
        Description = "A count for one kind of activity.";
        Field<NonNullGraphType<ActivityKindGraphType>>("kind").Description("The kind.").Resolve(c => EnumNames.TryParse<ActivityKind>((string)c.Source.Key!, out var kind) ? kind : ActivityKind.Other);
        Field<NonNullGraphType<IntGraphType>>("count").Description("How many.").Resolve(c => checked((int)c.Source.Count));
    }
}

public sealed class StoryStatusCountGraphType : ObjectGraphType<GroupCount>
{
    public StoryStatusCountGraphType()
    {
        Name = "StoryStatusCount";
        Description = "A count for one story status.";
        Field<NonNullGraphType<StoryStatusGraphType>>("status").Description("The status.").Resolve(c => EnumNames.TryParse<StoryStatus>((string)c.Source.Key!, out var status) ? status : StoryStatus.Submitted);
        Field<NonNullGraphType<IntGraphType>>("count").Description("How many.").Resolve(c => checked((int)c.Source.Count));
    }
}

public sealed class OrganizationCountGraphType : ObjectGraphType<OrganizationCount>
{
    public OrganizationCountGraphType()
    {
        Name = "OrganizationCount";
        Description = "Counts for one organisation.";
        Field<NonNullGraphType<OrganizationGraphType>>("organization").Description("The organisation.").Resolve(c => c.Source.Organization);
        Field<NonNullGraphType<IntGraphType>>("count").Description("Its own.").Resolve(c => checked((int)c.Source.Count));
        Field<NonNullGraphType<IntGraphType>>("subtreeCount").Description("Its own and those of every organisation under it.").Resolve(c => checked((int)c.Source.SubtreeCount));
    }
}
