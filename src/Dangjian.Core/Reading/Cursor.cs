using System.Text;
using Dangjian.Core.Documents;
using Dangjian.Core.Storage;

namespace Dangjian.Core.Reading;

/// <summary>
/// A keyset cursor: the sort-key values of one row plus its id, in <see cref="CursorCodec"/>'s format, bound to the
/// connection and the order it was made for. Decoding checks every value against the field's type, so a forged
/// cursor is an error, never a query.
/// </summary>
internal static class Cursor
{
    public static string Encode(DocumentKind kind, string connection, IReadOnlyList<SortField> sort, Document document) =>
        CursorCodec.Encode(connection, Signature(sort), sort.Select(key => kind.FieldsByName[key.Field].Read(document)));

    public static Result<IReadOnlyList<object?>> Decode(DocumentKind kind, string connection, IReadOnlyList<SortField> sort, string cursor,
        string argument)
    {
        var decoded = CursorCodec.Decode(connection, Signature(sort), cursor, sort.Count, argument);
        if (!decoded.IsSuccess)
            return decoded.Error!;
        var items = decoded.Value;
        var values = new List<object?>(sort.Count);
        for (var i = 0; i < sort.Count; i++)
        {
            var field = kind.FieldsByName[sort[i].Field];
            object? value;
            if (items.IsNull(i) && sort[i].Field != "id")
                value = null;
            else if (field.Type is FieldKind.Int or FieldKind.DateTime && items.TryInt64(i, out var number))
                value = number;
            else if (field.Type is FieldKind.Boolean && items.TryBoolean(i, out var flag))
                value = flag;
            else if (field.Type is not (FieldKind.Int or FieldKind.Boolean or FieldKind.DateTime) && items.TryString(i, out var text))
                value = text;
            else
                return CursorCodec.Invalid(argument);
            values.Add(value);
        }
        return values;
    }

    /// <summary>
    /// The rows strictly after <paramref name="values"/> in <paramref name="sort"/> order, as a filter. Nulls sort
    /// first ascending and last descending, as both stores order them.
    /// </summary>
    public static Filter After(IReadOnlyList<SortField> sort, IReadOnlyList<object?> values)
    {
        var alternatives = new List<Filter>(sort.Count);
        for (var i = 0; i < sort.Count; i++)
        {
            var parts = new List<Filter>(i + 1);
            for (var j = 0; j < i; j++)
                parts.Add(Filter.Eq(sort[j].Field, values[j]));
            var beyond = Beyond(sort[i], values[i]);
            if (beyond is null)
                continue;
            parts.Add(beyond);
            alternatives.Add(Filter.And(parts));
        }
        return new OrFilter(alternatives);
    }

    private static Filter? Beyond(SortField key, object? value) => (key.Direction, value) switch
    {
        (SortDirection.Ascending, null) => Filter.Not(Filter.Eq(key.Field, null)),
        (SortDirection.Ascending, _) => new Condition(key.Field, Operator.Gt, value),
        (SortDirection.Descending, null) => null,
        (_, _) => Filter.Or(new Condition(key.Field, Operator.Lt, value), Filter.Eq(key.Field, null)),
    };

    private static string Signature(IReadOnlyList<SortField> sort)
    {
        var sb = new StringBuilder();
        foreach (var key in sort)
            sb.Append(key.Field).Append(key.Direction == SortDirection.Ascending ? '+' : '-');
        return sb.ToString();
    }
}
