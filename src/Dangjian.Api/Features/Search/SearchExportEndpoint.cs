using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dangjian.Api.Auth;
using Dangjian.Api.Features.Knowledge;
using Dangjian.Api.GraphQL.Http;
using Dangjian.Api.GraphQL.Relay;
using Dangjian.Api.Infrastructure;
using Dangjian.Core;
using Dangjian.Core.Documents;
using Dangjian.Core.Knowledge;
using Dangjian.Core.Reading;
using Dangjian.Core.Search;
using Microsoft.Extensions.Options;

namespace Dangjian.Api.Features.Search;

public sealed class SearchExportOptions
{
    public const string Section = "Dangjian:Export";

    /// <summary>The most search results one export streams.</summary>
    public int MaxSearchRows { get; set; } = 10_000;
}

/// <summary>
/// GET /export/search?query=…&amp;format=jsonl|csv[&amp;kind=Story…][&amp;organizationId=…][&amp;from=…&amp;to=…][&amp;tag=…][&amp;order=relevance|newest|oldest]:
/// every result of a search, streamed page by page as JSON lines or CSV (UTF-8 with BOM), with each document's
/// permalink. Visibility is the caller's, as in GraphQL; at most <see cref="SearchExportOptions.MaxSearchRows"/> rows.
/// </summary>
public static class SearchExportEndpoint
{
    private const int PageSize = 100;
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static IEndpointRouteBuilder MapDangjianSearchExport(this IEndpointRouteBuilder app)
    {
        app.MapGet("/export/search", HandleAsync).RequireOperationRateLimit();
        return app;
    }

