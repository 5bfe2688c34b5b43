using Dangjian.Core.Storage;

namespace Dangjian.Core.Reading;

public sealed class PagingOptions
{
    public const string Section = "Dangjian:Paging";

    public int DefaultPageSize { get; set; } = 20;

    public int MaxPageSize { get; set; } = 100;

    /// <summary>The page size to use for a requested one (null = the default), or the error that says why it cannot be.</summary>
    public Result<int> CheckPageSize(int? requested, string argument) => CheckPageSize(requested, argument, DefaultPageSize, MaxPageSize, paged: true);

    /// <summary>
    /// The one page-size rule, for the cursor-paged lists above and for short lists with a bound of their own
    /// (<c>related</c>). A list without cursors (<paramref name="paged"/> false) has no next page to read the rest
    /// from, so a size beyond its bound is simply not a size it takes: <c>INVALID_PAGE_SIZE</c>, not <c>PAGE_SIZE_EXCEEDED</c>.
    /// </summary>
    public static Result<int> CheckPageSize(int? requested, string argument, int defaultSize, int maxSize, bool paged)
    {
        var size = requested ?? defaultSize;
        if (size < 0)
            return new Error(ErrorCodes.InvalidPageSize, $"{argument} must be zero or more, not {size}.", [argument]);
        if (size > maxSize)
        {
            return paged
                ? new Error(ErrorCodes.PageSizeExceeded, $"{argument} may be at most {maxSize}, not {size}. Page with cursors to read more.", [argument])
                : new Error(ErrorCodes.InvalidPageSize, $"{argument} must be from 0 to {maxSize}, not {size}.", [argument]);
        }
        return size;
    }
}

/// <summary>A Relay-style page request: first/after forwards or last/before backwards, with a filter and an order.</summary>
public sealed record PageRequest
{
    public int? First { get; init; }

    public string? After { get; init; }

    public int? Last { get; init; }

    public string? Before { get; init; }

    /// <summary>The client's filter; visibility and scope are added to it, never replaced by it.</summary>
    public Filter Where { get; init; } = Filter.All;

    /// <summary>The client's order; the id is appended as the final tie-breaker.</summary>
    public IReadOnlyList<SortField> Order { get; init; } = [];

    /// <summary>
    /// What is paged (e.g. "Query.stories", "Organization.stories:o1"), written into every cursor: a cursor from one
    /// connection is refused by another. Null means the kind's own list.
    /// </summary>
    public string? Connection { get; init; }
}

public sealed record Edge<T>(string Cursor, T Node);

public sealed record PageInfo(bool HasNextPage, bool HasPreviousPage, string? StartCursor, string? EndCursor);

/// <summary>A page of documents. <see cref="CountAsync"/> runs only when a client asks for the total.</summary>
public sealed record Page<T>(IReadOnlyList<Edge<T>> Edges, PageInfo PageInfo, Func<CancellationToken, Task<long>> CountAsync)
{
    public IEnumerable<T> Nodes => Edges.Select(e => e.Node);
}
