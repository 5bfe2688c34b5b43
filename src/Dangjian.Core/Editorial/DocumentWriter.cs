using Dangjian.Core.Access;
using Dangjian.Core.Documents;
using Dangjian.Core.Storage;

namespace Dangjian.Core.Editorial;

/// <summary>
/// The one write path: every mutation loads what it changes through here, decides, and commits one new version
/// (with its revision, audit entry and change-feed entry) under optimistic concurrency. A stale version is a
/// <see cref="VersionConflictError"/> and nothing is written.
/// </summary>
public sealed class DocumentWriter(IDocumentStore store, TimeProvider time)
{
    /// <summary>The raw store, for Core's services only: it bypasses visibility, so the API layer never sees it.</summary>
    internal IDocumentStore Store => store;

    public DateTimeOffset Now => CommitStamp.Now(time);

    /// <summary>A new local id: time-ordered (UUID v7), so ids sort roughly by creation.</summary>
    public static string NewId() => Guid.CreateVersion7().ToString("N");

    public static ChangeAuthor AuthorOf(Caller caller) => new(caller.Subject ?? "anonymous", EnumNames.ToConstant(caller.Role));

    public async Task<Result<T>> CreateAsync<T>(Caller caller, T document, string action, string? note, CancellationToken cancellationToken)
        where T : Document
    {
        var result = await store.CommitAsync(new Commit(DocumentWrite.Insert(document, action, note), AuthorOf(caller)), cancellationToken);
        return result switch
        {
            CommitResult.Committed committed => (T)committed.Documents[0],
            CommitResult.Conflict => new Error(ErrorCodes.Validation, $"A {Kinds.Of(document)} with id '{document.Id}' already exists."),
            _ => throw new InvalidOperationException($"Unexpected commit result {result}."),
        };
    }

    /// <summary>
    /// Inserts several new documents in one commit (an import's directive and its new issuer): all are written or none.
    /// A document whose id exists already makes the whole commit a <see cref="CommitResult.Conflict"/>.
    /// </summary>
    public Task<CommitResult> InsertAllAsync(Caller caller, IReadOnlyList<Document> documents, string action, string? note,
        CancellationToken cancellationToken) =>
        WriteAllAsync(caller, documents.Select(d => DocumentWrite.Insert(d, action, note)).ToList(), cancellationToken);

    /// <summary>Writes several documents in one commit, inserts and updates at the versions read: all or none.</summary>
    public Task<CommitResult> WriteAllAsync(Caller caller, IReadOnlyList<DocumentWrite> writes, CancellationToken cancellationToken) =>
        store.CommitAsync(new Commit(writes, AuthorOf(caller)), cancellationToken);

    /// <summary>
    /// Loads <paramref name="id"/> as <paramref name="caller"/> sees it (what they may not see does not exist for them),
    /// checks the version they based their change on, applies <paramref name="change"/> and commits.
    /// </summary>
    public Task<Result<T>> UpdateAsync<T>(Caller caller, DocumentKind<T> kind, string id, long expectedVersion,
        Func<T, Result<T>> change, string action, string? note, CancellationToken cancellationToken) where T : Document =>
        UpdateAsync(caller, kind, id, expectedVersion, (current, _) => Task.FromResult(change(current)), action, note, cancellationToken);

    /// <summary>
    /// As above, with a change that reads (linked documents to validate): it runs on the one load of the document,
    /// so an edit loads what it changes once, and its permission and validation see the version that is committed on.
    /// </summary>
    public Task<Result<T>> UpdateAsync<T>(Caller caller, DocumentKind<T> kind, string id, long expectedVersion,
        Func<T, CancellationToken, Task<Result<T>>> change, string action, string? note, CancellationToken cancellationToken) where T : Document =>
        UpdateAsync(caller, kind, id, expectedVersion, change, static (_, _) => Task.FromResult<IReadOnlyList<DocumentWrite>>([]), action, note,
            cancellationToken);

    /// <summary>
    /// As above, and writes in the same commit what <paramref name="companions"/> says the changed document needs
    /// (a directive published with a provisional issuer confirms the issuer), so that both happen or neither.
    /// </summary>
    public async Task<Result<T>> UpdateAsync<T>(Caller caller, DocumentKind<T> kind, string id, long expectedVersion,
        Func<T, CancellationToken, Task<Result<T>>> change, Func<T, CancellationToken, Task<IReadOnlyList<DocumentWrite>>> companions,
        string action, string? note, CancellationToken cancellationToken) where T : Document
    {
        var current = await store.GetAsync(kind, id, cancellationToken);
        if (current is null || !Visibility.CanSee(current, caller))
            return Error.NotFound(kind.TypeName, id);
        if (current.Version != expectedVersion)
            return new VersionConflictError(expectedVersion, current.Version);
        var changed = await change(current, cancellationToken);
        if (!changed.IsSuccess)
            return changed.Error!;
        var also = await companions(changed.Value, cancellationToken);
        var result = await store.CommitAsync(new Commit([new DocumentWrite(changed.Value, expectedVersion, action, note), .. also], AuthorOf(caller)), cancellationToken);
        return result switch
        {
            CommitResult.Committed committed => (T)committed.Documents[0],
            // Someone committed between our read and our write: the store refused, and says what it has now.
            CommitResult.Conflict conflict => new VersionConflictError(expectedVersion, conflict.ActualVersion),
            _ => throw new InvalidOperationException($"Unexpected commit result {result}."),
        };
    }
}
