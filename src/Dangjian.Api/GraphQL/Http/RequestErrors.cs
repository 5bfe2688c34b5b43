using System.Globalization;
using Dangjian.Core;
using Microsoft.AspNetCore.WebUtilities;

namespace Dangjian.Api.GraphQL.Http;

/// <summary>
/// A request refused as a whole, before (or instead of) executing anything: the HTTP status it is answered with, the
/// headers that status calls for, and the coded error in GraphQL's shape. One type per refusal, so that a transport
/// (HTTP today, WebSocket and SSE later) decides how to deliver it and <see cref="HttpErrors"/> writes it for HTTP.
/// </summary>
public abstract record RequestError(int Status, string Code, string Message) : Error(Code, Message)
{
    /// <summary>Headers that go with the status (WWW-Authenticate with 401, Retry-After with 429, Allow with 405).</summary>
    public virtual void AddHeaders(IHeaderDictionary headers)
    {
    }

    /// <summary>A refusal for an expected failure of Core (not found, forbidden, timeout …), with the status its code implies.</summary>
    public static RequestError From(Error error) => error switch
    {
        RequestError refusal => refusal,
        { Code: ErrorCodes.Unauthenticated } => new UnauthenticatedError(error.Message),
        _ => new CoreRequestError(StatusOf(error.Code), error),
    };

    private static int StatusOf(string code) => code switch
    {
        ErrorCodes.NotFound => StatusCodes.Status404NotFound,
        ErrorCodes.Forbidden => StatusCodes.Status403Forbidden,
        ErrorCodes.FileTooLarge => StatusCodes.Status413PayloadTooLarge,
        ErrorCodes.Timeout => StatusCodes.Status503ServiceUnavailable,
        ErrorCodes.Internal => StatusCodes.Status500InternalServerError,
        _ => StatusCodes.Status400BadRequest,
    };
}

/// <summary>An expected failure from Core, answered with the status its code implies.</summary>
public sealed record CoreRequestError(int Status, Error Error) : RequestError(Status, Error.Code, Error.Message);

/// <summary>A token was sent and is not valid (expired, tampered, wrong issuer, missing claims): 401 with the RFC 6750 challenge.</summary>
public sealed record UnauthenticatedError(string Reason) : RequestError(StatusCodes.Status401Unauthorized, ErrorCodes.Unauthenticated, Reason)
{
    public override void AddHeaders(IHeaderDictionary headers) =>
        headers.WWWAuthenticate = $"Bearer realm=\"dangjian\", error=\"invalid_token\", error_description=\"{Message.Replace("\"", "'", StringComparison.Ordinal)}\"";
}

/// <summary>
/// The session cookie was sent but its session is over (expired, or sealed with a key this instance does not know):
/// 401 with a code of its own, so that the web app says "your session ended, sign in again" rather than "forbidden".
/// The response also deletes the cookie, so that the next request is simply anonymous.
/// </summary>
public sealed record SessionExpiredError() : RequestError(StatusCodes.Status401Unauthorized, ErrorCodes.SessionExpired,
    "Your session has ended; sign in again.")
{
    public override void AddHeaders(IHeaderDictionary headers) =>
        headers.WWWAuthenticate = "Session realm=\"dangjian\"";
}

/// <summary>A state-changing request on the session cookie without a valid antiforgery token, or a cookie-authenticated WebSocket from another origin.</summary>
public sealed record AntiforgeryTokenInvalidError(string Reason) : RequestError(StatusCodes.Status403Forbidden, ErrorCodes.AntiforgeryTokenInvalid, Reason);

public sealed record PreflightRequiredError() : RequestError(StatusCodes.Status400BadRequest, ErrorCodes.PreflightRequired,
    "Requests a browser could send cross-site (GET, forms) must carry a 'GraphQL-Require-Preflight: 1' header; or POST JSON.");

public sealed record UnsupportedMediaTypeError(string Reason) : RequestError(StatusCodes.Status415UnsupportedMediaType, ErrorCodes.UnsupportedMediaType, Reason);

public sealed record InvalidJsonError(string Reason) : RequestError(StatusCodes.Status400BadRequest, ErrorCodes.InvalidJson, Reason);

public sealed record InvalidRequestError(string Reason) : RequestError(StatusCodes.Status400BadRequest, ErrorCodes.InvalidRequest, Reason);

public sealed record MissingQueryError() : RequestError(StatusCodes.Status400BadRequest, ErrorCodes.MissingQuery,
    "Send the query in the 'query' parameter (or a persisted 'documentId', or an 'extensions.persistedQuery' hash).");

public sealed record RequestTooLargeError(long MaxBytes) : RequestError(StatusCodes.Status413PayloadTooLarge, ErrorCodes.RequestTooLarge,
    string.Create(CultureInfo.InvariantCulture, $"The body may be at most {MaxBytes} bytes."));

