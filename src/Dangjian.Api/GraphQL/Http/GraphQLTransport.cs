using Dangjian.Api.Auth;
using Dangjian.Api.GraphQL.Limits;
using Dangjian.Api.GraphQL.Operations;
using Dangjian.Api.Infrastructure;
using Dangjian.Core;
using Dangjian.Core.Access;
using Dangjian.Core.Reading;
using GraphQL;
using GraphQL.Transport;
using GraphQL.Validation;
using GraphQL.Validation.Rules;
using GraphQL.Validation.Rules.Custom;
using Microsoft.Extensions.Options;

namespace Dangjian.Api.GraphQL.Http;

/// <summary>The operations a transport received in one message: one, or a batch (answered as an array).</summary>
public sealed record ParsedRequest(IReadOnlyList<GraphQLRequest> Operations, bool IsBatch);

/// <summary>What every transport's steps use; one instance for the process.</summary>
public sealed class GraphQLTransportServices(
    IDocumentExecuter<DangjianSchema> executer,
    IGraphQLTextSerializer serializer,
    ValidatedDocuments validated,
    ComplexityValidationRule complexity,
    OperationRateLimiter rateLimiter,
    OperationCatalog catalog,
    AutomaticPersistedQueries automaticPersistedQueries,
    CommitTracker commits,
    IOptions<GraphQLOptions> options,
    IHostEnvironment environment,
    ILogger<DangjianSchema> logger)
{
    public IDocumentExecuter<DangjianSchema> Executer { get; } = executer;
    public IGraphQLTextSerializer Serializer { get; } = serializer;
    public ValidatedDocuments Validated { get; } = validated;
    public ComplexityValidationRule Complexity { get; } = complexity;
    public OperationRateLimiter RateLimiter { get; } = rateLimiter;
    public OperationCatalog Catalog { get; } = catalog;
    public AutomaticPersistedQueries AutomaticPersistedQueries { get; } = automaticPersistedQueries;
    public CommitTracker Commits { get; } = commits;
    public GraphQLOptions Options { get; } = options.Value;
    public ILogger Logger { get; } = logger;

    /// <summary>Fixed for the process: introspection, and with it the IDE.</summary>
    public bool IntrospectionEnabled { get; } = options.Value.IntrospectionEnabled(environment);
}

/// <summary>
/// The steps every GraphQL transport takes, each overridable: <see cref="ParseAsync"/> (the transport's own: an HTTP
/// body or query string, a WebSocket `subscribe` message …) → <see cref="Admit"/> (size limits and the rate limit,
/// counted in operations) → <see cref="AuthenticateAsync"/> (the bearer token; a WebSocket transport reads it from
/// `connection_init`) → <see cref="ExecuteAsync"/> (persisted queries resolved, then validated with
/// <see cref="ValidationRules"/> and executed) → <see cref="WriteResultsAsync"/> (the transport's own). A refusal at
/// any step is a typed <see cref="RequestError"/> handed to <see cref="WriteErrorAsync"/>. <see cref="HandleAsync"/>
/// runs them in order for request/response transports; a streaming transport calls the shared steps from its own
/// message loop, and adds its operation types with <see cref="TransportRules"/>.
/// </summary>
public abstract class GraphQLTransport(GraphQLTransportServices services)
{
    protected GraphQLTransportServices Services { get; } = services;

    protected GraphQLOptions Options => Services.Options;

    public virtual async Task HandleAsync(HttpContext http)
    {
        var cancellationToken = http.RequestAborted;
        if (await AcceptAsync(http, cancellationToken) is not var (request, caller))
            return;
        // A batch runs one operation after another: its operations may depend on each other's writes.
        var results = new List<ExecutionResult>(request.Operations.Count);
        foreach (var operation in request.Operations)
            results.Add(await ExecuteAsync(http, caller, operation, cancellationToken));
        await WriteResultsAsync(http, request, results, cancellationToken);
    }

    /// <summary>
    /// The steps before execution, shared by every transport that answers one HTTP request: parse, admit, authenticate.
    /// Null when a step refused the request; the refusal has then been written.
    /// </summary>
    protected async Task<(ParsedRequest Request, Caller Caller)?> AcceptAsync(HttpContext http, CancellationToken cancellationToken)
    {
        var parsed = await ParseAsync(http, cancellationToken);
        if (!parsed.IsSuccess)
        {
            await WriteErrorAsync(http, RequestError.From(parsed.Error!));
            return null;
        }
        if (Admit(http, parsed.Value) is { } refused)
        {
            await WriteErrorAsync(http, refused);
            return null;
        }
        var caller = await AuthenticateAsync(http, cancellationToken);
        if (!caller.IsSuccess)
        {
            await WriteErrorAsync(http, RequestError.From(caller.Error!));
            return null;
        }
        return (parsed.Value, caller.Value);
    }

