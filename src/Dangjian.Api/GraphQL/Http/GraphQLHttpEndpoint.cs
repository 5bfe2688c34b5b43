using System.Text.Json;
using Dangjian.Api.Infrastructure;
using Dangjian.Core;
using GraphQL;
using GraphQL.Transport;
using GraphQL.Validation;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Dangjian.Api.GraphQL.Http;

/// <summary>Where GraphQL over HTTP is served.</summary>
public static class GraphQLHttpEndpoint
{
    public const string Path = "/graphql";

    public static IEndpointRouteBuilder MapDangjianGraphQL(this IEndpointRouteBuilder app)
    {
        app.MapMethods(Path, [HttpMethods.Get, HttpMethods.Post], http => Transport(http).HandleAsync(http))
            .RequireOperationRateLimit();
        return app;
    }

    /// <summary>One address, three transports: a WebSocket upgrade, a request for an event stream, or plain HTTP.</summary>
    private static GraphQLTransport Transport(HttpContext http) =>
        http.WebSockets.IsWebSocketRequest ? http.RequestServices.GetRequiredService<GraphQLWebSocketTransport>()
        : GraphQLSseTransport.Wants(http.Request) ? http.RequestServices.GetRequiredService<GraphQLSseTransport>()
        : http.RequestServices.GetRequiredService<GraphQLHttpTransport>();
}

/// <summary>
/// GraphQL over HTTP at /graphql: POST with a JSON body (one request or a batch), GET with query parameters (queries
/// only), and the GraphiQL IDE for a browser's GET where introspection is on. Its own steps are reading the request
/// (media types, body size, the CSRF preflight header) and writing the response (media type, status, a bounded size);
/// the rest are <see cref="GraphQLTransport"/>'s.
/// </summary>
public class GraphQLHttpTransport(GraphQLTransportServices services) : GraphQLTransport(services)
{
    /// <summary>Headers a browser cannot add to a cross-site request without a CORS preflight.</summary>
    public static readonly string[] PreflightHeaders = ["GraphQL-Require-Preflight", "Apollo-Require-Preflight", "X-Apollo-Operation-Name"];

    public override async Task HandleAsync(HttpContext http)
    {
        var request = http.Request;
        if (HttpMethods.IsGet(request.Method) && !request.Query.ContainsKey("query") && !request.Query.ContainsKey("documentId")
            && !request.Query.ContainsKey("extensions") && AcceptsHtml(request))
        {
            await ServeIdeAsync(http);
            return;
        }
        await base.HandleAsync(http);
    }

    protected override async Task<Result<ParsedRequest>> ParseAsync(HttpContext http, CancellationToken cancellationToken)
    {
        var isGet = HttpMethods.IsGet(http.Request.Method);
        if (RequiresPreflight(http.Request, isGet))
            return new PreflightRequiredError();
        return isGet ? ParseGet(http.Request) : await ParsePostAsync(http.Request, cancellationToken);
    }

    protected override IEnumerable<IValidationRule> TransportRules(HttpContext http) =>
        HttpMethods.IsGet(http.Request.Method) ? [QueriesOnlyOverGet.Instance] : [NoSubscriptionsOverPlainHttp.Instance];

