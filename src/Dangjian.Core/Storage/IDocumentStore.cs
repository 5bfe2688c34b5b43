using Dangjian.Core.Documents;

namespace Dangjian.Core.Storage;

/// <summary>
/// The store port. Small on purpose: every adapter (SQLite, MongoDB) implements exactly this and passes the same
/// contract suite. Paging, cursors, visibility and validation live above it, in Core, written once.
/// </summary>
public interface IDocumentStore
{
    /// <summary>Creates tables, collections and indexes that are missing; safe to call on every start.</summary>
    Task InitializeAsync(CancellationToken cancellationToken);

    Task<T?> GetAsync<T>(DocumentKind<T> kind, string id, CancellationToken cancellationToken) where T : Document;

    /// <summary>The documents that exist among <paramref name="ids"/>, in no particular order.</summary>
    Task<IReadOnlyList<T>> GetManyAsync<T>(DocumentKind<T> kind, IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
        where T : Document;

    /// <summary>
    /// Documents matching <paramref name="filter"/> in <paramref name="sort"/> order, at most <paramref name="limit"/>.
    /// Callers end the sort with the id so that the order is total; keyset paging adds its own condition to the filter.
    /// </summary>
    Task<IReadOnlyList<T>> QueryAsync<T>(DocumentKind<T> kind, Filter filter, IReadOnlyList<SortField> sort, int limit,
        CancellationToken cancellationToken) where T : Document;

    Task<long> CountAsync(DocumentKind kind, Filter filter, CancellationToken cancellationToken);

    /// <summary>
    /// Counts of matching documents per value of one field (per element, for a list field; per calendar month, for a
    /// date field grouped by month), computed by the store. Documents whose field is empty count under a null key.
    /// </summary>
    Task<IReadOnlyList<GroupCount>> CountByAsync(DocumentKind kind, Filter filter, Grouping grouping, CancellationToken cancellationToken);

    /// <summary>
    /// Writes documents in one transaction, each with its revision, an audit entry and a change-feed entry.
    /// A write whose expected version is not the stored one (0 = must not exist) fails the whole commit with
    /// <see cref="CommitResult.Conflict"/> and changes nothing.
    /// </summary>
    Task<CommitResult> CommitAsync(Commit commit, CancellationToken cancellationToken);

    /// <summary>Change-feed entries after <paramref name="afterSequence"/>, oldest first.</summary>
    Task<IReadOnlyList<ChangeEntry>> ReadChangesAsync(long afterSequence, int max, CancellationToken cancellationToken);

    /// <summary>The newest change-feed sequence number, 0 when nothing was ever written.</summary>
    Task<long> GetLastSequenceAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Removes change-feed entries numbered up to <paramref name="throughSequence"/> and committed before
    /// <paramref name="committedBefore"/>, oldest first; returns how many. The newest entry always stays (the feed's
    /// head is read from it), and numbering goes on from it: sequences are never reused. A follower whose checkpoint is
    /// behind what was removed sees the feed start after a gap, and rebuilds from the documents instead.
    /// </summary>
    Task<long> PruneChangesAsync(long throughSequence, DateTimeOffset committedBefore, CancellationToken cancellationToken);

    /// <summary>Every revision of one document, newest first.</summary>
    Task<IReadOnlyList<Revision>> GetRevisionsAsync(DocumentKind kind, string id, CancellationToken cancellationToken);

    /// <summary>Audit entries matching the query, newest first (oldest first when it asks), at most its limit.</summary>
    Task<IReadOnlyList<AuditEntry>> QueryAuditAsync(AuditQuery query, CancellationToken cancellationToken);

    /// <summary>How many audit entries match the query's conditions and sequence bounds (its order and limit do not count).</summary>
    Task<long> CountAuditAsync(AuditQuery query, CancellationToken cancellationToken);
}