public sealed record UriTooLongError(int MaxLength) : RequestError(StatusCodes.Status414UriTooLong, ErrorCodes.UriTooLong,
    string.Create(CultureInfo.InvariantCulture, $"The URL may be at most {MaxLength} characters; POST the query as JSON instead."));

public sealed record HeadersTooLargeError(int MaxBytes) : RequestError(StatusCodes.Status431RequestHeaderFieldsTooLarge, ErrorCodes.HeadersTooLarge,
    string.Create(CultureInfo.InvariantCulture, $"The request headers may be at most {MaxBytes} bytes together."));

public sealed record QueryTooLongError(int Length, int MaxLength) : RequestError(StatusCodes.Status400BadRequest, ErrorCodes.QueryTooLong,
    string.Create(CultureInfo.InvariantCulture, $"The query text has {Length} characters; at most {MaxLength} are allowed."));

public sealed record BatchTooLargeError(int Count, int MaxCount) : RequestError(StatusCodes.Status400BadRequest, ErrorCodes.BatchTooLarge,
    string.Create(CultureInfo.InvariantCulture, $"A batch may hold at most {MaxCount} operations, not {Count}."));

public sealed record MethodNotAllowedError(string Allowed) : RequestError(StatusCodes.Status405MethodNotAllowed, ErrorCodes.MethodNotAllowed,
    $"This address answers {Allowed} only.")
{
    public override void AddHeaders(IHeaderDictionary headers) => headers.Allow = Allowed;
}

/// <summary>Too many operations from one client in the window; Retry-After says when a permit is free again.</summary>
public sealed record RateLimitedError(TimeSpan RetryAfter) : RequestError(StatusCodes.Status429TooManyRequests, ErrorCodes.RateLimited,
    string.Create(CultureInfo.InvariantCulture, $"Too many requests; try again in {Seconds(RetryAfter)} s."))
{
    public override void AddHeaders(IHeaderDictionary headers) => headers.RetryAfter = Seconds(RetryAfter).ToString(CultureInfo.InvariantCulture);

    private static int Seconds(TimeSpan wait) => Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
}

/// <summary>A consistency token that is malformed, sent twice, or names a change the store has not made.</summary>
public sealed record InvalidConsistencyTokenError(string Reason) : RequestError(StatusCodes.Status400BadRequest, ErrorCodes.InvalidConsistencyToken, Reason);

/// <summary>This instance's index did not reach the token's change in time: retry (another instance may be ahead), or read without it.</summary>
public sealed record ConsistencyTimeoutError(TimeSpan MaxWait) : RequestError(StatusCodes.Status503ServiceUnavailable, ErrorCodes.ConsistencyTimeout,
    string.Create(CultureInfo.InvariantCulture, $"This instance's search index has not reached the change the consistency token names within {MaxWait.TotalSeconds:0.###} s; retry, or send the request without the token."))
{
    public override void AddHeaders(IHeaderDictionary headers) => headers.RetryAfter = "1";
}

/// <summary>An address nothing is served at (including the IDE where introspection is off).</summary>
public sealed record NotFoundError(string Reason) : RequestError(StatusCodes.Status404NotFound, ErrorCodes.NotFound, Reason);

/// <summary>An unexpected failure outside GraphQL execution; the details are in the log under the request id.</summary>
public sealed record InternalError(string RequestId) : RequestError(StatusCodes.Status500InternalServerError, ErrorCodes.Internal,
    $"An internal error occurred; it has been logged with request id {RequestId}.");

/// <summary>Any other status the framework answered with an empty body, given a code so that no refusal is uncoded.</summary>
public sealed record HttpStatusError(int HttpStatus) : RequestError(HttpStatus, CodeOf(HttpStatus), ReasonPhrases.GetReasonPhrase(HttpStatus))
{
    private static string CodeOf(int status) => status switch
    {
        StatusCodes.Status404NotFound => ErrorCodes.NotFound,
        StatusCodes.Status405MethodNotAllowed => ErrorCodes.MethodNotAllowed,
        StatusCodes.Status413PayloadTooLarge => ErrorCodes.RequestTooLarge,
        StatusCodes.Status414UriTooLong => ErrorCodes.UriTooLong,
        StatusCodes.Status415UnsupportedMediaType => ErrorCodes.UnsupportedMediaType,
        StatusCodes.Status431RequestHeaderFieldsTooLarge => ErrorCodes.HeadersTooLarge,
        StatusCodes.Status401Unauthorized => ErrorCodes.Unauthenticated,
        StatusCodes.Status403Forbidden => ErrorCodes.Forbidden,
        StatusCodes.Status429TooManyRequests => ErrorCodes.RateLimited,
        >= 500 => ErrorCodes.Internal,
        _ => ErrorCodes.InvalidRequest,
    };
}