    /// <summary>
    /// The results as JSON, one object or (for a batch) an array, buffered up to <see cref="GraphQLOptions.MaxResponseBytes"/>:
    /// past that, each result is replaced by a RESPONSE_TOO_LARGE error, so that no request can make the server
    /// hold or send an unbounded answer. Buffers past 64 KB spill to a temporary file, not to memory.
    /// </summary>
    protected override async Task WriteResultsAsync(HttpContext http, ParsedRequest request, IReadOnlyList<ExecutionResult> results, CancellationToken cancellationToken)
    {
        // Before the size check: a response too large to send still carried out its mutations, and names their commit.
        ConsistencyToken.AddHeader(http.Response, results);
        await using var buffer = new FileBufferingWriteStream(memoryThreshold: 64 * 1024);
        if (!await TrySerializeAsync(buffer, request, results, cancellationToken))
        {
            var tooLarge = new Error(ErrorCodes.ResponseTooLarge, string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"The response would be larger than {Options.MaxResponseBytes} bytes and was not sent: ask for fewer fields or smaller pages. Mutations in the request were carried out."));
            results = results.Select(_ => Refused(http, tooLarge)).ToList();
            await using var refusal = new FileBufferingWriteStream();
            await Services.Serializer.WriteAsync(refusal, request.IsBatch ? (object)results : results[0], cancellationToken);
            await SendAsync(http, results, refusal, cancellationToken);
            return;
        }
        await SendAsync(http, results, buffer, cancellationToken);
    }

    private async Task<bool> TrySerializeAsync(Stream buffer, ParsedRequest request, IReadOnlyList<ExecutionResult> results, CancellationToken cancellationToken)
    {
        try
        {
            await using var bounded = new BoundedWriteStream(buffer, Options.MaxResponseBytes);
            await Services.Serializer.WriteAsync(bounded, request.IsBatch ? (object)results : results[0], cancellationToken);
            return true;
        }
        catch (BoundedWriteStream.LimitExceededException)
        {
            return false;
        }
    }

    private static async Task SendAsync(HttpContext http, IReadOnlyList<ExecutionResult> results, FileBufferingWriteStream body, CancellationToken cancellationToken)
    {
        var mediaType = MediaTypes.Negotiate(http.Request);
        http.Response.ContentType = mediaType + "; charset=utf-8";
        http.Response.StatusCode = StatusFor(results, mediaType, HttpMethods.IsGet(http.Request.Method));
        http.Response.ContentLength = body.Length;
        await body.DrainBufferAsync(http.Response.Body, cancellationToken);
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
        if (mediaType == MediaTypes.GraphQLResponse && results.Count == 1 && !results[0].Executed)
            return StatusCodes.Status400BadRequest;
        return StatusCodes.Status200OK;
    }

    /// <summary>A GET, or a POST a browser form could send, without a header that forces a CORS preflight: cross-site request forgery defence.</summary>
    private bool RequiresPreflight(HttpRequest request, bool isGet)
    {
        if (!Options.RequirePreflightHeader || PreflightHeaders.Any(h => !string.IsNullOrWhiteSpace(request.Headers[h])))
            return false;
        var simpleContent = MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
            && type.MediaType.Value is { } media
            && (media.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase)
                || media.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
                || media.Equals("text/plain", StringComparison.OrdinalIgnoreCase));
        return isGet || simpleContent;
    }

    private Result<ParsedRequest> ParseGet(HttpRequest request)
    {
        var query = request.Query["query"].ToString();
        if (string.IsNullOrWhiteSpace(query) && !request.Query.ContainsKey("documentId") && !request.Query.ContainsKey("extensions"))
            return new MissingQueryError();
        var graphQLRequest = new GraphQLRequest
        {
            Query = string.IsNullOrEmpty(query) ? null : query,
            DocumentId = request.Query.TryGetValue("documentId", out var id) ? id.ToString() : null,
            OperationName = request.Query.TryGetValue("operationName", out var name) && !string.IsNullOrEmpty(name) ? name.ToString() : null,
        };
        try
        {
            if (request.Query.TryGetValue("variables", out var variables) && !string.IsNullOrWhiteSpace(variables))
                graphQLRequest.Variables = Services.Serializer.Deserialize<Inputs>(variables.ToString());
            if (request.Query.TryGetValue("extensions", out var extensions) && !string.IsNullOrWhiteSpace(extensions))
                graphQLRequest.Extensions = Services.Serializer.Deserialize<Inputs>(extensions.ToString());
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            return new InvalidJsonError("The 'variables' or 'extensions' parameter is not a JSON object.");
        }
        return new ParsedRequest([graphQLRequest], IsBatch: false);
    }

    private async Task<Result<ParsedRequest>> ParsePostAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType)
            || !contentType.MediaType.Equals(MediaTypes.Json, StringComparison.OrdinalIgnoreCase))
        {
            return new UnsupportedMediaTypeError("POST a JSON body with Content-Type: application/json.");
        }
        if (contentType.Charset.HasValue && !contentType.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase))
            return new UnsupportedMediaTypeError("The body must be UTF-8.");

        var tooLarge = new RequestTooLargeError(Options.MaxBodyBytes);
        if (request.ContentLength > Options.MaxBodyBytes)
            return tooLarge;
        using var body = new MemoryStream();
        // Read at most one buffer past the limit, whatever Content-Length claimed (it may be absent or false).
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            await body.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            if (body.Length > Options.MaxBodyBytes)
                return tooLarge;
        }
        body.Position = 0;
        var isBatch = FirstSignificantByte(body) == '[';
        try
        {
            IReadOnlyList<GraphQLRequest?>? requests = isBatch
                ? await Services.Serializer.ReadAsync<GraphQLRequest?[]>(body, cancellationToken)
                : [await Services.Serializer.ReadAsync<GraphQLRequest>(body, cancellationToken)];
            if (requests is null || requests.Count == 0 || requests.Any(r => r is null))
                return new InvalidRequestError("The body must be a GraphQL request object (or a non-empty array of them).");
            return new ParsedRequest(requests.Select(r => r!).ToList(), isBatch);
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or NotSupportedException or System.Text.DecoderFallbackException)
        {
            return new InvalidJsonError("The body is not valid JSON of a GraphQL request: {\"query\": \"…\", \"variables\": {…}}.");
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

    /// <summary>
    /// The IDE only where introspection is on: without the schema it can neither document nor complete anything.
    /// Production (introspection off) serves no IDE; its developers use a Development server or schema/schema.graphql.
    /// </summary>
    private async Task ServeIdeAsync(HttpContext http)
    {
        var page = Web.WebApp.Assets.GetFileInfo("graphiql/index.html");
        if (!Services.IntrospectionEnabled || !page.Exists)
        {
            await WriteErrorAsync(http, new NotFoundError(
                "No IDE is served here: introspection is off. The schema is schema/schema.graphql in the repository; GraphiQL runs on a Development server."));
            return;
        }
        http.Response.ContentType = "text/html; charset=utf-8";
        http.Response.Headers.CacheControl = "no-cache";
        await http.Response.SendFileAsync(page, http.RequestAborted);
    }
}

