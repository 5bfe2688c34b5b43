using Dangjian.Core.Access;
using Dangjian.Core.Documents;
using Dangjian.Core.Storage;

namespace Dangjian.Core.Reading;

/// <summary>
/// Every read on behalf of a caller goes through here: visibility is applied to lookups, links, lists and counts
/// alike, and paging (keyset cursors both ways) is written once for every store.
/// </summary>
public sealed class DocumentReader(IDocumentStore store, Caller caller, PagingOptions paging)
{
    public Caller Caller => caller;

    public async Task<T?> GetAsync<T>(DocumentKind<T> kind, string id, CancellationToken cancellationToken) where T : Document
    {
        var document = await store.GetAsync(kind, id, cancellationToken);
        return document is not null && Visibility.CanSee(document, caller) ? document : null;
    }

    /// <summary>The visible documents among <paramref name="ids"/>, by id.</summary>
    public async Task<IReadOnlyDictionary<string, T>> GetManyAsync<T>(DocumentKind<T> kind, IReadOnlyCollection<string> ids,
        CancellationToken cancellationToken) where T : Document
    {
        var documents = await store.GetManyAsync(kind, ids, cancellationToken);
        return documents.Where(d => Visibility.CanSee(d, caller)).ToDictionary(d => d.Id, StringComparer.Ordinal);
    }

    /// <summary>One document of a kind known only at run time, or null when it does not exist or the caller may not see it.</summary>
    public async Task<Document?> GetAsync(DocumentKind kind, string id, CancellationToken cancellationToken)
    {
        var document = await store.GetAsync(kind, id, cancellationToken);
        return document is not null && Visibility.CanSee(document, caller) ? document : null;
    }

    /// <summary>The visible documents among <paramref name="ids"/> of a kind known only at run time.</summary>
    public async Task<IReadOnlyList<Document>> GetManyAsync(DocumentKind kind, IReadOnlyCollection<string> ids, CancellationToken cancellationToken) =>
        (await store.GetManyAsync(kind, ids, cancellationToken)).Where(d => Visibility.CanSee(d, caller)).ToList();

    /// <summary>
    /// The documents as the caller may see them: links to documents they may not see left out, a story's workflow
    /// reduced to its public facts (<see cref="LinkVisibility"/>). For what is written out whole (/d/{id}, exports).
    /// </summary>
    public Task<IReadOnlyList<Document>> RedactAsync(IReadOnlyList<Document> documents, CancellationToken cancellationToken) =>
        new LinkVisibility(store, caller).RedactAsync(documents, cancellationToken);

    /// <summary>The ids of an organisation and every organisation under it (organisations are visible to every caller).</summary>
    public Task<IReadOnlySet<string>> OrganizationSubtreeAsync(string organizationId, CancellationToken cancellationToken) =>
        store.SubtreeAsync(organizationId, cancellationToken);

    /// <summary>Every revision of <paramref name="document"/>, newest first; none when the caller may not read its revisions.</summary>
    public async Task<IReadOnlyList<Revision>> GetRevisionsAsync(Document document, CancellationToken cancellationToken) =>
        Visibility.CanSee(document, caller) && Permissions.CanReadRevisions(caller, document)
            ? await store.GetRevisionsAsync(Kinds.Of(document), document.Id, cancellationToken)
            : [];