    /// <summary>Reads the operations from the request; a refusal when it is not a GraphQL request at all.</summary>
    protected abstract Task<Result<ParsedRequest>> ParseAsync(HttpContext http, CancellationToken cancellationToken);

    /// <summary>Writes the results in the transport's shape.</summary>
    protected abstract Task WriteResultsAsync(HttpContext http, ParsedRequest request, IReadOnlyList<ExecutionResult> results, CancellationToken cancellationToken);

    /// <summary>Writes a refusal of the whole request.</summary>
    protected virtual Task WriteErrorAsync(HttpContext http, RequestError error) => HttpErrors.WriteAsync(http, error);

    /// <summary>
    /// Batch size, query length, and the rate limit in operations. The rate limiter's middleware has already taken one
    /// permit for the HTTP request, before anything was read; this takes one for every further operation.
    /// </summary>
    protected virtual RequestError? Admit(HttpContext http, ParsedRequest request)
    {
        var operations = request.Operations;
        if (operations.Count > Options.MaxBatchSize)
            return new BatchTooLargeError(operations.Count, Options.MaxBatchSize);
        if (operations.FirstOrDefault(r => r.Query?.Length > Options.MaxQueryLength) is { } tooLong)
            return new QueryTooLongError(tooLong.Query!.Length, Options.MaxQueryLength);
        return Services.RateLimiter.Acquire(http, operations.Count - 1);
    }

    /// <summary>The caller: anonymous without a token, or what a valid token says; a token that is not valid is refused.</summary>
    protected virtual Task<Result<Caller>> AuthenticateAsync(HttpContext http, CancellationToken cancellationToken) =>
        http.ResolveCallerAsync(cancellationToken);

    /// <summary>One operation: its persisted query resolved, validated, executed; every error logged once with the request id.</summary>
    /// <param name="sink">For a streaming transport: where a subscription's events wait to be sent (bounded); null over plain HTTP.</param>
    protected virtual async Task<ExecutionResult> ExecuteAsync(HttpContext http, Caller caller, GraphQLRequest request, CancellationToken cancellationToken,
        Subscriptions.SubscriptionSink? sink = null)
    {
        var resolved = ResolvePersistedQuery(request);
        if (!resolved.IsSuccess)
            return Refused(http, resolved.Error!);
        request = resolved.Value;
        var key = request.DocumentId ?? request.Query;
        var document = Services.Validated.Find(key);
        // The commits this operation makes are recorded, so that a mutation can answer the consistency token.
        using var commits = Services.Commits.Begin();
        var result = await Services.Executer.ExecuteAsync(new ExecutionOptions
        {
            Query = document is null ? request.Query : null,
            Document = document,
            DocumentId = document is null ? request.DocumentId : null,
            OperationName = request.OperationName,
            Variables = request.Variables,
            Extensions = request.Extensions,
            RequestServices = http.RequestServices,
            User = http.User,
            UserContext = CreateUserContext(http, caller, sink),
            ValidationRules = ValidationRules(http, validatedBefore: document is not null),
            CancellationToken = cancellationToken,
        });
        // Executed means it passed every rule: the same text is valid the next time, whatever its variables.
        if (document is null && result.Executed)
            Services.Validated.Remember(key, result.Document);
        Log(http, result);
        if (result.Errors?.Count > 0)
            (result.Extensions ??= new Dictionary<string, object?>())["requestId"] = http.TraceIdentifier;
        if (commits.LastSequence > 0)
            (result.Extensions ??= new Dictionary<string, object?>())[ConsistencyToken.Extension] = ConsistencyToken.Format(commits.LastSequence);
        return result;
    }

    protected virtual RequestContext CreateUserContext(HttpContext http, Caller caller, Subscriptions.SubscriptionSink? sink)
    {
        var context = new RequestContext(http.RequestServices.GetRequiredService<DocumentReaders>().For(caller));
        if (sink is not null)
            context[Subscriptions.SubscriptionSink.Key] = sink;
        return context;
    }

