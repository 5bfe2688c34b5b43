namespace Dangjian.Core.Storage;

public enum GroupingUnit
{
    /// <summary>Each distinct value.</summary>
    Value,
    /// <summary>Each calendar month ("yyyy-MM") of a Date or DateTime field, in <see cref="Grouping.Offset"/>'s time zone.</summary>
    Month,
}

/// <summary>How to group counts: by a field's values, or by the month of a date field.</summary>
public sealed record Grouping(string Field, GroupingUnit Unit = GroupingUnit.Value)
{
    /// <summary>China Standard Time, which has no daylight saving: months of activities begin at local midnight.</summary>
    public static readonly TimeSpan ChinaStandardTime = TimeSpan.FromHours(8);

    /// <summary>The UTC offset months are counted in.</summary>
    public TimeSpan Offset { get; init; } = ChinaStandardTime;
}

/// <summary>One group: the stored value (string, long or bool; "yyyy-MM" for months) or null, and how many documents have it.</summary>
public sealed record GroupCount(object? Key, long Count);
