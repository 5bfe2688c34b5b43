using Dangjian.Api.Infrastructure;
using Dangjian.Core.Knowledge;
using Dangjian.Core.Storage;

namespace Dangjian.Api.Cli;

/// <summary>`restore --kind KIND PATH`: loads a JSON-lines export back; documents already present are left alone.</summary>
public sealed class RestoreCommand(IDocumentStore store, StoreOpener opener, TimeProvider time) : ICliCommand
{
    public string Name => "restore";

    public string Usage => $"restore --kind {KindNames.List} PATH.jsonl   load an export back (existing ids are kept as they are)";

    public async Task<int> RunAsync(CliArguments arguments, CliConsole console, CancellationToken cancellationToken)
    {
        if (!KindNames.ByName.TryGetValue(arguments.Option("kind") ?? "", out var kind) || arguments.Positional.Count != 1)
        {
            await console.Error.WriteLineAsync($"Usage: {Usage}".AsMemory(), cancellationToken);
            return 2;
        }
        var path = arguments.Positional[0];
        if (!File.Exists(path))
        {
            await console.Error.WriteLineAsync($"No such file: {path}".AsMemory(), cancellationToken);
            return 1;
        }
        await opener.OpenAsync(cancellationToken);
        var progress = new ConsoleProgress(console.Error, console.ErrorIsTerminal, "restore", await CountLinesAsync(path, cancellationToken), time, width: console.Width);
        await using var input = File.OpenRead(path);
        var outcome = await new DocumentRestore(store).ReadAsync(kind, input, (done, ct) => progress.ReportAsync((int)done, null, ct), cancellationToken);
        await progress.CompleteAsync(cancellationToken);
        foreach (var problem in outcome.Problems)
            await console.Error.WriteLineAsync(problem.AsMemory(), cancellationToken);
        await console.Out.WriteLineAsync($"{outcome.Inserted} inserted, {outcome.AlreadyPresent} already present, {outcome.Problems.Count} problems.".AsMemory(), cancellationToken);
        return outcome.Problems.Count == 0 ? 0 : 1;
    }

    /// <summary>A first pass that only counts lines, so the progress bar knows its end; cheap next to parsing them.</summary>
    private static async Task<int> CountLinesAsync(string path, CancellationToken cancellationToken)
    {
        var lines = 0;
        var buffer = new byte[64 * 1024];
        await using var stream = File.OpenRead(path);
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
            lines += buffer.AsSpan(0, read).Count((byte)'\n');
        return lines;
    }
}
