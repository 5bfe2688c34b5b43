namespace Dangjian.Core;

/// <summary>An expected failure: returned as a value and shown to API clients as a typed error.</summary>
/// <param name="Code">Stable, machine-readable: clients branch on it.</param>
/// <param name="Message">For people; says what to change.</param>
/// <param name="Path">The input field at fault, e.g. ["input", "title"], when there is one.</param>
public record Error(string Code, string Message, IReadOnlyList<string>? Path = null)
{
    public Error WithPath(params string[] path) => this with { Path = path };

    public static Error NotFound(string what, string id) => new(ErrorCodes.NotFound, $"No {what} with id '{id}' exists, or you may not see it.");

    public static Error Validation(string message, params string[] path) => new(ErrorCodes.Validation, message, path);

    public static Error Forbidden(string message) => new(ErrorCodes.Forbidden, message);

    public static Error Unauthenticated(string message) => new(ErrorCodes.Unauthenticated, message);
}

/// <summary>The document changed since the client read it: nothing was written.</summary>
public sealed record VersionConflictError(long ExpectedVersion, long CurrentVersion)
    : Error(ErrorCodes.VersionConflict,
        $"The document is at version {CurrentVersion}, not {ExpectedVersion}: someone changed it since you read it. Reload, reapply your change and send version {CurrentVersion}.",
        ["input", "expectedVersion"]);

/// <summary>The workflow does not allow this step from the current state.</summary>
public sealed record ForbiddenTransitionError(string From, string Action, string Message)
    : Error(ErrorCodes.ForbiddenTransition, Message);

/// <summary>Several problems with one input, all reported at once.</summary>
public sealed record ValidationErrors(IReadOnlyList<Error> Problems)
    : Error(ErrorCodes.Validation, string.Join(" ", Problems.Select(p => p.Message)))
{
    /// <summary>What collected problems amount to: nothing, the one problem, or all of them at once.</summary>
    public static Error? Of(IReadOnlyCollection<Error> problems) => problems.Count switch
    {
        0 => null,
        1 => problems.First(),
        _ => new ValidationErrors(problems.ToList()),
    };
}

/// <summary>Codes clients can rely on. Adding one is fine; renaming one breaks clients.</summary>
public static class ErrorCodes
{
    public const string InvalidCursor = "INVALID_CURSOR";
    public const string InvalidPageSize = "INVALID_PAGE_SIZE";
    public const string PageSizeExceeded = "PAGE_SIZE_EXCEEDED";
    public const string InvalidPaging = "INVALID_PAGING";
    public const string InvalidId = "INVALID_ID";
    public const string InvalidFilter = "INVALID_FILTER";
    public const string InvalidSort = "INVALID_SORT";
    /// <summary>
    /// A filter through a relation (<c>submittingOrganization: { name: … }</c>) that matches more linked documents than
    /// the configured bound (Dangjian:GraphQL:MaxRelationFilterMatches): narrow it, or filter on the link by id.
    /// </summary>
    public const string RelationFilterTooBroad = "RELATION_FILTER_TOO_BROAD";
    /// <summary>A search query that cannot be searched as written (empty, too long, nothing but exclusions or symbols).</summary>
    public const string InvalidQuery = "INVALID_QUERY";
    public const string Timeout = "TIMEOUT";
    public const string NotFound = "NOT_FOUND";
    public const string VersionConflict = "VERSION_CONFLICT";
    public const string Validation = "VALIDATION_ERROR";
    public const string Forbidden = "FORBIDDEN";
    public const string ForbiddenTransition = "FORBIDDEN_TRANSITION";
    public const string Unauthenticated = "UNAUTHENTICATED";
    /// <summary>The web app's session cookie was sent but its session has ended (expired, or from a key no longer known): sign in again.</summary>
    public const string SessionExpired = "SESSION_EXPIRED";
    /// <summary>A state-changing request carried the session cookie without a valid antiforgery token (or a WebSocket came from another origin).</summary>
    public const string AntiforgeryTokenInvalid = "ANTIFORGERY_TOKEN_INVALID";
    /// <summary>A file to import is not one the importer reads (.txt, .docx, .pdf), is not what its name says, or is damaged or encrypted.</summary>
    public const string UnsupportedFile = "UNSUPPORTED_FILE";
    /// <summary>A file to import is larger than allowed, or expands beyond the allowed size (a zip bomb).</summary>
    public const string FileTooLarge = "FILE_TOO_LARGE";
    /// <summary>A PDF with no text to extract: its pages are images (a scan), which needs OCR first.</summary>
    public const string NoTextLayer = "NO_TEXT_LAYER";

