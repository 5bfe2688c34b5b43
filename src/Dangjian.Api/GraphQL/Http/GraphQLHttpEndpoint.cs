using System.Text.Encodings.Web;
using System.Text.Json;
using Dangjian.Api.Auth;
using Dangjian.Api.GraphQL.Limits;
using Dangjian.Core;
using Dangjian.Core.Reading;
using Dangjian.Core.Storage;
using GraphQL;
using GraphQL.Transport;
using GraphQL.Validation;
using GraphQL.Validation.Rules.Custom;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Dangjian.Api.GraphQL.Http;

/// <summary>
/// GraphQL over HTTP at /graphql: POST with a JSON body (one request or a batch), GET with query parameters
/// (queries only), and the GraphiQL IDE for a browser's GET. Transport rules and limits are enforced here, before
/// anything is parsed or executed: body size, query length, batch size, media types, the CSRF preflight header and the
/// bearer token. Refusals have a GraphQL-shaped body with a stable code.
/// </summary>
public static class GraphQLHttpEndpoint
{
    public const string Path = "/graphql";
    public const string GraphQLResponseMediaType = "application/graphql-response+json";
    private const string JsonMediaType = "application/json";

    /// <summary>Headers a browser cannot add to a cross-site request without a CORS preflight.</summary>
    private static readonly string[] PreflightHeaders = ["GraphQL-Require-Preflight", "Apollo-Require-Preflight", "X-Apollo-Operation-Name"];

    private static readonly JsonSerializerOptions ErrorJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static IEndpointRouteBuilder MapDangjianGraphQL(this IEndpointRouteBuilder app)
    {
        app.MapMethods(Path, [HttpMethods.Get, HttpMethods.Post], HandleAsync).RequireRateLimiting(Infrastructure.RateLimiting.GraphQLPolicy);
        return app;
    }

    private static async Task HandleAsync(HttpContext http)
    {
        var cancellationToken = http.RequestAborted;
        var isGet = HttpMethods.IsGet(http.Request.Method);
        if (isGet && !http.Request.Query.ContainsKey("query") && !http.Request.Query.ContainsKey("documentId") && AcceptsHtml(http.Request))
        {
            await Web.WebApp.ServeIdeAsync(http);
            return;
        }

        var options = http.RequestServices.GetRequiredService<IOptions<GraphQLOptions>>().Value;
        var serializer = http.RequestServices.GetRequiredService<IGraphQLTextSerializer>();
        var parsed = CheckPreflight(http.Request, options, isGet)
            ?? (isGet ? ParseGet(http.Request, serializer) : await ParsePostAsync(http.Request, serializer, options, cancellationToken));
        if (!parsed.IsSuccess)
        {
            await WriteErrorAsync(http, parsed.Error!.Status, parsed.Error.Error);
            return;
        }
        var requests = parsed.Value!.Requests;
        if (requests.Count > options.MaxBatchSize)
        {
            await WriteErrorAsync(http, StatusCodes.Status400BadRequest,
                new Error("BATCH_TOO_LARGE", $"A batch may hold at most {options.MaxBatchSize} operations, not {requests.Count}."));
            return;
        }
        if (requests.FirstOrDefault(r => r.Query?.Length > options.MaxQueryLength) is { } tooLong)
        {
            await WriteErrorAsync(http, StatusCodes.Status400BadRequest,
                new Error("QUERY_TOO_LONG", $"The query text has {tooLong.Query!.Length} characters; at most {options.MaxQueryLength} are allowed."));
            return;
        }

        var caller = await http.ResolveCallerAsync(cancellationToken);
        if (!caller.IsSuccess)
        {
            http.Response.Headers.WWWAuthenticate = "Bearer";
            await WriteErrorAsync(http, StatusCodes.Status401Unauthorized, caller.Error!);
            return;
        }

        var executer = http.RequestServices.GetRequiredService<IDocumentExecuter<DangjianSchema>>();
        var store = http.RequestServices.GetRequiredService<IDocumentStore>();
        var paging = http.RequestServices.GetRequiredService<PagingOptions>();
        var (rules, rulesForValidated) = ValidationRules(http, options, isGet);
        var validated = http.RequestServices.GetRequiredService<ValidatedDocuments>();
        var results = new List<ExecutionResult>(requests.Count);
        foreach (var request in requests)
        {
            var key = request.DocumentId ?? request.Query;
            var document = validated.Find(key);
            var result = await executer.ExecuteAsync(new ExecutionOptions
            {
                Query = request.Query,
                Document = document,
                DocumentId = request.DocumentId,
                OperationName = request.OperationName,
                Variables = request.Variables,
                Extensions = request.Extensions,
                RequestServices = http.RequestServices,
                User = http.User,
                UserContext = new RequestContext(new DocumentReader(store, caller.Value, paging)),
                ValidationRules = document is null ? rules : rulesForValidated,
                CancellationToken = cancellationToken,
            });
            // Executed means it passed every rule: the same text is valid the next time, whatever its variables.
            if (document is null && result.Executed)
                validated.Remember(key, result.Document);
            Log(http, result);
            if (result.Errors?.Count > 0)
                (result.Extensions ??= new Dictionary<string, object?>())["requestId"] = http.TraceIdentifier;
            results.Add(result);
        }

        var mediaType = ResponseMediaType(http.Request);
        http.Response.ContentType = mediaType + "; charset=utf-8";
        http.Response.StatusCode = StatusFor(results, mediaType, isGet);
        if (parsed.Value.IsBatch)
            await serializer.WriteAsync(http.Response.Body, results, cancellationToken);
        else
            await serializer.WriteAsync(http.Response.Body, results[0], cancellationToken);
    }

