using Dangjian.Core.Storage;

namespace Dangjian.Tests.Support;

/// <summary>Holds the change feed's readers until opened: the index stays where it is while the gate is closed.</summary>
public sealed class FeedGate
{
    private TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task WaitAsync(CancellationToken cancellationToken) => Volatile.Read(ref _open).Task.WaitAsync(cancellationToken);

    public void Open() => Volatile.Read(ref _open).TrySetResult();

    public void Close()
    {
        var current = Volatile.Read(ref _open);
        if (current.Task.IsCompleted)
            Interlocked.CompareExchange(ref _open, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), current);
    }
}

public sealed class GatedFeedStore(IDocumentStore inner, FeedGate gate) : DelegatingDocumentStore(inner)
{
    public override async Task<IReadOnlyList<ChangeEntry>> ReadChangesAsync(long afterSequence, int max, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        return await base.ReadChangesAsync(afterSequence, max, cancellationToken);
    }
}
