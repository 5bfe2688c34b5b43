namespace Dangjian.Core.Documents;

/// <summary>
/// Calendar days are days in China (UTC+8, no daylight saving since 1991), whatever the server's zone: an activity at
/// 2020-02-01 07:00 Beijing time belongs to 1 February, and a directive dated 2020-01-29 starts at midnight there.
/// </summary>
public static class ChinaTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    /// <summary>The day in China on which an instant falls.</summary>
    public static DateOnly Day(DateTimeOffset instant) => DateOnly.FromDateTime(instant.ToOffset(Offset).DateTime);

    /// <summary>The instant a day in China begins: how a calendar date sorts among instants.</summary>
    public static DateTimeOffset Midnight(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), Offset);
}
