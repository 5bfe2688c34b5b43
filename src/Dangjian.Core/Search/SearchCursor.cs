using System.Buffers.Text;
using System.Text.Json;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace Dangjian.Core.Search;

/// <summary>
/// A search cursor: the order it was made for, the hit's sort value (score or date) and its key, which breaks
/// ties, so a page starts exactly after the last hit of the previous one. In date order this never skips or
/// repeats a hit; in relevance order scores can shift when the index changes between pages (as in any search engine).
/// </summary>
internal static class SearchCursor
{
    private const int MaxLength = 1024;

    public static string Encode(SearchOrder order, FieldDoc hit)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            json.WriteStringValue(Signature(order));
            if (order == SearchOrder.Relevance)
                json.WriteNumberValue((double)hit.Score);
            else
                json.WriteNumberValue((long)(J2N.Numerics.Int64)hit.Fields[0]);
            json.WriteStringValue(((BytesRef)hit.Fields[1]).Utf8ToString());
            json.WriteEndArray();
        }
        return Base64Url.EncodeToString(buffer.ToArray());
    }

    /// <summary>The position to search after, in the form Lucene's paging collector takes.</summary>
    public static Result<FieldDoc> Decode(SearchOrder order, string cursor)
    {
        var invalid = new Error(ErrorCodes.InvalidCursor, "The cursor is not one this API issued. Use a cursor from the search's edges or pageInfo.", ["after"]);
        if (cursor.Length is 0 or > MaxLength || !Base64Url.IsValid(cursor))
            return invalid;
        try
        {
            using var json = JsonDocument.Parse(Base64Url.DecodeFromChars(cursor));
            var items = json.RootElement;
            if (items.ValueKind != JsonValueKind.Array || items.GetArrayLength() != 3 || items[2].ValueKind != JsonValueKind.String)
                return invalid;
            if (items[0].ValueKind != JsonValueKind.String || items[0].GetString() != Signature(order))
                return new Error(ErrorCodes.InvalidCursor, "The cursor was issued for a different order. Page with the order the cursor came from.", ["after"]);
            var key = new BytesRef(items[2].GetString()!);
            if (order == SearchOrder.Relevance)
            {
                if (!items[1].TryGetDouble(out var score) || !double.IsFinite(score))
                    return invalid;
                return new FieldDoc(int.MaxValue, (float)score, [(J2N.Numerics.Single)(float)score, key]);
            }
            return items[1].TryGetInt64(out var date)
                ? new FieldDoc(int.MaxValue, float.NaN, [(J2N.Numerics.Int64)date, key])
                : invalid;
        }
        catch (JsonException)
        {
            return invalid;
        }
    }

    private static string Signature(SearchOrder order) => order switch
    {
        SearchOrder.Relevance => "score-",
        SearchOrder.Newest => "date-",
        _ => "date+",
    };
}
