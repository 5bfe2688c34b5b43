using Dangjian.Core.Documents;

namespace Dangjian.Core.Storage;

/// <summary>Who made a change and why: recorded in every revision and audit entry the commit writes.</summary>
public sealed record ChangeAuthor(string Actor, string? Role = null)
{
    public static readonly ChangeAuthor System = new("system", "SYSTEM");
}

/// <summary>One document to write. <paramref name="ExpectedVersion"/> 0 means insert.</summary>
public sealed record DocumentWrite(Document Document, long ExpectedVersion, string Action, string? Note = null)
{
    /// <summary>
    /// One of <see cref="DocumentAction"/> as stored (start_review): the API shows every stored action as that enum,
    /// so a write with an action outside it is a programming error, caught on the first test that makes it.
    /// </summary>
    public string Action { get; } = DocumentActions.Parse(Action) is not null
        ? Action
        : throw new ArgumentException($"'{Action}' is not a DocumentAction; add it there first.", nameof(Action));

    public static DocumentWrite Insert(Document document, string action = "create", string? note = null) => new(document, 0, action, note);
}

public sealed record Commit(IReadOnlyList<DocumentWrite> Writes, ChangeAuthor Author)
{
    public Commit(DocumentWrite write, ChangeAuthor author) : this([write], author)
    {
    }
}

/// <summary>
/// What a store stamps on a committed document, the same in every store: the next version, the time of its first
/// commit as created, this commit's time as updated, to the millisecond (what both stores keep).
/// </summary>
public static class CommitStamp
{
    public static DateTimeOffset Now(TimeProvider time) => DateTimeOffset.FromUnixTimeMilliseconds(time.GetUtcNow().ToUnixTimeMilliseconds());

    /// <param name="currentVersion">The stored version, 0 when the document is new.</param>
    /// <param name="createdAt">When the stored document was created; null when it is new.</param>
    public static Document Stamp(Document document, long currentVersion, DateTimeOffset? createdAt, DateTimeOffset now) =>
        document with { Version = currentVersion + 1, CreatedAt = createdAt ?? now, UpdatedAt = now };
}

public abstract record CommitResult
{
    /// <summary>The documents as stored, with their new versions and times, in the order written.</summary>
    public sealed record Committed(IReadOnlyList<Document> Documents, long LastSequence) : CommitResult;

    /// <summary>A write's expected version was not the stored one; <paramref name="ActualVersion"/> 0 = not found.</summary>
    public sealed record Conflict(string Kind, string Id, long ExpectedVersion, long ActualVersion) : CommitResult;
}

public sealed record ChangeEntry(long Sequence, string Kind, string Id, long Version, DateTimeOffset At);

public sealed record Revision(long Version, DateTimeOffset At, string Actor, string Action, string? Note, Document Document);

public sealed record AuditEntry(
    long Sequence,
    DateTimeOffset At,
    string Actor,
    string? Role,
    string Action,
    string Kind,
    string DocumentId,
    long Version,
    string? Note);

/// <summary>
/// Entries matching every condition given, newest first (or oldest first with <see cref="OldestFirst"/>), between the
/// sequences given: <see cref="BeforeSequence"/> keeps older entries, <see cref="AfterSequence"/> newer ones. Reading
/// oldest first after a sequence is how a page before a cursor is found (Relay's last/before), as the documents'
/// keyset reads the reversed order.
/// </summary>
public sealed record AuditQuery
{
    public string? Actor { get; init; }

    public string? Kind { get; init; }

    public string? DocumentId { get; init; }

    public string? Action { get; init; }

    public DateTimeOffset? From { get; init; }

    public DateTimeOffset? To { get; init; }

    /// <summary>Only entries numbered below this one (older).</summary>
    public long? BeforeSequence { get; init; }

    /// <summary>Only entries numbered above this one (newer).</summary>
    public long? AfterSequence { get; init; }

    /// <summary>Oldest first instead of newest first.</summary>
    public bool OldestFirst { get; init; }

    public int Limit { get; init; } = 50;
}
