using System.Globalization;
using System.Threading.Channels;
using Dangjian.Api.GraphQL.Subscriptions;
using Dangjian.Core;
using Dangjian.Core.Access;
using GraphQL;
using GraphQL.Validation;
using Microsoft.Extensions.Options;

namespace Dangjian.Api.GraphQL.Http;

/// <summary>
/// GraphQL over Server-Sent Events, distinct-connections mode, at /graphql: for networks that block WebSockets. A GET
/// or POST that accepts <c>text/event-stream</c> carries one operation; the response is a stream of <c>next</c> events
/// (a subscription's results, or a query's one result) ended by <c>complete</c>. Reading the request is
/// <see cref="GraphQLHttpTransport"/>'s (media types, body size, the CSRF preflight header), and so are the shared steps;
/// this transport writes the stream, with a comment every <see cref="SubscriptionOptions.KeepAliveInterval"/> so that
/// proxies keep it open, and ends it with SLOW_CONSUMER when the client reads slower than events arrive.
/// </summary>
public sealed class GraphQLSseTransport(
    GraphQLTransportServices services,
    SubscriptionBudget budget,
    IOptions<SubscriptionOptions> subscriptionOptions,
    IHostApplicationLifetime lifetime,
    TimeProvider time) : GraphQLHttpTransport(services)
{
    public const string EventStream = "text/event-stream";

    private SubscriptionOptions Live => subscriptionOptions.Value;

    /// <summary>A request that asks for an event stream (and not for the IDE's page).</summary>
    public static bool Wants(HttpRequest request) =>
        request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals(EventStream, StringComparison.OrdinalIgnoreCase));

    /// <summary>An event stream carries one operation; then the shared size limits and rate limit.</summary>
    protected override RequestError? Admit(HttpContext http, ParsedRequest request) =>
        request.IsBatch
            ? new InvalidRequestError("An event stream carries one operation; send a batch as application/json.")
            : base.Admit(http, request);

    public override async Task HandleAsync(HttpContext http)
    {
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, lifetime.ApplicationStopping);
        var cancellationToken = stopping.Token;
        if (await AcceptAsync(http, cancellationToken) is not var (request, caller))
            return;
        var sink = new SubscriptionSink(Live.MaxPendingEvents);
        ExecutionResult result;
        try
        {
            result = await ExecuteAsync(http, caller, request.Operations[0], cancellationToken, sink);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return;
        }
        if (!result.Executed)
        {
            // Nothing ran (syntax, validation, persisted query): an ordinary GraphQL error response, not a stream.
            await WriteResultsAsync(http, request, [result], cancellationToken);
            return;
        }
        if (result.Streams is not { Count: > 0 } streams)
        {
            await StartAsync(http, cancellationToken);
            await WriteEventAsync(http, "next", Serialize(http, result), cancellationToken);
            await WriteEventAsync(http, "complete", "", cancellationToken);
            return;
        }
        using var place = budget.TryTake(StreamingClients.KeyOf(http, caller), Live.MaxSubscriptionsPerClient);
        if (place is null)
        {
            await WriteErrorAsync(http, new TooManySubscriptionsError(
                $"A client may hold at most {Live.MaxSubscriptionsPerClient} subscriptions at once; end one first."));
            return;
        }
        await StreamAsync(http, streams.Values.Single(), sink, cancellationToken);
    }

    /// <summary>Over GET an event stream may carry a query or a subscription, never a mutation.</summary>
    protected override IEnumerable<IValidationRule> TransportRules(HttpContext http) =>
        HttpMethods.IsGet(http.Request.Method) ? [QueriesOnlyOverGet.AllowingSubscriptions] : [];

    private async Task StreamAsync(HttpContext http, IObservable<ExecutionResult> stream, SubscriptionSink sink, CancellationToken cancellationToken)
    {
        var results = Channel.CreateUnbounded<ExecutionResult>(new UnboundedChannelOptions { SingleReader = true });
        using var subscription = stream.Subscribe(new ChannelObserver(results.Writer));
        try
        {
            await StartAsync(http, cancellationToken);
            var reading = results.Reader.WaitToReadAsync(cancellationToken).AsTask();
            var keepAlive = Task.Delay(Live.KeepAliveInterval, time, cancellationToken);
            while (true)
            {
#pragma warning disable VSTHRD003 // Dropped is a TaskCompletionSource's task with asynchronous continuations.
                var ready = await Task.WhenAny(reading, keepAlive, sink.Dropped);
#pragma warning restore VSTHRD003
                if (ready == sink.Dropped)
                {
                    var dropped = new ExecutionResult { Executed = true };
                    dropped.AddError(new ExecutionError(StreamingClients.SlowConsumerMessage(Live.MaxPendingEvents)) { Code = ErrorCodes.SlowConsumer });
                    await WriteEventAsync(http, "next", Serialize(http, dropped), cancellationToken);
                    await WriteEventAsync(http, "complete", "", cancellationToken);
                    return;
                }
                if (ready == keepAlive)
                {
                    await WriteAsync(http, ":\n\n", cancellationToken);
                    keepAlive = Task.Delay(Live.KeepAliveInterval, time, cancellationToken);
                    continue;
                }
                if (!await reading)
                {
                    await WriteEventAsync(http, "complete", "", cancellationToken);
                    return;
                }
                while (results.Reader.TryRead(out var result))
                {
                    await WriteEventAsync(http, "next", Serialize(http, result), cancellationToken);
                    sink.Release();
                }
                reading = results.Reader.WaitToReadAsync(cancellationToken).AsTask();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away, or the server is stopping: the subscription ends with the response.
        }
    }

    private static async Task StartAsync(HttpContext http, CancellationToken cancellationToken)
    {
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = EventStream + "; charset=utf-8";
        http.Response.Headers.CacheControl = "no-cache";
        // Proxies (nginx) must pass each event on at once rather than buffer the stream.
        http.Response.Headers["X-Accel-Buffering"] = "no";
        await http.Response.StartAsync(cancellationToken);
        await http.Response.Body.FlushAsync(cancellationToken);
    }

    private string Serialize(HttpContext http, ExecutionResult result) =>
        StreamingClients.Serialize(Services, Options, http, result);

    private static Task WriteEventAsync(HttpContext http, string name, string data, CancellationToken cancellationToken) =>
        WriteAsync(http, string.Create(CultureInfo.InvariantCulture, $"event: {name}\ndata: {data}\n\n"), cancellationToken);

    private static async Task WriteAsync(HttpContext http, string text, CancellationToken cancellationToken)
    {
        await http.Response.WriteAsync(text, cancellationToken);
        await http.Response.Body.FlushAsync(cancellationToken);
    }
}

