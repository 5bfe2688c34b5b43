using System.Globalization;
using Dangjian.Core.Access;
using Dangjian.Core.Documents;
using Dangjian.Core.Reading;
using Dangjian.Core.Storage;

namespace Dangjian.Core.Knowledge;

/// <summary>Which way the timeline runs.</summary>
public enum TimelineOrder
{
    /// <summary>Latest first: what happened most recently at the top.</summary>
    Newest,
    /// <summary>Earliest first: a chronicle, read from the beginning.</summary>
    Oldest,
}

public sealed record TimelineQuery
{
    public int First { get; init; } = 20;

    public TimelineOrder Order { get; init; } = TimelineOrder.Newest;

    public string? After { get; init; }

    /// <summary>Only what this organisation and the organisations under it issued, did or submitted (study materials have no organisation and drop out).</summary>
    public string? OrganizationId { get; init; }

    public DateTimeOffset? From { get; init; }

    public DateTimeOffset? To { get; init; }

    /// <summary>Only these kinds; all when null or empty.</summary>
    public IReadOnlyList<DocumentKind>? Kinds { get; init; }
}

/// <summary>One item on the timeline and the instant it is dated by.</summary>
public sealed record TimelineItem(Document Document, DateTimeOffset At, string Cursor);

public sealed record TimelinePage(IReadOnlyList<TimelineItem> Items, bool HasNextPage, bool HasPreviousPage, Func<CancellationToken, Task<long>> CountAsync);

/// <summary>
/// Every kind of document on one date-ordered line, newest or oldest first: directives by issue date, study materials
/// by publication date, activities by when they took place, stories by their historical date (occurredOn) or else when they were submitted. A calendar date
/// counts as midnight China time. Each kind is read with its own keyset (in the line's direction, one page plus one),
/// and the pages are merged; ties are ordered by kind (directives first in both directions: they prompt the rest),
/// then by id in the line's direction, so the order is total and a cursor never skips or repeats an item. A cursor
/// belongs to its direction: the other one refuses it.
/// </summary>
public sealed class TimelineService(IDocumentStore store)
{

    /// <summary>One kind on the timeline; its rank (its place in <see cref="Documents.Kinds.Dated"/>) orders kinds within one instant.</summary>
    private sealed record Lane(DocumentKind Kind, int Rank)
    {
        public string DateField => Kind.DateField!.Name;

        public string? OrganizationField => Kind.OrganizationField?.Name;
    }

    private static readonly Lane[] Lanes = Documents.Kinds.Dated.Select((kind, rank) => new Lane(kind, rank)).ToArray();

    public async Task<Result<TimelinePage>> PageAsync(TimelineQuery query, Caller caller, CancellationToken cancellationToken)
    {
        var ascending = query.Order == TimelineOrder.Oldest;
        Position? after = null;
        if (query.After is not null)
        {
            var decoded = Position.Decode(query.After, ascending);
            if (!decoded.IsSuccess)
                return decoded.Error!;
            after = decoded.Value;
        }
        if (query.From > query.To)
            return Error.Validation("from must not be after to.", "where", "from");
        IReadOnlyList<object?>? scope = null;
        if (query.OrganizationId is not null)
        {
            scope = (await store.SubtreeAsync(query.OrganizationId, cancellationToken)).Cast<object?>().ToList();
        }

        var lanes = Lanes.Where(l => query.Kinds is not { Count: > 0 } || query.Kinds.Contains(l.Kind))
            .Where(l => scope is null || l.OrganizationField is not null)
            .ToList();
        var candidates = new List<(Document Document, DateTimeOffset At, int Rank)>();
        foreach (var lane in lanes)
        {
            var filter = Filter.And(LaneFilter(lane, caller, query, scope), after is null ? null : After(lane, after, ascending));
            var direction = ascending ? SortDirection.Ascending : SortDirection.Descending;
            var order = new[] { new SortField(lane.DateField, direction), new SortField("id", direction) };
            foreach (var document in await store.QueryAsync(lane.Kind, filter, order, query.First + 1, cancellationToken))
                candidates.Add((document, lane.Kind.DatedAt(document)!.Value, lane.Rank));
        }
        var ordered = (ascending
                ? candidates.OrderBy(c => c.At).ThenBy(c => c.Rank).ThenBy(c => c.Document.Id, StringComparer.Ordinal)
                : candidates.OrderByDescending(c => c.At).ThenBy(c => c.Rank).ThenByDescending(c => c.Document.Id, StringComparer.Ordinal))
            .ToList();
        var items = ordered.Take(query.First)
            .Select(c => new TimelineItem(c.Document, c.At, new Position(c.At.ToUnixTimeMilliseconds(), c.Rank, c.Document.Id).Encode(ascending)))
            .ToList();
        return new TimelinePage(items, ordered.Count > query.First, after is not null, async ct =>
        {
            long total = 0;
            foreach (var lane in lanes)
                total += await store.CountAsync(lane.Kind, LaneFilter(lane, caller, query, scope), ct);
            return total;
        });
    }

