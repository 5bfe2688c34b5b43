using System.Globalization;
using Dangjian.Api.Infrastructure;
using Dangjian.Core;
using Dangjian.Core.Access;
using Dangjian.Core.Documents;
using Dangjian.Core.Importing;

namespace Dangjian.Api.Cli;

/// <summary>
/// `import PATH… [--draft] [--verbose] [--issued-on yyyy-MM-dd] [--batch-size N]`: imports official documents from
/// text, Word (.docx) and PDF files, or from every such file under a folder, as directives (the file's content decides
/// how it is read, see SourceFileReader). The command acts as the system; the documents are already issued, so they are
/// published unless --draft asks for drafts to review. One line per file on stdout, progress on stderr, and exit code 1
/// when any file failed.
/// </summary>
/// <remarks>
/// Files are read, checked and parsed one by one, and the new directives committed in batches (ImportBatch):
/// <see cref="ImportOptions.BatchSize"/> of them, or fewer once their texts reach <see cref="ImportOptions.BatchMaxBytes"/>,
/// per commit, so that a folder of thousands of files is not thousands of commits (each of which takes MongoDB's one
/// counter document). A file that fails, or repeats another, is reported and never enters a batch, so it costs the
/// others nothing; a batch whose commit conflicts is imported again file by file. The lines of a batch's files are
/// written, in file order, once it is committed: a line "imported" means committed.
/// </remarks>
public sealed class ImportCommand(DirectiveImporter importer, SourceFileReader reader, StoreOpener opener, ImportOptions options, TimeProvider time) : ICliCommand
{
    /// <summary>Deep enough for any archive's folders; a bound all the same, against symbolic-link loops.</summary>
    private const int MaxFolderDepth = 32;

    public string Name => "import";

    public string Usage => "import PATH… [--draft] [--verbose] [--issued-on yyyy-MM-dd] [--batch-size N]   import 公文 from .txt (UTF-8 or GB18030), .docx and .pdf files (folders: every such file) as directives; --issued-on gives the date of issue, over the text's; --batch-size the new directives per commit (Dangjian:Import:BatchSize, 100)";

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
            if (!DateOnly.TryParseExact(issuedText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                await console.Error.WriteLineAsync($"--issued-on must be a date written yyyy-MM-dd, not '{issuedText}'.".AsMemory(), cancellationToken);
                return 2;
            }
            issuedOn = day;
        }
        var batchSize = options.BatchSize;
        if (arguments.Option("batch-size") is { } sizeText)
        {
            // Digits only: no sign, no spaces, no thousands separators; an overflow fails to parse.
            if (!int.TryParse(sizeText, NumberStyles.None, CultureInfo.InvariantCulture, out batchSize) || batchSize is < 1 or > ImportOptions.MaxBatchSize)
            {
                await console.Error.WriteLineAsync(
                    $"--batch-size must be a whole number of files from 1 to {ImportOptions.MaxBatchSize}, not '{sizeText}'; nothing was imported.".AsMemory(), cancellationToken);
                return 2;
            }
        }
        var verbose = arguments.Flag("verbose");
        var (files, missing) = FindFiles(arguments.Positional);
        await opener.OpenAsync(cancellationToken);

        var tally = new Tally(console, new ConsoleProgress(console.Error, console.ErrorIsTerminal, "import", files.Count, time, width: console.Width), verbose);
        foreach (var path in missing)
            await tally.FailedAsync(path, "No such file or folder.", cancellationToken);

        var batch = importer.StartBatch(Caller.System);
        // The files read since the last commit, in order: each with the error that kept it out of the batch, if any.
        var window = new List<(string Shown, Error? Unreadable)>();
        for (var i = 0; i < files.Count; i++)
        {
            var (shown, full) = files[i];
            var read = await ReadFileAsync(full, cancellationToken);
            if (read.IsSuccess)
            {
                var request = new ImportRequest(read.Value.Text) { SourceName = Path.GetFileName(full), Publish = publish, IssuedOn = issuedOn };
                await batch.AddAsync(request, cancellationToken);
                window.Add((shown, null));
            }
            else
            {
                window.Add((shown, read.Error));
            }
            // Full: batchSize new directives, or their texts' byte bound. Files that write nothing (failures, files
            // imported before) are reported without waiting for one once there are many: a second run over a folder
            // of 100,000 files writes nothing, and would otherwise hold every answer to the end.
            if (batch.Pending >= batchSize || batch.PendingBytes >= options.BatchMaxBytes
                || (batch.Pending == 0 && window.Count >= batchSize) || window.Count >= 10 * batchSize)
                await CommitAsync(batch, window, tally, cancellationToken);
            await tally.Progress.ReportAsync(i + 1, shown, cancellationToken);
        }
        await CommitAsync(batch, window, tally, cancellationToken);
        await tally.Progress.CompleteAsync(cancellationToken);

