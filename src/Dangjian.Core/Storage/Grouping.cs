using Dangjian.Core.Documents;

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
    /// <summary>The UTC offset months are counted in: China's, so months of activities begin at local midnight there.</summary>
    public TimeSpan Offset { get; init; } = ChinaTime.Offset;
}

/// <summary>One group: the stored value (string, long or bool; "yyyy-MM" for months) or null, and how many documents have it.</summary>
public sealed record GroupCount(object? Key, long Count);