    /// <summary>
    /// Every rule, for a document seen for the first time; and for a document that passed them before, only the rules
    /// that depend on this request: complexity (page sizes may be variables), argument checks (highlight tags and
    /// page sizes may be variables) and the transport's own. The others look at the document alone, and the switches
    /// they depend on (introspection) are fixed for the process.
    /// </summary>
    protected virtual IEnumerable<IValidationRule> ValidationRules(HttpContext http, bool validatedBefore)
    {
        IEnumerable<IValidationRule> perRequest = [Services.Complexity, .. TransportRules(http)];
        if (validatedBefore)
            return [FieldArgumentsAreValidRule.Instance, .. perRequest];
        List<IValidationRule> all =
        [
            .. DocumentValidator.CoreRules,
            new MaxAliasesRule(Options.MaxAliases),
            new MaxDepthRule(Options.MaxDepth),
            IntrospectionDepthRule.Instance,
            .. perRequest,
        ];
        if (!Services.IntrospectionEnabled)
            all.Add(NoIntrospectionValidationRule.Instance);
        return all;
    }

    /// <summary>Rules of the transport itself (over HTTP GET: queries only; over plain HTTP: no subscriptions).</summary>
    protected virtual IEnumerable<IValidationRule> TransportRules(HttpContext http) => [];

    /// <summary>
    /// Apollo's automatic persisted queries (`extensions.persistedQuery.sha256Hash`) beside `documentId`: the hash
    /// alone runs a registered query or a checked-in operation, or answers PERSISTED_QUERY_NOT_FOUND; the hash with its
    /// query registers it (the hash checked). With PersistedOperationsOnly nothing registers and query text is still
    /// refused: a hash runs only a checked-in operation.
    /// </summary>
    protected virtual Result<GraphQLRequest> ResolvePersistedQuery(GraphQLRequest request)
    {
        if (request.Extensions is null || !request.Extensions.TryGetValue("persistedQuery", out var raw))
            return request;
        if (raw is not IDictionary<string, object?> persisted
            || !persisted.TryGetValue("version", out var version) || version is not (1 or 1L)
            || !persisted.TryGetValue("sha256Hash", out var value) || value is not string hash || !IsSha256(hash))
        {
            return new InvalidRequestError("extensions.persistedQuery needs version 1 and sha256Hash: the hex SHA-256 of the query's UTF-8 text.");
        }
        if (request.DocumentId is not null)
            return new InvalidRequestError("Send either documentId or extensions.persistedQuery, not both.");
        hash = hash.ToLowerInvariant();
        if (request.Query is { } text)
        {
            if (OperationCatalog.HashOf(text) != hash)
                return new Error(ErrorCodes.PersistedQueryHashMismatch, "extensions.persistedQuery.sha256Hash is not the SHA-256 of the query's UTF-8 text; nothing was registered.");
            if (Options.PersistedOperationsOnly)
                return Services.Catalog.Find(hash) is { } checkedIn ? ByDocumentId(checkedIn) : request;
            Services.AutomaticPersistedQueries.Register(hash, text);
            return request;
        }
        if (Services.AutomaticPersistedQueries.Find(hash) is { } registered)
            return new GraphQLRequest { Query = registered, OperationName = request.OperationName, Variables = request.Variables, Extensions = request.Extensions };
        if (Services.Catalog.Find(hash) is { } operation)
            return ByDocumentId(operation);
        return new Error(ErrorCodes.PersistedQueryNotFound, "PersistedQueryNotFound: send the query with its hash once to register it.");

        GraphQLRequest ByDocumentId(PersistedOperation operation) =>
            new() { DocumentId = operation.DocumentId, OperationName = request.OperationName, Variables = request.Variables, Extensions = request.Extensions };
    }

    private static bool IsSha256(string hash) => hash.Length == 64 && hash.All(char.IsAsciiHexDigit);

    /// <summary>An operation refused before it reached GraphQL: a result with the coded error and nothing executed.</summary>
    protected static ExecutionResult Refused(HttpContext http, Error error)
    {
        var result = new ExecutionResult { Executed = false };
        result.AddError(new ExecutionError(error.Message) { Code = error.Code });
        result.Extensions = new Dictionary<string, object?> { ["requestId"] = http.TraceIdentifier };
        return result;
    }

    /// <summary>Every error of a response is logged once, with the request id the response carries; unhandled ones were logged as errors where they happened.</summary>
    private void Log(HttpContext http, ExecutionResult result)
    {
        if (result.Errors is not { Count: > 0 } errors)
            return;
        foreach (var error in errors.Where(e => e is not global::GraphQL.Execution.UnhandledError))
            Services.Logger.LogInformation("GraphQL error {Code} in request {RequestId}: {Message}", error.Code, http.TraceIdentifier, error.Message);
    }
}
