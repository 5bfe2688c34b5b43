using System.Diagnostics;
using Lucene.Net.Index;
using Lucene.Net.Search;

namespace Dangjian.Core.Search;

/// <summary>
/// Stops a search whose deadline has passed (TimeoutException) or whose request was abandoned. Lucene.Net's
/// searcher takes no cancellation token, and its TimeLimitingCollector runs on a process-wide timer thread; reading
/// the monotonic clock at each segment and every <see cref="CheckEvery"/> collected hits costs little and keeps the
/// limit per request.
/// </summary>
internal sealed class DeadlineCollector(ICollector inner, long deadlineTimestamp, CancellationToken cancellationToken) : ICollector
{
    private const int CheckEvery = 1024;
    private int _sinceCheck;

    public static long DeadlineAfter(TimeSpan timeout) =>
        timeout == Timeout.InfiniteTimeSpan ? long.MaxValue : Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);

    public bool AcceptsDocsOutOfOrder => inner.AcceptsDocsOutOfOrder;

    public void SetScorer(Scorer scorer) => inner.SetScorer(scorer);

    public void SetNextReader(AtomicReaderContext context)
    {
        Check();
        inner.SetNextReader(context);
    }

    public void Collect(int doc)
    {
        if (++_sinceCheck == CheckEvery)
        {
            _sinceCheck = 0;
            Check();
        }
        inner.Collect(doc);
    }

    private void Check()
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (Stopwatch.GetTimestamp() >= deadlineTimestamp)
            throw new TimeoutException("The search's deadline has passed.");
    }
}