/// <summary>GET must not change anything: any operation but a query (or, for an event stream, a subscription) sent with GET fails validation (and becomes 405).</summary>
internal sealed class QueriesOnlyOverGet(bool allowSubscriptions) : ValidationRuleBase
{
    public const string Code = ErrorCodes.MethodNotAllowed;
    public static readonly QueriesOnlyOverGet Instance = new(false);
    public static readonly QueriesOnlyOverGet AllowingSubscriptions = new(true);

    public override ValueTask<INodeVisitor?> GetPreNodeVisitorAsync(ValidationContext context)
    {
        var operation = context.Operation.Operation;
        if (operation != GraphQLParser.AST.OperationType.Query && !(allowSubscriptions && operation == GraphQLParser.AST.OperationType.Subscription))
        {
            context.ReportError(new ValidationError(context.Document.Source, null,
                $"Only queries may be sent with GET; send this {operation.ToString().ToLowerInvariant()} with POST.",
                context.Operation)
            { Code = Code });
        }
        return default;
    }
}

/// <summary>
/// A subscription needs a connection that stays open: over a plain POST (one response) it is refused with a code that
/// names the transports that serve it.
/// </summary>
internal sealed class NoSubscriptionsOverPlainHttp : ValidationRuleBase
{
    public static readonly NoSubscriptionsOverPlainHttp Instance = new();

    public override ValueTask<INodeVisitor?> GetPreNodeVisitorAsync(ValidationContext context)
    {
        if (context.Operation.Operation == GraphQLParser.AST.OperationType.Subscription)
        {
            context.ReportError(new ValidationError(context.Document.Source, null,
                "Subscriptions need a streaming transport: a WebSocket at /graphql (subprotocol graphql-transport-ws), or POST with 'Accept: text/event-stream' (GraphQL over SSE).",
                context.Operation)
            { Code = ErrorCodes.StreamingTransportRequired });
        }
        return default;
    }
}

/// <summary>
/// Passes writes on until a byte limit, then throws: the way to stop a serializer that is writing an answer too large
/// to send. The exception never leaves <see cref="GraphQLHttpTransport"/>.
/// </summary>
internal sealed class BoundedWriteStream(Stream inner, long limit) : Stream
{
    private long _written;

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => _written;
    public override long Position { get => _written; set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count)
    {
        Count(count);
        inner.Write(buffer, offset, count);
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Count(buffer.Length);
        return inner.WriteAsync(buffer, cancellationToken);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    private void Count(int bytes)
    {
        _written += bytes;
        if (_written > limit)
            throw new LimitExceededException();
    }

    internal sealed class LimitExceededException() : Exception("The response limit was reached.");
}