    private static Filter LaneFilter(Lane lane, Caller caller, TimelineQuery query, IReadOnlyList<object?>? scope) => Filter.And(
        Visibility.FilterFor(lane.Kind, caller),
        scope is null ? null : Filter.In(lane.OrganizationField!, scope),
        query.From is null ? null : new Condition(lane.DateField, Operator.Gte, Bound(lane, query.From.Value)),
        query.To is null ? null : new Condition(lane.DateField, Operator.Lte, Bound(lane, query.To.Value)));

    /// <summary>The items of a lane that come after <paramref name="cursor"/> in timeline order (older ones, or newer ones when <paramref name="ascending"/>).</summary>
    private static Filter After(Lane lane, Position cursor, bool ascending)
    {
        // Within one instant, kinds are ordered by rank (both ways) and then ids in the line's direction.
        var beyond = ascending ? Operator.Gt : Operator.Lt;
        Filter tie = lane.Rank > cursor.Rank ? Filter.All
            : lane.Rank < cursor.Rank ? new OrFilter([])
            : new Condition("id", beyond, cursor.Id);
        var at = DateTimeOffset.FromUnixTimeMilliseconds(cursor.At);
        if (IsDateField(lane))
        {
            var day = ChinaTime.Day(at);
            var midnight = ChinaTime.Midnight(day);
            var dayText = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            // A date sorts as its midnight. If the cursor is later that day, going back the whole day is still to
            // come, and going forward the whole day has been seen.
            if (at > midnight)
                return new Condition(lane.DateField, ascending ? Operator.Gt : Operator.Lte, dayText);
            return Filter.Or(new Condition(lane.DateField, beyond, dayText), Filter.And(Filter.Eq(lane.DateField, dayText), tie));
        }
        return Filter.Or(new Condition(lane.DateField, beyond, at), Filter.And(Filter.Eq(lane.DateField, at), tie));
    }

    private static object Bound(Lane lane, DateTimeOffset at) => IsDateField(lane)
        ? ChinaTime.Day(at)
        : at;

    private static bool IsDateField(Lane lane) => lane.Kind.DateField!.Type == FieldKind.Date;

    /// <summary>A timeline cursor: the instant, the kind's rank and the id of the last item seen.</summary>
    private sealed record Position(long At, int Rank, string Id)
    {
        private const string Connection = "Query.timeline";

        private static string Order(bool ascending) => ascending ? "at+rank+id+" : "at-rank+id-";

        public string Encode(bool ascending) => CursorCodec.Encode(Connection, Order(ascending), At, Rank, Id);

        public static Result<Position> Decode(string cursor, bool ascending)
        {
            var decoded = CursorCodec.Decode(Connection, Order(ascending), cursor, 3, "after");
            if (!decoded.IsSuccess)
                return decoded.Error!;
            var items = decoded.Value;
            return items.TryInt64(0, out var at) && items.TryInt32(1, out var rank) && rank >= 0 && rank < Lanes.Length
                && items.TryString(2, out var id) && id.Length is > 0 and <= 100
                ? new Position(at, rank, id)
                : CursorCodec.Invalid("after");
        }
    }
}
