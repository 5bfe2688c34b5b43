using Dangjian.Api.Infrastructure;
using Dangjian.Core.Documents;
using Dangjian.Core.Search;
using Dangjian.Core.Storage;

namespace Dangjian.Api.Cli;

/// <summary>
/// `check`: compares the store with the search index's last commit, entry by entry (ids and versions), and exits
/// with 1 when they differ. Changes after the index's checkpoint are not differences: the indexer applies them
/// next (they are reported as pending). Reads only, so it runs beside a serving instance.
/// </summary>
public sealed class CheckCommand(IDocumentStore store, SearchIndexLocation location) : ICliCommand
{
    private const int Shown = 20;

    public string Name => "check";

    public string Usage => "check                       compare the search index with the store; exit code 1 when they differ";

    public async Task<int> RunAsync(CliArguments arguments, CliConsole console, CancellationToken cancellationToken)
    {
        await store.InitializeAsync(cancellationToken);
        var report = await IndexCheck.RunAsync(store, location.Path, cancellationToken);
        await console.Out.WriteLineAsync($"index: {location.Path}");
        await console.Out.WriteLineAsync($"store: {report.StoreDocuments:N0} searchable documents, last change {report.LastChange}");
        await console.Out.WriteLineAsync($"index: {report.IndexEntries:N0} entries, checkpoint {report.Checkpoint?.ToString() ?? "none (no index)"}; {report.Pending:N0} changed documents pending");
        foreach (var (label, keys) in new[] { ("missing from the index", report.Missing), ("in the index but not the store", report.Extra), ("at another version in the index", report.Stale) })
        {
            if (keys.Count == 0)
                continue;
            await console.Out.WriteLineAsync($"{keys.Count:N0} {label}:");
            foreach (var key in keys.Take(Shown))
                await console.Out.WriteLineAsync($"  {Displayed(key)}");
            if (keys.Count > Shown)
                await console.Out.WriteLineAsync($"  … and {keys.Count - Shown:N0} more");
        }
        await console.Out.WriteLineAsync(report.InStep ? "The index matches the store." : "The index differs from the store: run `reindex` (with the API stopped) to rebuild it.");
        return report.InStep ? 0 : 1;
    }

    /// <summary>"Story:ld-1" as the id GraphQL takes, with the kind before it for people.</summary>
    private static string Displayed(string key) => key.IndexOf(':', StringComparison.Ordinal) is var colon and > 0
        ? $"{key[..colon]} {GlobalIds.Encode(key[..colon], key[(colon + 1)..])}"
        : key;
}
