namespace Dangjian.Tests.Support;

/// <summary>A clock stopped at one instant, for outputs that contain today's date.</summary>
public sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now.ToUniversalTime();
}