/// <summary>More subscriptions or WebSockets than a client may hold: 429 before a stream starts.</summary>
public sealed record TooManySubscriptionsError(string Reason) : RequestError(StatusCodes.Status429TooManyRequests, ErrorCodes.TooManySubscriptions, Reason);

/// <summary>Hands a subscription's results to the transport's writer, which sends them in order.</summary>
internal sealed class ChannelObserver(ChannelWriter<ExecutionResult> writer) : IObserver<ExecutionResult>
{
    public void OnNext(ExecutionResult value) => writer.TryWrite(value);

    public void OnError(Exception error)
    {
        var result = new ExecutionResult { Executed = true };
        result.AddError(error as ExecutionError ?? new ExecutionError("The event stream failed."));
        writer.TryWrite(result);
        writer.TryComplete();
    }

    public void OnCompleted() => writer.TryComplete();
}

/// <summary>What the streaming transports share: who a client is, and a result as bounded JSON.</summary>
internal static class StreamingClients
{
    /// <summary>The client a per-client bound counts against: the token's subject, else the address.</summary>
    public static string KeyOf(HttpContext http, Caller caller) =>
        caller.Subject is { } subject ? "sub:" + subject : "ip:" + (http.Connection.RemoteIpAddress?.ToString() ?? "unknown");

    public static string SlowConsumerMessage(int max) =>
        string.Create(CultureInfo.InvariantCulture, $"The client fell {max} events behind and was dropped; subscribe again and read faster.");

    /// <summary>A result as JSON; one over the response limit is replaced by RESPONSE_TOO_LARGE.</summary>
    public static string Serialize(GraphQLTransportServices services, GraphQLOptions options, HttpContext http, ExecutionResult result)
    {
        if (result.Errors?.Count > 0)
            (result.Extensions ??= new Dictionary<string, object?>())["requestId"] = http.TraceIdentifier;
        var json = services.Serializer.Serialize(result);
        if (json.Length * 3L <= options.MaxResponseBytes || System.Text.Encoding.UTF8.GetByteCount(json) <= options.MaxResponseBytes)
            return json;
        var tooLarge = new ExecutionResult { Executed = true };
        tooLarge.AddError(new ExecutionError(string.Create(CultureInfo.InvariantCulture,
            $"This event would be larger than {options.MaxResponseBytes} bytes and was not sent: ask for fewer fields.")) { Code = ErrorCodes.ResponseTooLarge });
        return services.Serializer.Serialize(tooLarge);
    }
}
