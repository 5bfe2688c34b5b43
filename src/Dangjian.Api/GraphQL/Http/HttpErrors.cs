using System.Text.Encodings.Web;
using System.Text.Json;
using Dangjian.Core;

namespace Dangjian.Api.GraphQL.Http;

/// <summary>
/// The one writer of refusals over HTTP, for /graphql, /d/{id}, /export/search and whatever the framework itself
/// refuses (unknown routes, methods, over-long URLs and headers, the rate limit): the status and headers of the
/// <see cref="RequestError"/>, and a GraphQL-shaped body with its code and the request id that the logs carry.
/// </summary>
public static class HttpErrors
{
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static async Task WriteAsync(HttpContext http, Error error)
    {
        var refusal = RequestError.From(error);
        http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(HttpErrors))
            .LogInformation("Refused request {RequestId} with {Status} {Code}: {Message}", http.TraceIdentifier, refusal.Status, refusal.Code, refusal.Message);
        var response = http.Response;
        if (response.HasStarted)
            return;
        response.StatusCode = refusal.Status;
        refusal.AddHeaders(response.Headers);
        response.ContentType = MediaTypes.Negotiate(http.Request) + "; charset=utf-8";
        var body = new
        {
            errors = new[] { new { message = refusal.Message, extensions = new { code = refusal.Code } } },
            extensions = new { requestId = http.TraceIdentifier },
        };
        await JsonSerializer.SerializeAsync(response.Body, body, Json, http.RequestAborted);
    }
}

/// <summary>The response media types of GraphQL over HTTP, and the choice between them by the Accept header.</summary>
public static class MediaTypes
{
    public const string GraphQLResponse = "application/graphql-response+json";
    public const string Json = "application/json";

    /// <summary>application/graphql-response+json when the client prefers it, else application/json (also for no Accept).</summary>
    public static string Negotiate(HttpRequest request)
    {
        var accept = request.GetTypedHeaders().Accept;
        if (accept.Count == 0)
            return Json;
        var best = accept.Where(a => a.MediaType.Equals(GraphQLResponse, StringComparison.OrdinalIgnoreCase)
                                     || a.MediaType.Equals(Json, StringComparison.OrdinalIgnoreCase))
            .OrderByDescending(a => a.Quality ?? 1)
            .ThenBy(a => a.MediaType.Equals(GraphQLResponse, StringComparison.OrdinalIgnoreCase) ? 0 : 1)
            .FirstOrDefault();
        return best is not null && best.MediaType.Equals(GraphQLResponse, StringComparison.OrdinalIgnoreCase) ? GraphQLResponse : Json;
    }
}