    /// <summary>
    /// Stories that may be the same as <paramref name="story"/> (a repost), most similar first: candidates sharing a
    /// MinHash band, compared exactly (<see cref="Editorial.NearDuplicates"/>). For editors only; empty for others.
    /// </summary>
    public async Task<IReadOnlyList<(Story Story, double Similarity)>> PossibleDuplicatesAsync(Story story, CancellationToken cancellationToken)
    {
        if (!Permissions.CanSeePossibleDuplicates(caller))
            return [];
        var bands = Editorial.NearDuplicates.BandsOf(story);
        if (bands.Count == 0)
            return [];
        var filter = Filter.And(
            Visibility.FilterFor(Kinds.Story, caller),
            Filter.Not(Filter.Eq("id", story.Id)),
            new ListCondition("similarityBands", ListQuantifier.Some, Filter.In(ListCondition.Element, bands.Cast<object?>().ToList())));
        var candidates = await store.QueryAsync(Kinds.Story, filter, [new SortField("id", SortDirection.Ascending)], Editorial.NearDuplicates.MaxCandidates, cancellationToken);
        var shingles = Editorial.NearDuplicates.Shingles(story);
        return candidates
            .Select(c => (Story: c, Similarity: Editorial.NearDuplicates.Similarity(shingles, Editorial.NearDuplicates.Shingles(c))))
            .Where(c => c.Similarity >= Editorial.NearDuplicates.Threshold)
            .OrderByDescending(c => c.Similarity).ThenBy(c => c.Story.Id, StringComparer.Ordinal)
            .Take(Editorial.NearDuplicates.MaxShown)
            .ToList();
    }

    /// <summary>Why the caller may not read the audit log; null when they may.</summary>
    public Error? AuditLogRefusal => Permissions.RequireAdmin(caller, "read the audit log");

