using System.Text.Json;
using Dangjian.Api.GraphQL;
using Dangjian.Api.GraphQL.Filtering;
using Dangjian.Api.Infrastructure;
using Dangjian.Core.Access;
using Dangjian.Core.Knowledge;
using Dangjian.Core.Reading;
using Dangjian.Core.Storage;
using Microsoft.Extensions.Options;

namespace Dangjian.Api.Cli;

/// <summary>
/// `export --kind KIND --format jsonl|csv [--where JSON] [--output PATH] [--published-only]`: streams documents out
/// of the store in id order, one page at a time (constant memory however many), with progress on stderr. --where takes
/// the GraphQL filter shape as JSON, e.g. {"status":{"eq":"PUBLISHED"}}.
/// </summary>
public sealed class ExportCommand(IDocumentStore store, StoreOpener opener, TimeProvider time, IOptions<GraphQLOptions> limits) : ICliCommand
{
    public string Name => "export";

    public string Usage => $"export --kind {KindNames.List} --format jsonl|csv [--where JSON] [--output PATH] [--published-only]   stream documents out";

    public IReadOnlyCollection<string> Switches => ["published-only"];

    public async Task<int> RunAsync(CliArguments arguments, CliConsole console, CancellationToken cancellationToken)
    {
        if (!KindNames.ByName.TryGetValue(arguments.Option("kind") ?? "", out var kind))
            return await UsageAsync(console, $"--kind must be one of {KindNames.List}.", cancellationToken);
        ExportFormat? format = arguments.Option("format")?.ToLowerInvariant() switch
        {
            "jsonl" => ExportFormat.JsonLines,
            "csv" => ExportFormat.Csv,
            _ => null,
        };
        if (format is null)
            return await UsageAsync(console, "--format must be jsonl or csv.", cancellationToken);
        Filter where = Filter.All;
        if (arguments.Option("where") is { } json)
        {
            object? parsed;
            try
            {
                parsed = ToInput(JsonDocument.Parse(json).RootElement);
            }
            catch (JsonException e)
            {
                return await UsageAsync(console, $"--where is not JSON: {e.Message}", cancellationToken);
            }
            var filter = FilterParser.Parse(kind, parsed);
            if (!filter.IsSuccess)
                return await UsageAsync(console, $"--where: {filter.Error!.Message}", cancellationToken);
            where = filter.Value;
        }
        // The command has the database in hand, so it exports everything unless asked for what readers may see.
        var caller = arguments.Flag("published-only") ? Caller.Anonymous : Caller.System;

        await opener.OpenAsync(cancellationToken);
        // Conditions through relations match linked documents as the same caller sees them, bounded as over GraphQL.
        var resolved = await new RelationFilters(store, caller).ResolveAsync(kind, where, limits.Value.MaxRelationFilterMatches, cancellationToken);
        if (!resolved.IsSuccess)
            return await UsageAsync(console, $"--where: {resolved.Error!.Message}", cancellationToken);
        var filterWithVisibility = Filter.And(Visibility.FilterFor(kind, caller), resolved.Value);
        var total = await store.CountAsync(kind, filterWithVisibility, cancellationToken);
        var progress = new ConsoleProgress(console.Error, console.ErrorIsTerminal, "export", (int)Math.Min(total, int.MaxValue), time, width: console.Width);
        var path = arguments.Option("output");
        await using var output = path is null ? Console.OpenStandardOutput() : File.Create(path);
        var written = await new DocumentExport(store).WriteAsync(kind, filterWithVisibility, format.Value, output,
            (done, ct) => progress.ReportAsync((int)done, null, ct), cancellationToken);
        await progress.CompleteAsync(cancellationToken);
        await console.Error.WriteLineAsync($"Exported {written} {kind.TypeName} documents{(path is null ? "" : " to " + path)}.".AsMemory(), cancellationToken);
        return 0;
    }

    private async Task<int> UsageAsync(CliConsole console, string problem, CancellationToken cancellationToken)
    {
        await console.Error.WriteLineAsync(problem.AsMemory(), cancellationToken);
        await console.Error.WriteLineAsync($"Usage: {Usage}".AsMemory(), cancellationToken);
        return 2;
    }

    /// <summary>JSON as the parsed input objects GraphQL would hand the filter parser: dictionaries, lists, strings, numbers, booleans.</summary>
    private static object? ToInput(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().ToDictionary(p => p.Name, p => ToInput(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().Select(ToInput).ToList(),
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => element.TryGetInt32(out var i) ? i : element.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };
}
