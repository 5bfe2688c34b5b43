using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dangjian.Core.Documents;
using Dangjian.Core.Storage;

namespace Dangjian.Core.Knowledge;

public enum ExportFormat
{
    /// <summary>One document per line, in its public JSON (global ids): what <see cref="DocumentRestore"/> reads back.</summary>
    JsonLines,
    /// <summary>One row per document, for spreadsheets: UTF-8 with BOM, lists joined with " | ", objects as JSON.</summary>
    Csv,
}

/// <summary>
/// Streams documents of one kind out of the store, page by page in id order, so memory stays constant however many
/// there are: one page of documents is held at a time, and each is written as soon as it is read.
/// </summary>
public sealed class DocumentExport(IDocumentStore store)
{
    public const int PageSize = 500;
    private static readonly byte[] NewLine = "\n"u8.ToArray();

    public async Task<long> WriteAsync(DocumentKind kind, Filter filter, ExportFormat format, Stream output,
        Func<long, CancellationToken, Task>? progress, CancellationToken cancellationToken)
    {
        var rows = new RowWriter(kind, format, output);
        await rows.StartAsync(cancellationToken);
        long written = 0;
        string? lastId = null;
        while (true)
        {
            var page = await store.QueryAsync(kind, Filter.And(filter, lastId is null ? null : new Condition("id", Operator.Gt, lastId)),
                [new SortField("id", SortDirection.Ascending)], PageSize, cancellationToken);
            foreach (var document in page)
                await rows.WriteAsync(document, cancellationToken);
            written += page.Count;
            if (progress is not null)
                await progress(written, cancellationToken);
            if (page.Count < PageSize)
                break;
            lastId = page[^1].Id;
        }
        await output.FlushAsync(cancellationToken);
        return written;
    }

    /// <summary>Writes documents as JSON lines or CSV rows; the CSV header is the kind's JSON property names.</summary>
    public sealed class RowWriter(DocumentKind kind, ExportFormat format, Stream output)
    {
        // Id and bookkeeping first, then the kind's own fields in declaration order.
        private readonly string[] _columns = ["id", "version", "createdAt", "updatedAt",
            .. DocumentJson.Options.GetTypeInfo(kind.ClrType).Properties
                .Where(p => p.Set is not null && p.Name is not ("id" or "version" or "createdAt" or "updatedAt"))
                .Select(p => p.Name)];

        public async Task StartAsync(CancellationToken cancellationToken)
        {
            if (format != ExportFormat.Csv)
                return;
            // The BOM tells spreadsheet software the file is UTF-8, so Chinese opens as Chinese.
            await output.WriteAsync(Encoding.UTF8.Preamble.ToArray(), cancellationToken);
            await WriteLineAsync(Csv.Row(_columns), cancellationToken);
        }

        public async Task WriteAsync(Document document, CancellationToken cancellationToken)
        {
            // Ids as GraphQL shows them (global), instants in China time: one id type and one date form for the reader.
            var visible = PublicJson.Serialize(document);
            if (format == ExportFormat.JsonLines)
            {
                await output.WriteAsync(Encoding.UTF8.GetBytes(visible), cancellationToken);
                await output.WriteAsync(NewLine, cancellationToken);
                return;
            }
            using var parsed = JsonDocument.Parse(visible);
            var json = parsed.RootElement;
            var cells = _columns.Select(c => json.TryGetProperty(c, out var value) ? Cell(value) : "");
            await WriteLineAsync(Csv.Row(cells), cancellationToken);
        }

        private Task WriteLineAsync(string line, CancellationToken cancellationToken) =>
            output.WriteAsync(Encoding.UTF8.GetBytes(line + "\r\n"), cancellationToken).AsTask();

        private static string Cell(JsonElement value) => value.ValueKind switch
        {
            JsonValueKind.String => value.GetString()!,
            JsonValueKind.Null or JsonValueKind.Undefined => "",
            JsonValueKind.Array when value.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String) =>
                string.Join(" | ", value.EnumerateArray().Select(e => e.GetString())),
            _ => value.GetRawText(),
        };
    }
}

public static class Csv
{
    /// <summary>One CSV line (without its line break) of the given cells.</summary>
    public static string Row(IEnumerable<string> cells) => string.Join(',', cells.Select(Quote));

    /// <summary>
    /// RFC 4180 quoting, and a leading apostrophe on text a spreadsheet would run as a formula (=, +, -, @), so an
    /// exported story cannot become code on a researcher's machine.
    /// </summary>
    public static string Quote(string cell)
    {
        if (cell.Length > 0 && cell[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
            cell = "'" + cell;
        return cell.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : cell;
    }
}

/// <summary>Loads a JSON-lines export back into a store: what it lacks is inserted, what it has is left alone.</summary>
public sealed class DocumentRestore(IDocumentStore store)
{
    public const int BatchSize = 500;
    public static readonly ChangeAuthor Author = new("system:restore", "SYSTEM");

    public sealed record Outcome(long Inserted, long AlreadyPresent, IReadOnlyList<string> Problems);

    public async Task<Outcome> ReadAsync(DocumentKind kind, Stream input, Func<long, CancellationToken, Task>? progress, CancellationToken cancellationToken)
    {
        long inserted = 0, present = 0, line = 0;
        var problems = new List<string>();
        var batch = new List<Document>(BatchSize);
        // The caller owns the stream.
        using var reader = new StreamReader(input, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, leaveOpen: true);
        while (await reader.ReadLineAsync(cancellationToken) is { } text)
        {
            line++;
            if (string.IsNullOrWhiteSpace(text))
                continue;
            try
            {
                batch.Add(JsonNode.Parse(text) is JsonObject json
                    ? PublicJson.FromPublic(kind, json)
                    : throw new JsonException("not a JSON object"));
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException)
            {
                problems.Add($"line {line}: not a {kind} document ({e.Message})");
                continue;
            }
            if (batch.Count == BatchSize)
                await FlushAsync();
        }
        await FlushAsync();
        return new Outcome(inserted, present, problems);

        async Task FlushAsync()
        {
            if (batch.Count == 0)
                return;
            var existing = (await store.GetManyAsync(kind, batch.Select(d => d.Id).ToList(), cancellationToken)).Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
            var fresh = batch.Where(d => !existing.Contains(d.Id)).DistinctBy(d => d.Id).ToList();
            present += batch.Count - fresh.Count;
            if (fresh.Count > 0)
            {
                var result = await store.CommitAsync(new Commit(fresh.Select(d => DocumentWrite.Insert(d, "restore")).ToList(), Author), cancellationToken);
                if (result is CommitResult.Conflict conflict)
                    problems.Add($"{conflict.Kind} {conflict.Id} appeared while restoring; that batch of {fresh.Count} was not written.");
                else
                    inserted += fresh.Count;
            }
            if (progress is not null)
                await progress(inserted + present, cancellationToken);
            batch.Clear();
        }
    }
}