    private static async Task HandleAsync(HttpContext http)
    {
        var cancellationToken = http.RequestAborted;
        var caller = await http.ResolveCallerAsync(cancellationToken);
        if (!caller.IsSuccess)
        {
            await HttpErrors.WriteAsync(http, caller.Error!);
            return;
        }
        var request = Parse(http.Request);
        if (!request.IsSuccess)
        {
            await HttpErrors.WriteAsync(http, request.Error!);
            return;
        }
        var (search, csv) = request.Value;
        var service = http.RequestServices.GetRequiredService<SearchService>();
        // The first page is searched before anything is sent, so a bad query is still a clean 400.
        var page = service.Search(search with { First = PageSize }, caller.Value, cancellationToken);
        if (!page.IsSuccess)
        {
            await HttpErrors.WriteAsync(http, page.Error!);
            return;
        }

        http.Response.ContentType = csv ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"search.{(csv ? "csv" : "jsonl")}\"";
        var body = http.Response.Body;
        if (csv)
        {
            await body.WriteAsync(Encoding.UTF8.Preamble.ToArray(), cancellationToken);
            await WriteAsync(body, Csv.Row(["type", "id", "permalink", "score", "title", "date"]) + "\r\n", cancellationToken);
        }
        var reader = http.RequestServices.GetRequiredService<DocumentReaders>().For(caller.Value);
        var links = http.RequestServices.GetRequiredService<Permalinks>();
        var max = http.RequestServices.GetRequiredService<IOptions<SearchExportOptions>>().Value.MaxSearchRows;
        var rows = 0;
        while (true)
        {
            var found = page.Value;
            var documents = await LoadAsync(reader, found.Hits, cancellationToken);
            foreach (var hit in found.Hits)
            {
                if (rows >= max || !documents.TryGetValue((hit.Kind, hit.Id), out var document))
                    continue;
                rows++;
                var id = GlobalId.Encode(hit.Kind.TypeName, hit.Id);
                var permalink = links.For(hit.Kind.TypeName, hit.Id);
                var line = csv
                    ? Csv.Row([hit.Kind.TypeName, id, permalink, hit.Score.ToString("0.###", CultureInfo.InvariantCulture), hit.Kind.TitleOf(document), DateOf(hit.Kind, document)]) + "\r\n"
                    : new JsonObject
                    {
                        ["type"] = hit.Kind.TypeName,
                        ["id"] = id,
                        ["permalink"] = permalink,
                        ["score"] = hit.Score,
                        ["document"] = PublicJson.ToPublic(document),
                    }.ToJsonString(Json) + "\n";
                await WriteAsync(body, line, cancellationToken);
            }
            await body.FlushAsync(cancellationToken);
            if (rows >= max || !found.HasNextPage || found.Hits.Count == 0)
                break;
            page = service.Search(search with { First = PageSize, After = found.Hits[^1].Cursor }, caller.Value, cancellationToken);
            if (!page.IsSuccess)
            {
                // The 200 and the first rows are sent: ending the response normally would pass a cut-off export for a
                // whole one. Aborting it makes the client report a failed download instead.
                http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SearchExportEndpoint)).LogWarning(
                    "Search export stopped after {Rows} rows: {Code} {Message}", rows, page.Error!.Code, page.Error.Message);
                http.Abort();
                return;
            }
        }
    }

    private static Task WriteAsync(Stream body, string text, CancellationToken cancellationToken) =>
        body.WriteAsync(Encoding.UTF8.GetBytes(text), cancellationToken).AsTask();

    /// <summary>
    /// The documents behind one page of hits, one store call per kind, visibility checked again by the reader, each as
    /// the caller may see it (no links to hidden documents, no review notes).
    /// </summary>
    private static async Task<Dictionary<(DocumentKind, string), Document>> LoadAsync(DocumentReader reader,
        IReadOnlyList<SearchHit> hits, CancellationToken cancellationToken)
    {
        var visible = new List<Document>(hits.Count);
        foreach (var group in hits.GroupBy(h => h.Kind))
            visible.AddRange(await reader.GetManyAsync(group.Key, group.Select(h => h.Id).ToList(), cancellationToken));
        return (await reader.RedactAsync(visible, cancellationToken)).ToDictionary(d => (Kinds.Of(d), d.Id));
    }

    /// <summary>
    /// The day a reader sees the document under, in China, for every kind: one column holds one meaning, so a
    /// directive's issue date and a story's publication both read as dates (the instant is in the document's JSON).
    /// </summary>
    private static string DateOf(DocumentKind kind, Document document) => kind.DateOf(document) is not { } date ? ""
        : ChinaTime.Day(date).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static Result<(SearchRequest Request, bool Csv)> Parse(HttpRequest request)
    {
        var query = request.Query;
        var text = query["query"].ToString();
        if (string.IsNullOrWhiteSpace(text))
            return new Error(ErrorCodes.MissingQuery, "Give the search in the 'query' parameter.");
        var format = query["format"].ToString();
        if (format is not ("jsonl" or "csv" or ""))
            return new Error(ErrorCodes.Validation, "format must be jsonl or csv.");
        var kinds = new List<DocumentKind>();
        foreach (var name in query["kind"].Where(k => !string.IsNullOrEmpty(k)))
        {
            if (Kinds.FromTypeName(name!) is not { IsSearchable: true } kind)
                return new Error(ErrorCodes.Validation, $"kind '{name}' is not searchable; use {string.Join(", ", Kinds.Searchable)}.");
            kinds.Add(kind);
        }
        string? organization = null;
        if (query.TryGetValue("organizationId", out var rawOrganization) && !string.IsNullOrEmpty(rawOrganization))
        {
            var id = GlobalId.Decode(rawOrganization.ToString(), Kinds.Organization.TypeName);
            if (!id.IsSuccess)
                return id.Error!;
            organization = id.Value.LocalId;
        }
        DateOnly? Date(string name) => DateOnly.TryParseExact(query[name].ToString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
        if ((query.ContainsKey("from") && Date("from") is null) || (query.ContainsKey("to") && Date("to") is null))
            return new Error(ErrorCodes.Validation, "from and to are dates, YYYY-MM-DD.");
        SearchOrder? order = query["order"].ToString() switch
        {
            "" or "relevance" => SearchOrder.Relevance,
            "newest" => SearchOrder.Newest,
            "oldest" => SearchOrder.Oldest,
            _ => null,
        };
        if (order is null)
            return new Error(ErrorCodes.Validation, "order must be relevance, newest or oldest.");
        return (new SearchRequest
        {
            Query = text,
            Order = order.Value,
            Filter = new SearchFilter
            {
                Kinds = kinds.Count > 0 ? kinds : null,
                OrganizationId = organization,
                From = Date("from"),
                To = Date("to"),
                Tags = query["tag"].Where(t => !string.IsNullOrEmpty(t)).Select(t => t!).ToList() is { Count: > 0 } tags ? tags : null,
            },
        }, format == "csv");
    }
}
