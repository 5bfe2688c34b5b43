using System.Diagnostics;
using Dangjian.Api.Infrastructure;
using Dangjian.Core.Search;
using Dangjian.Core.Storage;
using Lucene.Net.Store;
using Microsoft.Extensions.Options;

namespace Dangjian.Api.Cli;

/// <summary>
/// `reindex`: rebuilds this instance's search index from the store, with a progress bar on stderr. The old index
/// stays the committed one until the new one is complete, so an interrupted rebuild changes nothing.
/// </summary>
public sealed class ReindexCommand(IDocumentStore store, SearchIndexLocation location, IOptions<SearchOptions> options) : ICliCommand
{
    public string Name => "reindex";

    public string Usage => "reindex                     rebuild the search index from the store (stop the API first)";

    public async Task<int> RunAsync(CliArguments arguments, CliConsole console, CancellationToken cancellationToken)
    {
        await store.InitializeAsync(cancellationToken);
        SearchIndex index;
        try
        {
            index = location.Open();
        }
        catch (LockObtainFailedException)
        {
            await console.Error.WriteLineAsync($"The index at {location.Path} is open in a running API instance. Stop it, then run reindex again.");
            return 1;
        }
        using (index)
        {
            var clock = Stopwatch.StartNew();
            var bar = new ProgressBar(console.Error);
            await new SearchIndexer(store, index, options.Value.RebuildBatchSize).RebuildAsync(bar, cancellationToken);
            bar.Finish();
            var seconds = Math.Max(clock.Elapsed.TotalSeconds, 0.001);
            await console.Error.WriteLineAsync(
                $"Indexed {bar.Last?.Documents ?? 0:N0} documents ({bar.Last?.Characters ?? 0:N0} characters) in {seconds:N1} s: " +
                $"{(bar.Last?.Characters ?? 0) / seconds:N0} characters/s. Index at {location.Path}, checkpoint {index.CommittedSequence}.");
        }
        return 0;
    }

    /// <summary>Redraws one line in place on a terminal; prints a line per tenth when stderr is a file or pipe.</summary>
    private sealed class ProgressBar(TextWriter output) : IProgress<RebuildProgress>
    {
        private const int Width = 30;
        private readonly bool _interactive = !Console.IsErrorRedirected;
        private int _lastTenth = -1;

        public RebuildProgress? Last { get; private set; }

        public void Report(RebuildProgress value)
        {
            Last = value;
            var fraction = value.TotalDocuments == 0 ? 1 : (double)value.Documents / value.TotalDocuments;
            var line = $"[{new string('#', (int)(fraction * Width)).PadRight(Width, '.')}] {fraction,4:P0} {value.Documents:N0}/{value.TotalDocuments:N0} documents";
            if (_interactive)
            {
                output.Write("\r" + line);
            }
            else if ((int)(fraction * 10) is var tenth && tenth > _lastTenth)
            {
                _lastTenth = tenth;
                output.WriteLine(line);
            }
        }

        public void Finish()
        {
            if (Last is null)
                Report(new RebuildProgress(0, 0, 0));
            if (_interactive)
                output.WriteLine();
        }
    }
}
