namespace Dangjian.Core.Storage;

public enum SortDirection
{
    Ascending,
    Descending,
}

/// <summary>One sort key. Stores order nulls first when ascending and last when descending.</summary>
public sealed record SortField(string Field, SortDirection Direction)
{
    public SortField Reversed() => this with { Direction = Direction == SortDirection.Ascending ? SortDirection.Descending : SortDirection.Ascending };

    public override string ToString() => $"{Field} {(Direction == SortDirection.Ascending ? "ASC" : "DESC")}";
}