    // Transport and limits: refusals of a request as a whole, before (or instead of) executing it. The README's
    // "Limits and protection" table lists the limits; GraphQL's own validation codes (ARGUMENTS_OF_CORRECT_TYPE …) are
    // GraphQL.NET's.
    public const string InvalidJson = "INVALID_JSON";
    public const string InvalidRequest = "INVALID_REQUEST";
    public const string MissingQuery = "MISSING_QUERY";
    public const string UnsupportedMediaType = "UNSUPPORTED_MEDIA_TYPE";
    public const string PreflightRequired = "PREFLIGHT_REQUIRED";
    public const string MethodNotAllowed = "METHOD_NOT_ALLOWED";
    public const string RequestTooLarge = "REQUEST_TOO_LARGE";
    public const string UriTooLong = "URI_TOO_LONG";
    public const string HeadersTooLarge = "HEADERS_TOO_LARGE";
    public const string QueryTooLong = "QUERY_TOO_LONG";
    public const string BatchTooLarge = "BATCH_TOO_LARGE";
    public const string RateLimited = "RATE_LIMITED";
    public const string MaxDepth = "MAX_DEPTH";
    public const string MaxIntrospectionDepth = "MAX_INTROSPECTION_DEPTH";
    public const string Complexity = "COMPLEXITY";
    public const string TooManyAliases = "TOO_MANY_ALIASES";
    /// <summary>A caller-supplied string that would be repeated in the response (highlight tags) is longer than allowed.</summary>
    public const string ArgumentTooLong = "ARGUMENT_TOO_LONG";
    public const string ResponseTooLarge = "RESPONSE_TOO_LARGE";
    public const string PersistedQueryNotFound = "PERSISTED_QUERY_NOT_FOUND";
    public const string PersistedQueryHashMismatch = "PERSISTED_QUERY_HASH_MISMATCH";
    /// <summary>A subscription sent as a plain HTTP request (one response): it needs a WebSocket or an event stream.</summary>
    public const string StreamingTransportRequired = "STREAMING_TRANSPORT_REQUIRED";
    /// <summary>More live subscriptions (or WebSockets) than one connection or one client may hold.</summary>
    public const string TooManySubscriptions = "TOO_MANY_SUBSCRIPTIONS";
    /// <summary>A subscriber fell too many events behind and was dropped.</summary>
    public const string SlowConsumer = "SLOW_CONSUMER";
    /// <summary>A consistency token that is not one a mutation of this store returned (malformed, repeated, or beyond the change feed).</summary>
    public const string InvalidConsistencyToken = "INVALID_CONSISTENCY_TOKEN";
    /// <summary>This instance's search index did not reach the change a consistency token names within the allowed wait.</summary>
    public const string ConsistencyTimeout = "CONSISTENCY_TIMEOUT";
    /// <summary>Anything unexpected: the response says only that it was logged, with the request id.</summary>
    public const string Internal = "INTERNAL_SERVER_ERROR";
}

/// <summary>A value or an <see cref="Error"/>.</summary>
public readonly record struct Result<T>
{
    private readonly T? _value;

    private Result(T? value, Error? error)
    {
        _value = value;
        Error = error;
    }

    public Error? Error { get; }

    public bool IsSuccess => Error is null;

    public T Value => IsSuccess ? _value! : throw new InvalidOperationException($"No value: {Error!.Code} {Error.Message}");

    public static Result<T> Success(T value) => new(value, null);

    public static Result<T> Failure(Error error) => new(default, error);

    public static implicit operator Result<T>(T value) => Success(value);

    public static implicit operator Result<T>(Error error) => Failure(error);
}
