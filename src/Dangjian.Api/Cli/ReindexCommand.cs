using System.Diagnostics;
using System.Threading.Channels;
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
public sealed class ReindexCommand(IDocumentStore store, SearchIndexLocation location, IOptions<SearchOptions> options, TimeProvider time)
    : ICliCommand
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
            // The rebuild reports from its worker threads; the console is written from here, one update at a time.
            var updates = Channel.CreateUnbounded<RebuildProgress>(new UnboundedChannelOptions { SingleReader = true });
            var showing = ShowAsync(updates.Reader, console, cancellationToken);
            try
            {
                await new SearchIndexer(store, index, options.Value.RebuildBatchSize).RebuildAsync(new ChannelProgress(updates.Writer), cancellationToken);
            }
            finally
            {
                updates.Writer.Complete();
            }
            var last = await showing;
            var seconds = Math.Max(clock.Elapsed.TotalSeconds, 0.001);
            await console.Error.WriteLineAsync(
                $"Indexed {last?.Documents ?? 0:N0} documents ({last?.Characters ?? 0:N0} characters) in {seconds:N1} s: " +
                $"{(last?.Characters ?? 0) / seconds:N0} characters/s. Index at {location.Path}, checkpoint {index.CommittedSequence}.");
        }
        return 0;
    }

    /// <summary>Shows the rebuild's progress with the commands' one progress bar; returns the last update.</summary>
    private async Task<RebuildProgress?> ShowAsync(ChannelReader<RebuildProgress> updates, CliConsole console, CancellationToken cancellationToken)
    {
        ConsoleProgress? progress = null;
        RebuildProgress? last = null;
        await foreach (var update in updates.ReadAllAsync(cancellationToken))
        {
            progress ??= new ConsoleProgress(console.Error, console.ErrorIsTerminal, "reindex", (int)Math.Min(update.TotalDocuments, int.MaxValue), time,
                width: console.Width);
            await progress.ReportAsync((int)Math.Min(update.Documents, int.MaxValue), null, cancellationToken);
            last = update;
        }
        if (progress is not null)
            await progress.CompleteAsync(cancellationToken);
        return last;
    }

    private sealed class ChannelProgress(ChannelWriter<RebuildProgress> updates) : IProgress<RebuildProgress>
    {
        public void Report(RebuildProgress value) => updates.TryWrite(value);
    }
}