        var total = files.Count + missing.Count;
        var summary = $"{Plural(total, "file")}: {tally.Imported} imported, {tally.AlreadyImported} already imported, " +
                      $"{tally.Failed} failed; {Plural(tally.Warnings, "warning")}" +
                      (tally.Warnings > 0 && !verbose ? " (--verbose lists them)." : ".");
        await console.Out.WriteLineAsync(summary.AsMemory(), cancellationToken);
        return tally.Failed > 0 ? 1 : 0;
    }

    /// <summary>Commits the batch and writes the line of every file read since the last commit, in file order.</summary>
    private static async Task CommitAsync(ImportBatch batch, List<(string Shown, Error? Unreadable)> window, Tally tally, CancellationToken cancellationToken)
    {
        if (window.Count == 0)
            return;
        var results = await batch.CommitAsync(cancellationToken);
        if (batch.RetriedOneByOne)
        {
            await tally.Progress.WriteLineAsync(tally.Messages,
                $"import: a batch of {Plural(window.Count, "file")} conflicted with another writer as a whole; its files were imported one by one.", cancellationToken);
        }
        var next = 0;
        foreach (var (shown, unreadable) in window)
        {
            if (unreadable is not null)
                await tally.FailedAsync(shown, unreadable.Message, cancellationToken);
            else
                await tally.ResultAsync(shown, results[next++], cancellationToken);
        }
        window.Clear();
    }

    /// <summary>The file's text, or why it cannot be read (its size, format and damage are the reader's to judge).</summary>
    private async Task<Result<ExtractedText>> ReadFileAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            // The reader stops one byte past its file-size bound, so a huge file is never read whole.
            await using var file = File.OpenRead(path);
            return await reader.ReadAsync(file, Path.GetFileName(path), cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Error.Validation($"Cannot read the file: {e.Message}");
        }
    }

    /// <summary>The files to import, each as shown (relative to the working directory) and in full; and the paths that do not exist.</summary>
    private static (List<(string Shown, string Full)> Files, List<string> Missing) FindFiles(IEnumerable<string> paths)
    {
        var files = new List<(string, string)>();
        var missing = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var enumeration = new EnumerationOptions { RecurseSubdirectories = true, MatchCasing = MatchCasing.CaseInsensitive, IgnoreInaccessible = true, MaxRecursionDepth = MaxFolderDepth };
        foreach (var path in paths)
        {
            var full = Path.GetFullPath(path);
            if (File.Exists(full))
                files.AddRange(new[] { full }.Where(seen.Add).Select(f => (Shown(f), f)));
            else if (Directory.Exists(full))
                files.AddRange(Directory.EnumerateFiles(full, "*", enumeration)
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

    /// <summary>The files' lines on stdout, and the counts for the summary.</summary>
    private sealed class Tally(CliConsole console, ConsoleProgress progress, bool verbose)
    {
        /// <summary>Where messages about the run go (stderr), beside the progress.</summary>
        public TextWriter Messages => console.Error;

        public ConsoleProgress Progress => progress;

        public int Imported { get; private set; }

        public int AlreadyImported { get; private set; }

        public int Failed { get; private set; }

        public int Warnings { get; private set; }

        public Task FailedAsync(string shown, string message, CancellationToken cancellationToken)
        {
            Failed++;
            return Progress.WriteLineAsync(console.Out, Line("failed", shown, message), cancellationToken);
        }

        public async Task ResultAsync(string shown, Result<ImportResult> result, CancellationToken cancellationToken)
        {
            if (!result.IsSuccess)
            {
                await FailedAsync(shown, result.Error!.Message, cancellationToken);
                return;
            }
            var imported = result.Value;
            if (imported.AlreadyImported)
                AlreadyImported++;
            else
                Imported++;
            Warnings += imported.Warnings.Count;
            var detail = imported.AlreadyImported
                ? $"{imported.Directive.Title}  (id {GlobalIds.Encode(Kinds.Directive.TypeName, imported.Directive.Id)}" + (imported.Match == ImportMatch.SameNormalizedText
                    ? "; the same text once line endings, spaces and full-width forms are normalised)"
                    : ")")
                : $"{imported.Directive.Title}  ({Plural(imported.Warnings.Count, "warning")})";
            await Progress.WriteLineAsync(console.Out, Line(imported.AlreadyImported ? "already imported" : "imported", shown, detail), cancellationToken);
            if (verbose)
            {
                foreach (var warning in imported.Warnings)
                    await Progress.WriteLineAsync(console.Out, $"    {(warning.Line is { } line ? $"line {line}: " : "")}{warning.Code}  {warning.Message}", cancellationToken);
            }
        }

        private static string Line(string status, string path, string detail) => $"{status,-17} {path}  {detail}";
    }

    private static string Plural(int count, string noun) => $"{count} {noun}{(count == 1 ? "" : "s")}";
}
