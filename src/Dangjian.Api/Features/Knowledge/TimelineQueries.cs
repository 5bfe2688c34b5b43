using Dangjian.Api.Features.ActivityLogs;
using Dangjian.Api.Features.Directives;
using Dangjian.Api.Features.Stories;
using Dangjian.Api.Features.StudyMaterials;
using Dangjian.Api.GraphQL;
using Dangjian.Api.GraphQL.Filtering;
using Dangjian.Api.GraphQL.Mutations;
using Dangjian.Api.GraphQL.Relay;
using Dangjian.Core;
using Dangjian.Core.Documents;
using Dangjian.Core.Knowledge;
using Dangjian.Core.Reading;
using Dangjian.Core.Storage;
using GraphQL;
using GraphQL.Types;

namespace Dangjian.Api.Features.Knowledge;

public static class TimelineQueries
{
    public static void Add(ObjectGraphType query)
    {
        query.Field<TimelineConnectionGraphType>("timeline")
            .Description("Directives, study materials, activity logs and stories on one line, newest first (or oldest first): what happened, in order.")
            .Argument<IntGraphType>("first", "How many items (default 20, at most 100).")
            .Argument<StringGraphType>("after", "Items after this cursor in the line's order (older ones newest first, newer ones oldest first); a cursor from the other order is refused.")
            .Argument<ListGraphType<NonNullGraphType<TimelineSortInputType>>>("order", "Which way the line runs, in HotChocolate's sort shape with one element: [{ at: DESC }] newest first (the default) or [{ at: ASC }] oldest first.")
            .Argument<TimelineFilterInputType>("where", "Limit the line to an organisation and those under it, a period, or some kinds.")
            .ResolveAsync(async c =>
            {
                var paging = c.RequestServices!.GetRequiredService<PagingOptions>();
                var first = c.GetArgument<int?>("first");
                var size = paging.CheckPageSize(first, "first");
                if (!size.IsSuccess)
                    return c.Fail(size.Error!);
                var order = TimelineSortInputType.Parse(c.GetArgument<object?>("order"));
                if (!order.IsSuccess)
                    return c.Fail(order.Error!);
                var reader = new InputReader(c.GetArgument<Dictionary<string, object?>?>("where") ?? []);
                var kinds = reader.List<DocumentKind>("kinds");
                var timelineQuery = new TimelineQuery
                {
                    First = size.Value,
                    Order = order.Value,
                    After = c.GetArgument<string?>("after"),
                    OrganizationId = reader.Id("organizationId", Kinds.Organization.TypeName),
                    // Days, as in search: from the first day's midnight in China to the end of the last day.
                    From = reader.Date("from") is { } from ? ChinaTime.Midnight(from) : null,
                    To = reader.Date("to") is { } to ? ChinaTime.Midnight(to.AddDays(1)).AddMilliseconds(-1) : null,
                    Kinds = kinds,
                };
                if (reader.Error is { } bad)
                    return c.Fail(bad);
                var page = await c.RequestServices!.GetRequiredService<TimelineService>().PageAsync(timelineQuery, c.Request().Caller, c.CancellationToken);
                return page.IsSuccess ? page.Value : c.Fail(page.Error!);
            });
    }
}

/// <summary>
/// <c>order</c> for the timeline in the lists' sort shape, as a HotChocolate client writes it. One key: the line is
/// ordered by the instant each item is dated by (ties by kind, then id), and its cursor is kept on that key.
/// </summary>
public sealed class TimelineSortInputType : InputObjectGraphType
{
    public TimelineSortInputType()
    {
        Name = "TimelineSortInput";
        Description = "Which way the timeline runs; give one element, e.g. [{ at: ASC }]. Items dated at the same instant come directives first either way (they prompt the rest).";
        Field<SortEnumType>("at").Description("By the instant an item is dated by (the edge's at): DESC latest first, what happened most recently at the top; ASC earliest first, a chronicle read from the beginning.");
    }

    public static Result<TimelineOrder> Parse(object? order)
    {
        var fields = (order as IEnumerable<object?> ?? []).OfType<IDictionary<string, object?>>()
            .SelectMany(e => e.Where(p => p.Value is not null)).ToList();
        return fields.Count switch
        {
            0 => TimelineOrder.Newest,
            1 => (SortDirection)fields[0].Value! == SortDirection.Ascending ? TimelineOrder.Oldest : TimelineOrder.Newest,
            _ => new Error(ErrorCodes.InvalidSort, "The timeline is ordered by one field; give one, e.g. order: [{ at: ASC }].", ["order"]),
        };
    }
}

public sealed class TimelineKindGraphType : EnumerationGraphType
{
    public TimelineKindGraphType()
    {
        Name = "TimelineKind";
        Description = "A kind of document on the timeline.";
        this.AddKinds(Kinds.Dated, k => k.DatedDescription!);
    }
}

public sealed class TimelineFilterInputType : InputObjectGraphType
{
    public TimelineFilterInputType()
    {
        Name = "TimelineFilterInput";
        Description = "What the timeline shows; all given conditions hold.";
        Field<IdGraphType>("organizationId").Description("Only what this organisation and those under it issued, did or submitted (study materials drop out).");
        Field<DateType>("from").Description("From this day on, in China (as search's date range).");
        Field<DateType>("to").Description("Up to and including this day.");
        Field<ListGraphType<NonNullGraphType<TimelineKindGraphType>>>("kinds").Description("Only these kinds.");
    }
}

public sealed class TimelineItemUnionType : UnionGraphType
{
    public TimelineItemUnionType()
    {
        Name = "TimelineItem";
        Description = "Anything on the timeline.";
        Type<DirectiveGraphType>();
        Type<StudyMaterialGraphType>();
        Type<ActivityLogGraphType>();
        Type<StoryGraphType>();
    }
}

public sealed class TimelineEdgeGraphType : ObjectGraphType<TimelineItem>
{
    public TimelineEdgeGraphType()
    {
        Name = "TimelineEdge";
        Description = "An item on the timeline, with its date and cursor.";
        Field<NonNullGraphType<StringGraphType>>("cursor").Description("Pass as `after`, with the same order, for the items that follow.").Resolve(c => c.Source.Cursor);
        Field<NonNullGraphType<DateTimeType>>("at").Description("The instant it is dated by (a calendar date as midnight China time).").Resolve(c => c.Source.At);
        Field<NonNullGraphType<TimelineItemUnionType>>("node").Description("The document.").Resolve(c => c.Source.Document);
    }
}

public sealed class TimelineConnectionGraphType : ObjectGraphType<TimelinePage>
{
    public TimelineConnectionGraphType()
    {
        Name = "TimelineConnection";
        Description = "A page of the timeline.";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<TimelineEdgeGraphType>>>>("edges").Description("The items with their dates and cursors.").Resolve(c => c.Source.Items);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<TimelineItemUnionType>>>>("nodes").Description("The items.").Resolve(c => c.Source.Items.Select(i => i.Document));
        Field<NonNullGraphType<PageInfoType>>("pageInfo").Description("Whether more items follow in the line's order (older ones newest first, newer ones oldest first).").Resolve(c => new PageInfo(c.Source.HasNextPage, c.Source.HasPreviousPage,
            c.Source.Items.FirstOrDefault()?.Cursor, c.Source.Items.LastOrDefault()?.Cursor));
        Field<NonNullGraphType<IntGraphType>>("totalCount").Description("How many items match in all (counted only when asked for).")
            .ResolveAsync(async c => (object?)checked((int)await c.Source.CountAsync(c.CancellationToken)));
    }
}