    /// <summary>
    /// Every rule, for a document seen for the first time; and for a document that passed them before, only the rules
    /// that depend on this request: complexity (page sizes may be variables) and, over GET, queries only. The others
    /// look at the document alone, and the switches they depend on (introspection) are fixed for the process.
    /// </summary>
    private static (IEnumerable<IValidationRule> All, IEnumerable<IValidationRule> ForValidated) ValidationRules(HttpContext http, GraphQLOptions options, bool isGet)
    {
        var environment = http.RequestServices.GetRequiredService<IHostEnvironment>();
        var complexity = http.RequestServices.GetRequiredService<ComplexityValidationRule>();
        List<IValidationRule> perRequest = isGet ? [complexity, QueriesOnlyOverGet.Instance] : [complexity];
        List<IValidationRule> all = [.. DocumentValidator.CoreRules, new MaxAliasesRule(options.MaxAliases), .. perRequest];
        if (!(options.Introspection ?? environment.IsDevelopment()))
            all.Add(NoIntrospectionValidationRule.Instance);
        return (all, perRequest);
    }

    /// <summary>Every error of a response is logged once, with the request id the response carries.</summary>
    private static void Log(HttpContext http, ExecutionResult result)
    {
        if (result.Errors is not { Count: > 0 } errors)
            return;
        var logger = http.RequestServices.GetRequiredService<ILogger<DangjianSchema>>();
        foreach (var error in errors.Where(e => e is not global::GraphQL.Execution.UnhandledError))
            logger.LogInformation("GraphQL error {Code} in request {RequestId}: {Message}", error.Code, http.TraceIdentifier, error.Message);
    }

    /// <summary>
    /// With application/json every executed request is 200, as clients of that media type expect. With the newer
    /// application/graphql-response+json, a request that never reached execution (syntax or validation error) is
    /// 400, as the GraphQL-over-HTTP specification says; a GET mutation is 405 either way.
    /// </summary>
    private static int StatusFor(IReadOnlyList<ExecutionResult> results, string mediaType, bool isGet)
    {
        if (isGet && results.Any(r => r.Errors?.Any(e => e.Code == QueriesOnlyOverGet.Code) == true))
            return StatusCodes.Status405MethodNotAllowed;
        if (mediaType == GraphQLResponseMediaType && results.Count == 1 && !results[0].Executed)
            return StatusCodes.Status400BadRequest;
        return StatusCodes.Status200OK;
    }

