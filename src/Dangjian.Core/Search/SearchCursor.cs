using System.Buffers.Text;
using System.Text.Json;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace Dangjian.Core.Search;

/// <summary>
/// A search cursor: the order it was made for, the hit's sort values (tier and score, score, or date) and its key,
/// which breaks ties, so a page starts exactly after the last hit of the previous one. In date order this never
/// skips or repeats a hit; in the score orders scores can shift when the index changes between pages (as in any
/// search engine), but the tier is part of the cursor, so a page never falls back into a higher tier.
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
            switch (order)
            {
                case SearchOrder.Relevance:
                    json.WriteNumberValue((int)(J2N.Numerics.Int32)hit.Fields[0]);
                    json.WriteNumberValue((double)hit.Score);
                    break;
                case SearchOrder.BestMatch:
                    json.WriteNumberValue((double)hit.Score);
                    break;
                default:
                    json.WriteNumberValue((long)(J2N.Numerics.Int64)hit.Fields[0]);
                    break;
            }
            json.WriteStringValue(((BytesRef)hit.Fields[^1]).Utf8ToString());
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
            if (items.ValueKind != JsonValueKind.Array || items.GetArrayLength() < 3)
                return invalid;
            if (items[0].ValueKind != JsonValueKind.String || items[0].GetString() != Signature(order))
                return new Error(ErrorCodes.InvalidCursor, "The cursor was issued for a different order. Page with the order the cursor came from.", ["after"]);
            var length = order == SearchOrder.Relevance ? 4 : 3;
            if (items.GetArrayLength() != length || items[length - 1].ValueKind != JsonValueKind.String)
                return invalid;
            var key = new BytesRef(items[length - 1].GetString()!);
            switch (order)
            {
                case SearchOrder.Relevance:
                    if (!items[1].TryGetInt32(out var tier) || !TryGetScore(items[2], out var tierScore))
                        return invalid;
                    return new FieldDoc(int.MaxValue, tierScore, [(J2N.Numerics.Int32)tier, (J2N.Numerics.Single)tierScore, key]);
                case SearchOrder.BestMatch:
                    if (!TryGetScore(items[1], out var score))
                        return invalid;
                    return new FieldDoc(int.MaxValue, score, [(J2N.Numerics.Single)score, key]);
                default:
                    return items[1].TryGetInt64(out var date)
                        ? new FieldDoc(int.MaxValue, float.NaN, [(J2N.Numerics.Int64)date, key])
                        : invalid;
            }
        }
        catch (JsonException)
        {
            return invalid;
        }
    }

    private static bool TryGetScore(JsonElement item, out float score)
    {
        score = 0;
        if (!item.TryGetDouble(out var value) || !double.IsFinite(value))
            return false;
        score = (float)value;
        return true;
    }

    private static string Signature(SearchOrder order) => order switch
    {
        SearchOrder.Relevance => "tier-score-",
        SearchOrder.BestMatch => "score-",
        SearchOrder.Newest => "date-",
        _ => "date+",
    };
}
