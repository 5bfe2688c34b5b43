namespace Dangjian.Core;

/// <summary>An expected failure: returned as a value and shown to API clients as a typed error.</summary>
/// <param name="Code">Stable, machine-readable: clients branch on it.</param>
/// <param name="Message">For people; says what to change.</param>
/// <param name="Path">The input field at fault, e.g. ["input", "title"], when there is one.</param>
public sealed record Error(string Code, string Message, IReadOnlyList<string>? Path = null)
{
    public Error WithPath(params string[] path) => this with { Path = path };
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
    /// <summary>A search query that cannot be searched as written (empty, too long, nothing but exclusions or symbols).</summary>
    public const string InvalidQuery = "INVALID_QUERY";
    public const string NotFound = "NOT_FOUND";
    public const string VersionConflict = "VERSION_CONFLICT";
    public const string Validation = "VALIDATION_ERROR";
    public const string Forbidden = "FORBIDDEN";
    public const string ForbiddenTransition = "FORBIDDEN_TRANSITION";
    public const string Unauthenticated = "UNAUTHENTICATED";
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
