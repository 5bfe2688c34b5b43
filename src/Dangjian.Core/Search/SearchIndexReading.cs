using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace Dangjian.Core.Search;

/// <summary>
/// Reads entries' keys and versions from doc values: the index stores no copy of a document to load, so reading
/// which documents matched costs a lookup per hit, not a stored-document decompression.
/// </summary>
internal static class SearchIndexReading
{
    public static string KeyOf(IndexReader reader, int doc)
    {
        var leaves = reader.Leaves;
        var leaf = leaves[ReaderUtil.SubIndex(doc, leaves)];
        var key = new BytesRef();
        leaf.AtomicReader.GetSortedDocValues(SearchFields.Key).Get(doc - leaf.DocBase, key);
        return key.Utf8ToString();
    }

    /// <summary>The keys of every entry matching <paramref name="query"/>.</summary>
    public static List<string> Keys(IndexSearcher searcher, Query query)
    {
        var keys = new List<string>();
        SortedDocValues? values = null;
        var scratch = new BytesRef();
        searcher.Search(query, Collector.NewAnonymous(
            setScorer: _ => { },
            collect: doc =>
            {
                values!.Get(doc, scratch);
                keys.Add(scratch.Utf8ToString());
            },
            setNextReader: context => values = context.AtomicReader.GetSortedDocValues(SearchFields.Key),
            acceptsDocsOutOfOrder: () => true));
        return keys;
    }

    /// <summary>Every live entry's key and the store version it was built from.</summary>
    public static Dictionary<string, long> Versions(IndexReader reader)
    {
        var versions = new Dictionary<string, long>(reader.NumDocs, StringComparer.Ordinal);
        var scratch = new BytesRef();
        foreach (var leaf in reader.Leaves)
        {
            var atomic = leaf.AtomicReader;
            var keys = atomic.GetSortedDocValues(SearchFields.Key);
            var numbers = atomic.GetNumericDocValues(SearchFields.Version);
            var live = atomic.LiveDocs;
            if (keys is null || numbers is null)
                continue;
            for (var doc = 0; doc < atomic.MaxDoc; doc++)
            {
                if (live is not null && !live.Get(doc))
                    continue;
                keys.Get(doc, scratch);
                versions[scratch.Utf8ToString()] = numbers.Get(doc);
            }
        }
        return versions;
    }
}
