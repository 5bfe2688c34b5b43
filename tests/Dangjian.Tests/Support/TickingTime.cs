namespace Dangjian.Tests.Support;

/// <summary>
/// A clock that moves on by a millisecond at every reading, from the real time it was made. A commit reads the clock
/// once and stamps all of its change-feed entries with that time, so under this clock every commit has its own time
/// and a test can count the commits behind a run of the feed.
/// </summary>
public sealed class TickingTime : TimeProvider
{
    private readonly DateTimeOffset _start = TimeProvider.System.GetUtcNow();
    private long _readings;

    public override DateTimeOffset GetUtcNow() => _start.AddMilliseconds(Interlocked.Increment(ref _readings));
}
