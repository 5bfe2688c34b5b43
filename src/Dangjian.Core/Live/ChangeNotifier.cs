using System.Collections.Concurrent;
using Dangjian.Core.Documents;
using Dangjian.Core.Storage;

namespace Dangjian.Core.Live;

/// <summary>
/// One committed change as a subscriber sees it: the document exactly as that change left it, the one before it
/// (null for a new document), and what the change was (the write's action: submit, approve, publish, update …).
/// The change-feed sequence is deliberately not part of it: its gaps would tell a subscriber how many changes it
/// may not see.
/// </summary>
public sealed record DocumentChange(DocumentKind Kind, Document Document, Document? Previous, string Action, DateTimeOffset At);

/// <summary>Someone listening for changes: a live subscription of one client.</summary>
public interface IChangeSubscriber
{
    /// <summary>The kinds it may want; changes of other kinds cost it nothing (not even a read).</summary>
    IReadOnlySet<DocumentKind> Kinds { get; }

    /// <summary>
    /// Whether this change is one for it: its filter, and whether its caller may see the document as the change left
    /// it. Decided before anything is queued, so that what a caller may not see never reaches its buffer, its
    /// timing or its counts.
    /// </summary>
    bool Accepts(DocumentChange change);

    /// <summary>Hands over an accepted change. Must not block: a subscriber that cannot keep up drops itself.</summary>
    void Deliver(DocumentChange change);
}

/// <summary>
/// Follows the store's change feed and hands each change to the subscribers that accept it. Every API instance runs
/// its own notifier over the shared store, so a change committed through any instance reaches subscribers on every
/// instance. Each changed document is read once per change (its revision at that version, and the one before it),
/// whatever the number of subscribers, and only when some subscriber listens to its kind. Subscribers get changes
/// committed after they registered; nothing is replayed.
/// </summary>
public sealed class ChangeNotifier(IDocumentStore store, int batchSize = 500)
{
    private readonly ConcurrentDictionary<IChangeSubscriber, byte> _subscribers = new();
    private long _position = -1;

    public int SubscriberCount => _subscribers.Count;

    /// <summary>The last change-feed sequence handed out (or skipped); -1 before the first poll.</summary>
    public long Position => Interlocked.Read(ref _position);

    public IDisposable Subscribe(IChangeSubscriber subscriber)
    {
        _subscribers.TryAdd(subscriber, 0);
        return new Registration(this, subscriber);
    }

    /// <summary>
    /// Reads the next batch of changes and delivers them; returns how many changes were read (0 when caught up).
    /// The first call starts at the end of the feed: subscriptions are about what happens from now on.
    /// </summary>
    public async Task<int> PollAsync(CancellationToken cancellationToken)
    {
        if (Position < 0 || _subscribers.IsEmpty)
        {
            // Nobody listens: nothing to read but where the feed ends, so that a new subscriber starts there.
            Interlocked.Exchange(ref _position, await store.GetLastSequenceAsync(cancellationToken));
            return 0;
        }
        var changes = await store.ReadChangesAsync(Position, batchSize, cancellationToken);
        if (changes.Count == 0)
            return 0;
        var subscribers = _subscribers.Keys.ToList();
        var wanted = subscribers.SelectMany(s => s.Kinds).ToHashSet();
        var revisions = new Dictionary<(DocumentKind, string), IReadOnlyList<Revision>>();
        foreach (var entry in changes)
        {
            if (Documents.Kinds.FromTypeName(entry.Kind) is not { } kind || !wanted.Contains(kind))
                continue;
            if (!revisions.TryGetValue((kind, entry.Id), out var history))
                revisions[(kind, entry.Id)] = history = await store.GetRevisionsAsync(kind, entry.Id, cancellationToken);
            // Newest first: the revision this change made, and the one before it.
            var index = history.ToList().FindIndex(r => r.Version == entry.Version);
            if (index < 0)
                continue;
            var revision = history[index];
            var previous = index + 1 < history.Count ? history[index + 1].Document : null;
            var change = new DocumentChange(kind, revision.Document, previous, revision.Action, revision.At);
            foreach (var subscriber in subscribers)
            {
                if (subscriber.Kinds.Contains(kind) && _subscribers.ContainsKey(subscriber) && subscriber.Accepts(change))
                    subscriber.Deliver(change);
            }
        }
        Interlocked.Exchange(ref _position, changes[^1].Sequence);
        return changes.Count;
    }

    private sealed class Registration(ChangeNotifier notifier, IChangeSubscriber subscriber) : IDisposable
    {
        public void Dispose() => notifier._subscribers.TryRemove(subscriber, out _);
    }
}
