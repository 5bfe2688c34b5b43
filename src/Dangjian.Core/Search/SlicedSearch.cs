using System.Runtime.ExceptionServices;
using Lucene.Net.Index;
using Lucene.Net.Search;

namespace Dangjian.Core.Search;

/// <summary>
/// One search on several cores: the index's documents are cut into contiguous slices of about equal size (whole
/// segments, or a range of one segment), each scored on its own thread into its own collector, and the caller merges
/// the collectors. A document's score does not depend on which slice it falls in, so the merged result is the one
/// sequential search gives.
/// <para>
/// Why not <c>IndexSearcher</c>'s executor: it parallelises only the searches that create their own collectors (not
/// ours, with facets and a deadline), and only across segments, while a merged million-document index holds most of
/// its documents in one segment. Here a slice that covers part of a segment advances its scorer to the slice's first
/// document; one that covers whole segments scores them with Lucene's bulk scorer as a sequential search does.
/// </para>
/// </summary>
internal static class SlicedSearch
{
    /// <summary>How many slices a search over <paramref name="reader"/> is cut into: one per <paramref name="minDocumentsPerSlice"/> documents, at most <paramref name="maxSlices"/>.</summary>
    public static int SliceCount(IndexReader reader, int maxSlices, int minDocumentsPerSlice) =>
        Math.Clamp(reader.MaxDoc / Math.Max(1, minDocumentsPerSlice), 1, Math.Max(1, maxSlices));

    /// <summary>
    /// Scores <paramref name="query"/> (limited by <paramref name="filter"/>) into one collector per slice. A collector's
    /// exception (a deadline, a cancellation) ends the search and is rethrown as itself.
    /// </summary>
    public static void Search(IndexSearcher searcher, Query query, Filter? filter, IReadOnlyList<ICollector> collectors, CancellationToken cancellationToken)
    {
        // One weight for every slice: its statistics (idf, the visible ones where the searcher counts only those) are
        // taken once, so every slice scores with the same numbers.
        var weight = searcher.CreateNormalizedWeight(BitsFirst.Filter(query, filter));
        var slices = Cut(searcher.IndexReader, collectors.Count);
        if (slices.Count == 1)
        {
            Score(weight, slices[0], collectors[0]);
            return;
        }
        try
        {
            Parallel.For(0, slices.Count, new ParallelOptions { MaxDegreeOfParallelism = slices.Count, CancellationToken = cancellationToken },
                i => Score(weight, slices[i], collectors[i]));
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            // The caller handles a deadline (TimeoutException) and an abandoned request as a sequential search raises them.
            ExceptionDispatchInfo.Capture(e.InnerExceptions.FirstOrDefault(x => x is OperationCanceledException) ?? e.InnerExceptions[0]).Throw();
        }
    }

    internal readonly record struct Range(AtomicReaderContext Leaf, int From, int To);

    /// <summary>
    /// <paramref name="count"/> contiguous runs of the index's documents (global ids) of about equal size, each as the
    /// ranges of the segments it covers; fewer when the index has fewer documents than that, one empty run when it has none.
    /// </summary>
    internal static List<List<Range>> Cut(IndexReader reader, int count)
    {
        var total = reader.MaxDoc;
        var slices = new List<List<Range>>();
        for (var k = 0; k < count; k++)
        {
            var start = (int)((long)total * k / count);
            var end = (int)((long)total * (k + 1) / count);
            var slice = new List<Range>();
            foreach (var leaf in reader.Leaves)
            {
                var from = Math.Max(start - leaf.DocBase, 0);
                var to = Math.Min(end - leaf.DocBase, leaf.AtomicReader.MaxDoc);
                if (from < to)
                    slice.Add(new Range(leaf, from, to));
            }
            if (slice.Count > 0)
                slices.Add(slice);
        }
        if (slices.Count == 0)
            slices.Add([]);
        return slices;
    }

    private static void Score(Weight weight, List<Range> slice, ICollector collector)
    {
        foreach (var (leaf, from, to) in slice)
        {
            collector.SetNextReader(leaf);
            var live = leaf.AtomicReader.LiveDocs;
            if (from == 0 && to == leaf.AtomicReader.MaxDoc)
            {
                // A whole segment: exactly what IndexSearcher does with it.
                weight.GetBulkScorer(leaf, !collector.AcceptsDocsOutOfOrder, live)?.Score(collector);
                continue;
            }
            if (weight.GetScorer(leaf, live) is not { } scorer)
                continue;
            collector.SetScorer(scorer);
            for (var doc = scorer.Advance(from); doc < to; doc = scorer.NextDoc())
                collector.Collect(doc);
        }
    }
}
