using Dangjian.Api.Infrastructure;
using Dangjian.Core;
using Dangjian.Core.Access;
using Dangjian.Core.Documents;
using Dangjian.Core.Importing;

namespace Dangjian.Api.Cli;

/// <summary>
/// `import PATH… [--draft] [--verbose]`: imports official documents from text, Word (.docx) and PDF files, or from
/// every such file under a folder, as directives (the file's content decides how it is read, see SourceFileReader). The command acts as the system; the documents are already issued, so they are published
/// unless --draft asks for drafts to review. One line per file on stdout, progress on stderr, and exit code 1 when any
/// file failed (each file is its own commit: the ones before a failure stay imported).
/// </summary>
public sealed class ImportCommand(DirectiveImporter importer, SourceFileReader reader, StoreOpener opener, TimeProvider time) : ICliCommand
{
    /// <summary>Deep enough for any archive's folders; a bound all the same, against symbolic-link loops.</summary>
    private const int MaxFolderDepth = 32;

    public string Name => "import";

    public string Usage => "import PATH… [--draft] [--verbose] [--issued-on yyyy-MM-dd]   import 公文 from .txt (UTF-8 or GB18030), .docx and .pdf files (folders: every such file) as directives; --issued-on gives the date of issue, over the text's";

    public IReadOnlyCollection<string> Switches => ["draft", "verbose"];

    public async Task<int> RunAsync(CliArguments arguments, CliConsole console, CancellationToken cancellationToken)
    {
        if (arguments.Positional.Count == 0)
        {
            await console.Error.WriteLineAsync($"Usage: {Usage}".AsMemory(), cancellationToken);
            return 2;
        }
        var publish = !arguments.Flag("draft");
        DateOnly? issuedOn = null;
        if (arguments.Option("issued-on") is { } issuedText)
        {
            if (!DateOnly.TryParseExact(issuedText, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var day))
            {
                await console.Error.WriteLineAsync($"--issued-on must be a date written yyyy-MM-dd, not '{issuedText}'.".AsMemory(), cancellationToken);
                return 2;
            }
            issuedOn = day;
        }
        var verbose = arguments.Flag("verbose");
        var (files, missing) = FindFiles(arguments.Positional);
        await opener.OpenAsync(cancellationToken);

        var counts = new Dictionary<Outcome, int> { [Outcome.Imported] = 0, [Outcome.AlreadyImported] = 0, [Outcome.Failed] = 0 };
        var warnings = 0;
        var progress = new ConsoleProgress(console.Error, console.ErrorIsTerminal, "import", files.Count, time, width: console.Width);
        foreach (var path in missing)
        {
            await progress.WriteLineAsync(console.Out, Line(Outcome.Failed, path, "No such file or folder."), cancellationToken);
            counts[Outcome.Failed]++;
        }
        for (var i = 0; i < files.Count; i++)
        {
            var (shown, full) = files[i];
            var result = await ImportFileAsync(full, publish, issuedOn, cancellationToken);
            if (result.IsSuccess)
            {
                var imported = result.Value;
                var outcome = imported.AlreadyImported ? Outcome.AlreadyImported : Outcome.Imported;
                counts[outcome]++;
                warnings += imported.Warnings.Count;
                var detail = imported.AlreadyImported
                    ? $"{imported.Directive.Title}  (id {GlobalIds.Encode(Kinds.Directive.TypeName, imported.Directive.Id)}" + (imported.Match == ImportMatch.SameNormalizedText
                        ? "; the same text once line endings, spaces and full-width forms are normalised)"
                        : ")")
                    : $"{imported.Directive.Title}  ({Plural(imported.Warnings.Count, "warning")})";
                await progress.WriteLineAsync(console.Out, Line(outcome, shown, detail), cancellationToken);
                if (verbose)
                {
                    foreach (var warning in imported.Warnings)
                        await progress.WriteLineAsync(console.Out, $"    {(warning.Line is { } line ? $"line {line}: " : "")}{warning.Code}  {warning.Message}", cancellationToken);
                }
            }
            else
            {
                counts[Outcome.Failed]++;
                await progress.WriteLineAsync(console.Out, Line(Outcome.Failed, shown, result.Error!.Message), cancellationToken);
            }
            await progress.ReportAsync(i + 1, shown, cancellationToken);
        }
        await progress.CompleteAsync(cancellationToken);

        var total = files.Count + missing.Count;
        var summary = $"{Plural(total, "file")}: {counts[Outcome.Imported]} imported, {counts[Outcome.AlreadyImported]} already imported, " +
                      $"{counts[Outcome.Failed]} failed; {Plural(warnings, "warning")}" +
                      (warnings > 0 && !verbose ? " (--verbose lists them)." : ".");
        await console.Out.WriteLineAsync(summary.AsMemory(), cancellationToken);
        return counts[Outcome.Failed] > 0 ? 1 : 0;
    }

    private async Task<Result<ImportResult>> ImportFileAsync(string path, bool publish, DateOnly? issuedOn, CancellationToken cancellationToken)
    {
        Result<ExtractedText> read;
        try
        {
            // The reader stops one byte past its file-size bound, so a huge file is never read whole.
            await using var file = File.OpenRead(path);
            read = await reader.ReadAsync(file, Path.GetFileName(path), cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Error.Validation($"Cannot read the file: {e.Message}");
        }
        if (!read.IsSuccess)
            return read.Error!;
        var request = new ImportRequest(read.Value.Text) { SourceName = Path.GetFileName(path), Publish = publish, IssuedOn = issuedOn };
        return await importer.ImportAsync(Caller.System, request, cancellationToken);
    }

    /// <summary>The files to import, each as shown (relative to the working directory) and in full; and the paths that do not exist.</summary>
    private static (List<(string Shown, string Full)> Files, List<string> Missing) FindFiles(IEnumerable<string> paths)
    {
        var files = new List<(string, string)>();
        var missing = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var options = new EnumerationOptions { RecurseSubdirectories = true, MatchCasing = MatchCasing.CaseInsensitive, IgnoreInaccessible = true, MaxRecursionDepth = MaxFolderDepth };
        foreach (var path in paths)
        {
            var full = Path.GetFullPath(path);
            if (File.Exists(full))
                files.AddRange(new[] { full }.Where(seen.Add).Select(f => (Shown(f), f)));
            else if (Directory.Exists(full))
                files.AddRange(Directory.EnumerateFiles(full, "*", options)
                    .Where(f => SourceFileReader.Extensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
                    // Word leaves ~$name.docx lock files beside open documents: not documents.
                    .Where(f => !Path.GetFileName(f).StartsWith("~$", StringComparison.Ordinal))
                    .Order(StringComparer.Ordinal).Where(seen.Add).Select(f => (Shown(f), f)));
            else
                missing.Add(path);
        }
        return (files, missing);
    }

    private static string Shown(string full)
    {
        var relative = Path.GetRelativePath(Directory.GetCurrentDirectory(), full);
        return relative.StartsWith("..", StringComparison.Ordinal) ? full : relative;
    }

    private enum Outcome
    {
        Imported,
        AlreadyImported,
        Failed,
    }

    private static string Line(Outcome outcome, string path, string detail)
    {
        var status = outcome switch
        {
            Outcome.Imported => "imported",
            Outcome.AlreadyImported => "already imported",
            _ => "failed",
        };
        return $"{status,-17} {path}  {detail}";
    }

    private static string Plural(int count, string noun) => $"{count} {noun}{(count == 1 ? "" : "s")}";
}