    /// <summary>Audit entries matching <paramref name="query"/>, newest first, for an admin.</summary>
    public async Task<Result<IReadOnlyList<AuditEntry>>> QueryAuditAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        if (AuditLogRefusal is { } refused)
            return refused;
        return Result<IReadOnlyList<AuditEntry>>.Success(await store.QueryAuditAsync(query, cancellationToken));
    }

    /// <summary>
    /// One page of the audit log (newest first) for an admin, paged as the document lists are: first/after forwards,
    /// last/before backwards, cursors bound to <see cref="PageRequest.Connection"/>. The log's key is its sequence,
    /// unique and never reused, so a cursor is that one number. The request's where and order are not read: the
    /// conditions are <paramref name="conditions"/>, and the log has one order.
    /// </summary>
    public async Task<Result<Page<AuditEntry>>> PageAuditAsync(AuditQuery conditions, PageRequest request, CancellationToken cancellationToken)
    {
        if (AuditLogRefusal is { } refused)
            return refused;
        var size = PageSize(request);
        if (!size.IsSuccess)
            return size.Error!;
        var connection = request.Connection ?? "auditLog";
        var bounds = conditions with { BeforeSequence = null, AfterSequence = null };
        foreach (var (cursor, argument) in new[] { (request.After, "after"), (request.Before, "before") })
        {
            if (cursor is null)
                continue;
            var decoded = CursorCodec.Decode(connection, AuditOrder, cursor, 1, argument);
            if (!decoded.IsSuccess)
                return decoded.Error!;
            if (!decoded.Value.TryInt64(0, out var sequence))
                return CursorCodec.Invalid(argument);
            // Newest first: what follows a cursor is older (a lower sequence), what precedes it newer.
            bounds = argument == "after" ? bounds with { BeforeSequence = sequence } : bounds with { AfterSequence = sequence };
        }
        var backwards = request.Last is not null;
        var rows = await store.QueryAuditAsync(bounds with { OldestFirst = backwards, Limit = size.Value + 1 }, cancellationToken);
        var hasMore = rows.Count > size.Value;
        var items = rows.Take(size.Value).ToList();
        if (backwards)
            items.Reverse();
        var edges = items.Select(e => new Edge<AuditEntry>(CursorCodec.Encode(connection, AuditOrder, e.Sequence), e)).ToList();
        // The log is never pruned, so a cursor on the other side means that entry lies beyond this page.
        var info = new PageInfo(
            HasNextPage: backwards ? request.Before is not null : hasMore,
            HasPreviousPage: backwards ? hasMore : request.After is not null,
            StartCursor: edges.FirstOrDefault()?.Cursor,
            EndCursor: edges.LastOrDefault()?.Cursor);
        var counted = conditions with { BeforeSequence = null, AfterSequence = null };
        return new Page<AuditEntry>(edges, info, ct => store.CountAuditAsync(counted, ct));
    }

    /// <summary>The audit log's one order (by sequence, newest first), as written in its cursors.</summary>
    private const string AuditOrder = "sequence-";

    /// <summary>
    /// <paramref name="where"/> with its conditions through relations (<c>submittingOrganization: { name: … }</c>) turned
    /// into conditions on the links, reading the linked documents as this caller may see them, at most
    /// <paramref name="maxMatches"/> for each (<see cref="RelationFilters"/>). Done before <see cref="PageAsync"/>, which
    /// takes a filter a store can run.
    /// </summary>
    public Task<Result<Filter>> ResolveRelationsAsync(DocumentKind kind, Filter where, int maxMatches, CancellationToken cancellationToken) =>
        new RelationFilters(store, caller).ResolveAsync(kind, where, maxMatches, cancellationToken);

    /// <summary>One page of <paramref name="kind"/> within <paramref name="scope"/> (e.g. "stories of this organisation").</summary>
    public async Task<Result<Page<T>>> PageAsync<T>(DocumentKind<T> kind, PageRequest request, Filter? scope,
        CancellationToken cancellationToken) where T : Document
    {
        var size = PageSize(request);
        if (!size.IsSuccess)
            return size.Error!;
        var backwards = request.Last is not null;
        var connection = request.Connection ?? kind.TypeName;
        var order = request.Order.Where(s => s.Field != "id").Append(new SortField("id", request.Order.FirstOrDefault(s => s.Field == "id")?.Direction ?? SortDirection.Ascending)).ToList();

        // Links to what the caller may not see are not there for them, in filters as in answers.
        var where = await new LinkVisibility(store, caller).RestrictAsync(kind, request.Where, cancellationToken);
        var baseFilter = Filter.And(Visibility.FilterFor(kind, caller), scope, where);
        var keyset = new List<Filter>(2);
        foreach (var (cursor, reversed) in new[] { (request.After, false), (request.Before, true) })
        {
            if (cursor is null)
                continue;
            var decoded = Cursor.Decode(kind, connection, order, cursor, reversed ? "before" : "after");
            if (!decoded.IsSuccess)
                return decoded.Error!;
            keyset.Add(Cursor.After(reversed ? order.Select(s => s.Reversed()).ToList() : order, decoded.Value));
        }
        var queryOrder = backwards ? order.Select(s => s.Reversed()).ToList() : order;
        var rows = await store.QueryAsync(kind, Filter.And([baseFilter, .. keyset]), queryOrder, size.Value + 1, cancellationToken);

        var hasMore = rows.Count > size.Value;
        var items = rows.Take(size.Value).ToList();
        if (backwards)
            items.Reverse();
        var edges = items.Select(d => new Edge<T>(Cursor.Encode(kind, connection, order, d), d)).ToList();
        // A cursor on the other side means at least that row lies beyond this page (nothing is ever hard-deleted).
        var info = new PageInfo(
            HasNextPage: backwards ? request.Before is not null : hasMore,
            HasPreviousPage: backwards ? hasMore : request.After is not null,
            StartCursor: edges.FirstOrDefault()?.Cursor,
            EndCursor: edges.LastOrDefault()?.Cursor);
        return new Page<T>(edges, info, ct => store.CountAsync(kind, baseFilter, ct));
    }

    private Result<int> PageSize(PageRequest request)
    {
        if (request.First is not null && request.Last is not null)
            return new Error(ErrorCodes.InvalidPaging, "Pass either first (with after) or last (with before), not both.");
        return request.Last is not null ? paging.CheckPageSize(request.Last, "last") : paging.CheckPageSize(request.First, "first");
    }
}

/// <summary>
/// Makes the reader for one caller: how every endpoint (GraphQL, permalinks, the search export) reads, so that none of
/// them holds the raw store, which bypasses visibility.
/// </summary>
public sealed class DocumentReaders(IDocumentStore store, PagingOptions paging)
{
    public DocumentReader For(Caller caller) => new(store, caller, paging);
}