    private static Result<ParsedRequest, TransportError>? CheckPreflight(HttpRequest request, GraphQLOptions options, bool isGet)
    {
        if (!options.RequirePreflightHeader || PreflightHeaders.Any(h => !string.IsNullOrWhiteSpace(request.Headers[h])))
            return null;
        var simpleContent = MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
            && type.MediaType.Value is { } media
            && (media.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase)
                || media.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
                || media.Equals("text/plain", StringComparison.OrdinalIgnoreCase));
        if (!isGet && !simpleContent)
            return null;
        return new TransportError(StatusCodes.Status400BadRequest, new Error("PREFLIGHT_REQUIRED",
            "Requests a browser could send cross-site (GET, forms) must carry a 'GraphQL-Require-Preflight: 1' header; or POST JSON."));
    }

    private static Result<ParsedRequest, TransportError> ParseGet(HttpRequest request, IGraphQLTextSerializer serializer)
    {
        var query = request.Query["query"].ToString();
        if (string.IsNullOrWhiteSpace(query) && !request.Query.ContainsKey("documentId"))
            return new TransportError(400, new Error("MISSING_QUERY", "Send the query in the 'query' parameter (or a persisted 'documentId')."));
        var graphQLRequest = new GraphQLRequest
        {
            Query = string.IsNullOrEmpty(query) ? null : query,
            DocumentId = request.Query.TryGetValue("documentId", out var id) ? id.ToString() : null,
            OperationName = request.Query.TryGetValue("operationName", out var name) && !string.IsNullOrEmpty(name) ? name.ToString() : null,
        };
        try
        {
            if (request.Query.TryGetValue("variables", out var variables) && !string.IsNullOrWhiteSpace(variables))
                graphQLRequest.Variables = serializer.Deserialize<Inputs>(variables.ToString());
            if (request.Query.TryGetValue("extensions", out var extensions) && !string.IsNullOrWhiteSpace(extensions))
                graphQLRequest.Extensions = serializer.Deserialize<Inputs>(extensions.ToString());
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            return new TransportError(400, new Error("INVALID_JSON", "The 'variables' or 'extensions' parameter is not a JSON object."));
        }
        return new ParsedRequest([graphQLRequest], IsBatch: false);
    }

    private static async Task<Result<ParsedRequest, TransportError>> ParsePostAsync(HttpRequest request, IGraphQLTextSerializer serializer,
        GraphQLOptions options, CancellationToken cancellationToken)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType)
            || !contentType.MediaType.Equals(JsonMediaType, StringComparison.OrdinalIgnoreCase))
        {
            return new TransportError(StatusCodes.Status415UnsupportedMediaType,
                new Error("UNSUPPORTED_MEDIA_TYPE", "POST a JSON body with Content-Type: application/json."));
        }
        if (contentType.Charset.HasValue && !contentType.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase))
            return new TransportError(StatusCodes.Status415UnsupportedMediaType, new Error("UNSUPPORTED_MEDIA_TYPE", "The body must be UTF-8."));

        var tooLarge = new TransportError(StatusCodes.Status413PayloadTooLarge,
            new Error("REQUEST_TOO_LARGE", $"The body may be at most {options.MaxBodyBytes} bytes."));
        if (request.ContentLength > options.MaxBodyBytes)
            return tooLarge;
        using var body = new MemoryStream();
        // Read at most one byte past the limit, whatever Content-Length claimed (it may be absent or false).
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            await body.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            if (body.Length > options.MaxBodyBytes)
                return tooLarge;
        }
        body.Position = 0;
        var isBatch = FirstSignificantByte(body) == '[';
        try
        {
            IReadOnlyList<GraphQLRequest?>? requests = isBatch
                ? await serializer.ReadAsync<GraphQLRequest?[]>(body, cancellationToken)
                : [await serializer.ReadAsync<GraphQLRequest>(body, cancellationToken)];
            if (requests is null || requests.Count == 0 || requests.Any(r => r is null))
                return new TransportError(400, new Error("INVALID_REQUEST", "The body must be a GraphQL request object (or a non-empty array of them)."));
            return new ParsedRequest(requests.Select(r => r!).ToList(), isBatch);
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or NotSupportedException or System.Text.DecoderFallbackException)
        {
            return new TransportError(400, new Error("INVALID_JSON", "The body is not valid JSON of a GraphQL request: {\"query\": \"…\", \"variables\": {…}}."));
        }
    }

    private static int FirstSignificantByte(MemoryStream body)
    {
        var buffer = body.GetBuffer();
        for (var i = 0; i < body.Length; i++)
        {
            if (buffer[i] is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or 0xEF or 0xBB or 0xBF))
                return buffer[i];
        }
        return -1;
    }

    private static bool AcceptsHtml(HttpRequest request) =>
        request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase));

    private static string ResponseMediaType(HttpRequest request)
    {
        var accept = request.GetTypedHeaders().Accept;
        if (accept.Count == 0)
            return JsonMediaType;
        var best = accept.Where(a => a.MediaType.Equals(GraphQLResponseMediaType, StringComparison.OrdinalIgnoreCase)
                                     || a.MediaType.Equals(JsonMediaType, StringComparison.OrdinalIgnoreCase))
            .OrderByDescending(a => a.Quality ?? 1)
            .ThenBy(a => a.MediaType.Equals(GraphQLResponseMediaType, StringComparison.OrdinalIgnoreCase) ? 0 : 1)
            .FirstOrDefault();
        return best is not null && best.MediaType.Equals(GraphQLResponseMediaType, StringComparison.OrdinalIgnoreCase)
            ? GraphQLResponseMediaType
            : JsonMediaType;
    }

    /// <summary>A transport-level refusal in the GraphQL error shape, with the request id for the logs.</summary>
    public static async Task WriteErrorAsync(HttpContext http, int status, Error error)
    {
        http.RequestServices.GetRequiredService<ILogger<DangjianSchema>>()
            .LogInformation("Refused GraphQL request {RequestId} with {Status} {Code}: {Message}", http.TraceIdentifier, status, error.Code, error.Message);
        http.Response.StatusCode = status;
        http.Response.ContentType = ResponseMediaType(http.Request) + "; charset=utf-8";
        var body = new
        {
            errors = new[] { new { message = error.Message, extensions = new { code = error.Code } } },
            extensions = new { requestId = http.TraceIdentifier },
        };
        await JsonSerializer.SerializeAsync(http.Response.Body, body, ErrorJson, http.RequestAborted);
    }

    private sealed record ParsedRequest(IReadOnlyList<GraphQLRequest> Requests, bool IsBatch);

    private sealed record TransportError(int Status, Error Error);

    /// <summary>A value or a transport error, for request parsing.</summary>
    private readonly record struct Result<T, TError>(T? Value, TError? Error) where TError : class
    {
        public bool IsSuccess => Error is null;

        public static implicit operator Result<T, TError>(T value) => new(value, null);

        public static implicit operator Result<T, TError>(TError error) => new(default, error);
    }
}

/// <summary>GET must not change anything: any operation but a query sent with GET fails validation (and becomes 405).</summary>
internal sealed class QueriesOnlyOverGet : ValidationRuleBase
{
    public const string Code = "METHOD_NOT_ALLOWED";
    public static readonly QueriesOnlyOverGet Instance = new();

    public override ValueTask<INodeVisitor?> GetPreNodeVisitorAsync(ValidationContext context)
    {
        if (context.Operation.Operation != GraphQLParser.AST.OperationType.Query)
        {
            context.ReportError(new ValidationError(context.Document.Source, null,
                $"Only queries may be sent with GET; send this {context.Operation.Operation.ToString().ToLowerInvariant()} with POST.",
                context.Operation)
            { Code = Code });
        }
        return default;
    }
}
