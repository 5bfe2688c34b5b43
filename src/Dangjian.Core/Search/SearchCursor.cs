using Dangjian.Core.Reading;
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
    /// <summary>The connection search cursors belong to (see <see cref="CursorCodec"/>).</summary>
    private const string Connection = "Query.search";

    public static string Encode(SearchOrder order, FieldDoc hit)
    {
        var key = ((BytesRef)hit.Fields[^1]).Utf8ToString();
        return order switch
        {
            SearchOrder.Relevance => CursorCodec.Encode(Connection, Signature(order), (int)(J2N.Numerics.Int32)hit.Fields[0], (double)hit.Score, key),
            SearchOrder.BestMatch => CursorCodec.Encode(Connection, Signature(order), (double)hit.Score, key),
            _ => CursorCodec.Encode(Connection, Signature(order), (long)(J2N.Numerics.Int64)hit.Fields[0], key),
        };
    }

    /// <summary>The position to search after, in the form Lucene's paging collector takes.</summary>
    public static Result<FieldDoc> Decode(SearchOrder order, string cursor)
    {
        var length = order == SearchOrder.Relevance ? 3 : 2;
        var decoded = CursorCodec.Decode(Connection, Signature(order), cursor, length, "after");
        if (!decoded.IsSuccess)
            return decoded.Error!;
        var items = decoded.Value;
        if (!items.TryString(length - 1, out var keyText))
            return CursorCodec.Invalid("after");
        var key = new BytesRef(keyText);
        switch (order)
        {
            case SearchOrder.Relevance:
                if (!items.TryInt32(0, out var tier) || !TryGetScore(items, 1, out var tierScore))
                    return CursorCodec.Invalid("after");
                return new FieldDoc(int.MaxValue, tierScore, [(J2N.Numerics.Int32)tier, (J2N.Numerics.Single)tierScore, key]);
            case SearchOrder.BestMatch:
                if (!TryGetScore(items, 0, out var score))
                    return CursorCodec.Invalid("after");
                return new FieldDoc(int.MaxValue, score, [(J2N.Numerics.Single)score, key]);
            default:
                return items.TryInt64(0, out var date)
                    ? new FieldDoc(int.MaxValue, float.NaN, [(J2N.Numerics.Int64)date, key])
                    : CursorCodec.Invalid("after");
        }
    }

    private static bool TryGetScore(CursorValues items, int index, out float score)
    {
        score = 0;
        if (!items.TryDouble(index, out var value))
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
