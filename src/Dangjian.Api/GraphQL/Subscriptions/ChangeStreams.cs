using System.Collections.Concurrent;
using Dangjian.Core.Access;
using Dangjian.Core.Documents;
using Dangjian.Core.Live;

namespace Dangjian.Api.GraphQL.Subscriptions;

/// <summary>
/// The events of one subscription not yet sent to its client. Each accepted event takes a place here until the
/// transport has written its result; when every place is taken the client is too slow, and the subscription is
/// dropped (<see cref="Dropped"/>) instead of buffering without limit. Only events the caller may see ever take a
/// place, so hidden changes can neither fill it nor show through a drop.
/// </summary>
public sealed class SubscriptionSink(int capacity)
{
    public const string Key = "dangjian.subscriptionSink";

    private readonly TaskCompletionSource _dropped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _pending;

    /// <summary>Completes when the subscriber fell <see cref="SubscriptionOptions.MaxPendingEvents"/> events behind.</summary>
#pragma warning disable VSTHRD003 // A TaskCompletionSource that runs its continuations asynchronously: awaiting it cannot deadlock.
    public Task Dropped => _dropped.Task;
#pragma warning restore VSTHRD003

    public bool TryReserve()
    {
        if (Interlocked.Increment(ref _pending) <= capacity)
            return true;
        Interlocked.Decrement(ref _pending);
        _dropped.TrySetResult();
        return false;
    }

    /// <summary>An event's result was written (or discarded): its place is free.</summary>
    public void Release() => Interlocked.Decrement(ref _pending);
}

/// <summary>
/// A subscription field's event stream: registers with the <see cref="ChangeNotifier"/> when GraphQL.NET subscribes,
/// and turns each accepted change into the field's value. Acceptance is the field's filter and the caller's
/// visibility of the document as the change left it (<see cref="Visibility.CanSee"/>, the rule every read applies).
/// </summary>
public sealed class ChangeStream(
    ChangeNotifier notifier,
    Caller caller,
    IReadOnlySet<DocumentKind> kinds,
    Func<DocumentChange, object?> select,
    SubscriptionSink? sink) : IObservable<object?>
{
    public IDisposable Subscribe(IObserver<object?> observer) => notifier.Subscribe(new Subscriber(caller, kinds, select, sink, observer));

    private sealed class Subscriber(Caller caller, IReadOnlySet<DocumentKind> kinds, Func<DocumentChange, object?> select, SubscriptionSink? sink,
        IObserver<object?> observer) : IChangeSubscriber
    {
        public IReadOnlySet<DocumentKind> Kinds => kinds;

        public bool Accepts(DocumentChange change) => Visibility.CanSee(change.Document, caller) && select(change) is not null;

        public void Deliver(DocumentChange change)
        {
            if (select(change) is { } value && (sink is null || sink.TryReserve()))
                observer.OnNext(value);
        }
    }
}

/// <summary>
/// Live subscriptions and WebSockets per client (token subject, else IP address) on this instance, bounded by
/// <see cref="SubscriptionOptions.MaxSubscriptionsPerClient"/> and <see cref="SubscriptionOptions.MaxConnectionsPerClient"/>.
/// </summary>
public sealed class SubscriptionBudget
{
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);

    /// <summary>Takes one place for <paramref name="key"/>; null when it already holds <paramref name="max"/>. Dispose to give it back.</summary>
    public IDisposable? TryTake(string key, int max)
    {
        while (true)
        {
            var current = _counts.GetOrAdd(key, 0);
            if (current >= max)
                return null;
            if (_counts.TryUpdate(key, current + 1, current))
                return new Place(this, key);
        }
    }

    public int Count(string key) => _counts.GetValueOrDefault(key);

    private void Give(string key)
    {
        while (true)
        {
            var current = _counts.GetValueOrDefault(key);
            if (current <= 1)
            {
                if (_counts.TryRemove(new KeyValuePair<string, int>(key, current)) || current == 0)
                    return;
                continue;
            }
            if (_counts.TryUpdate(key, current - 1, current))
                return;
        }
    }

    private sealed class Place(SubscriptionBudget budget, string key) : IDisposable
    {
        private int _given;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _given, 1) == 0)
                budget.Give(key);
        }
    }
}
