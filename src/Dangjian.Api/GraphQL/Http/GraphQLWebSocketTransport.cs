using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Threading.Channels;
using Dangjian.Api.Auth;
using Dangjian.Api.GraphQL.Subscriptions;
using Dangjian.Core;
using Dangjian.Core.Access;
using GraphQL;
using GraphQL.Transport;
using Microsoft.Extensions.Options;

namespace Dangjian.Api.GraphQL.Http;

/// <summary>The close codes of graphql-transport-ws, and this server's own (4503, 4504).</summary>
public static class WebSocketCloseCodes
{
    public const int InvalidMessage = 4400;
    public const int Unauthorized = 4401;
    public const int Forbidden = 4403;
    public const int SubprotocolNotAcceptable = 4406;
    public const int ConnectionInitTimeout = 4408;
    public const int SubscriberAlreadyExists = 4409;
    public const int TooManyInitialisationRequests = 4429;
    /// <summary>The client fell <see cref="SubscriptionOptions.MaxPendingEvents"/> events behind on a subscription.</summary>
    public const int SlowConsumer = 4503;
    /// <summary>Nothing (not even a pong) arrived for <see cref="SubscriptionOptions.IdleTimeout"/>.</summary>
    public const int IdleTimeout = 4504;
    public const int MessageTooBig = 1009;
    public const int GoingAway = 1001;
    public const int NormalClosure = 1000;
    public const int InternalError = 4500;
}

/// <summary>
/// GraphQL over WebSocket at /graphql with the graphql-transport-ws protocol (the `graphql-ws` library's): the client
/// sends `connection_init` (a bearer token in its payload as `Authorization`, `authorization` or `token`, else the
/// upgrade request's Authorization header counts), then `subscribe` messages; the server answers `next`, `error` and
/// `complete`, and both sides may `ping`. Each `subscribe` goes through the shared steps (admitted by query length and
/// the rate limit, executed with the caller of `connection_init`); queries and mutations answer once and complete.
/// Bounds: subscriptions per connection and per client, WebSockets per client, the message size, a connection_init
/// timeout, an idle timeout, and a slow consumer closed with 4503 rather than buffered without limit.
/// </summary>
public sealed class GraphQLWebSocketTransport(
    GraphQLTransportServices services,
    SubscriptionBudget budget,
    IOptions<SubscriptionOptions> subscriptionOptions,
    IHostApplicationLifetime lifetime,
    TimeProvider time) : GraphQLTransport(services)
{
    public const string Subprotocol = "graphql-transport-ws";

    internal SubscriptionOptions Live => subscriptionOptions.Value;

    internal SubscriptionBudget Budget => budget;

    internal TimeProvider Time => time;

    internal GraphQLTransportServices Shared => Services;

    internal GraphQLOptions Limits => Options;

    public override async Task HandleAsync(HttpContext http)
    {
        // Before the upgrade only the address (or a header token's subject) is known; that is whom WebSockets count against.
        var connectionKey = http.User.FindFirst(DangjianClaims.Subject)?.Value is { } subject ? "ws-sub:" + subject
            : "ws-ip:" + (http.Connection.RemoteIpAddress?.ToString() ?? "unknown");
        using var place = budget.TryTake(connectionKey, Live.MaxConnectionsPerClient);
        if (place is null)
        {
            await WriteErrorAsync(http, new TooManySubscriptionsError(
                $"A client may hold at most {Live.MaxConnectionsPerClient} WebSockets open at once."));
            return;
        }
        var protocol = http.WebSockets.WebSocketRequestedProtocols.Contains(Subprotocol, StringComparer.Ordinal) ? Subprotocol : null;
        using var socket = await http.WebSockets.AcceptWebSocketAsync(protocol);
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, lifetime.ApplicationStopping);
        await using var connection = new WebSocketConnection(this, http, socket, stopping.Token);
        if (protocol is null)
        {
            connection.Close(WebSocketCloseCodes.SubprotocolNotAcceptable, "Subprotocol not acceptable: use graphql-transport-ws");
            await connection.FlushAsync();
            return;
        }
        await connection.RunAsync();
    }

    // The message loop calls the shared steps with these.
    protected override Task<Result<ParsedRequest>> ParseAsync(HttpContext http, CancellationToken cancellationToken) =>
        throw new NotSupportedException("A WebSocket's operations arrive as subscribe messages.");

    protected override Task WriteResultsAsync(HttpContext http, ParsedRequest request, IReadOnlyList<ExecutionResult> results, CancellationToken cancellationToken) =>
        throw new NotSupportedException("A WebSocket's results leave as next messages.");

    /// <summary>Query length, and one rate-limit permit for every operation (the upgrade took one for the connection).</summary>
    internal RequestError? AdmitOperation(HttpContext http, GraphQLRequest request)
    {
        if (request.Query?.Length > Options.MaxQueryLength)
            return new QueryTooLongError(request.Query.Length, Options.MaxQueryLength);
        return Services.RateLimiter.Acquire(http, 1);
    }

    internal Task<Result<Caller>> AuthenticateWithAsync(HttpContext http, string? token, CancellationToken cancellationToken) =>
        token is null ? AuthenticateAsync(http, cancellationToken) : http.ResolveCallerFromTokenAsync(token, cancellationToken);

    internal Task<ExecutionResult> ExecuteOperationAsync(HttpContext http, Caller caller, GraphQLRequest request, SubscriptionSink sink, CancellationToken cancellationToken) =>
        ExecuteAsync(http, caller, request, cancellationToken, sink);
}

/// <summary>One WebSocket: a receive loop (this connection's messages, in order) and a send loop (one writer of the socket).</summary>
internal sealed class WebSocketConnection(GraphQLWebSocketTransport transport, HttpContext http, WebSocket socket, CancellationToken stopping) : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly Channel<Outbound> _outbound = Channel.CreateUnbounded<Outbound>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<string, Operation> _operations = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _closing = CancellationTokenSource.CreateLinkedTokenSource(stopping);
    private long _lastReceived = transport.Time.GetTimestamp();
    private int _initialising;
    private volatile Caller? _caller;
    private int _closed;
    private Task? _sending;

    private SubscriptionOptions Live => transport.Live;

    public async Task RunAsync()
    {
        _sending = SendLoopAsync();
        _ = CloseUnlessInitialisedAsync();
        try
        {
            await ReceiveLoopAsync();
        }
        catch (OperationCanceledException) when (_closing.IsCancellationRequested)
        {
        }
        catch (WebSocketException)
        {
            // The client went away without a close frame.
        }
        await FlushAsync();
    }

    /// <summary>Queues a close (the first one wins) after whatever is already queued.</summary>
    public void Close(int code, string reason)
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
            return;
        _outbound.Writer.TryWrite(new Outbound.CloseFrame(code, reason.Length > 120 ? reason[..120] : reason));
        _outbound.Writer.TryComplete();
    }

    /// <summary>Waits until the send loop has sent what was queued (at most a few seconds).</summary>
    public async Task FlushAsync()
    {
        _outbound.Writer.TryComplete();
        _sending ??= SendLoopAsync();
        try
        {
            await _sending.WaitAsync(TimeSpan.FromSeconds(5), transport.Time);
        }
        catch (TimeoutException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var operation in _operations.Values)
            operation.Dispose();
        _operations.Clear();
        await _closing.CancelAsync();
        _closing.Dispose();
    }

    private async Task ReceiveLoopAsync()
    {
        var maxBytes = transport.Limits.MaxBodyBytes;
        var buffer = new ArrayBufferWriter<byte>(4096);
        while (socket.State == WebSocketState.Open && !_closing.IsCancellationRequested)
        {
            buffer.Clear();
            ValueWebSocketReceiveResult received;
            do
            {
                received = await socket.ReceiveAsync(buffer.GetMemory(4096), _closing.Token);
                buffer.Advance(received.Count);
                if (buffer.WrittenCount > maxBytes)
                {
                    Close(WebSocketCloseCodes.MessageTooBig, string.Create(CultureInfo.InvariantCulture, $"A message may be at most {maxBytes} bytes"));
                    return;
                }
            }
            while (!received.EndOfMessage && received.MessageType != WebSocketMessageType.Close);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                Close(WebSocketCloseCodes.NormalClosure, "");
                return;
            }
            Interlocked.Exchange(ref _lastReceived, transport.Time.GetTimestamp());
            if (received.MessageType != WebSocketMessageType.Text)
            {
                Close(WebSocketCloseCodes.InvalidMessage, "Invalid message: graphql-transport-ws messages are JSON text");
                return;
            }
            if (!await HandleAsync(buffer.WrittenMemory))
                return;
        }
    }

    /// <summary>Handles one message; false when the connection is to be closed.</summary>
    private async Task<bool> HandleAsync(ReadOnlyMemory<byte> message)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(message);
        }
        catch (JsonException)
        {
            Close(WebSocketCloseCodes.InvalidMessage, "Invalid message: not JSON");
            return false;
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out var typeElement) || typeElement.ValueKind != JsonValueKind.String)
            {
                Close(WebSocketCloseCodes.InvalidMessage, "Invalid message: an object with a 'type' is expected");
                return false;
            }
            var payload = root.TryGetProperty("payload", out var p) ? p : default;
            switch (typeElement.GetString())
            {
                case "connection_init":
                    return await InitialiseAsync(payload);
                case "ping":
                    Send(payload.ValueKind == JsonValueKind.Object ? $"{{\"type\":\"pong\",\"payload\":{payload.GetRawText()}}}" : "{\"type\":\"pong\"}");
                    return true;
                case "pong":
                    return true;
                case "subscribe":
                    return await SubscribeAsync(root, payload);
                case "complete":
                    if (Id(root) is { } completed && _operations.TryRemove(completed, out var operation))
                        operation.Dispose();
                    return true;
                default:
                    Close(WebSocketCloseCodes.InvalidMessage, $"Invalid message: unknown type");
                    return false;
            }
        }
    }

    private async Task<bool> InitialiseAsync(JsonElement payload)
    {
        if (Interlocked.Exchange(ref _initialising, 1) != 0)
        {
            Close(WebSocketCloseCodes.TooManyInitialisationRequests, "Too many initialisation requests");
            return false;
        }
        string? token = null;
        if (payload.ValueKind == JsonValueKind.Object)
        {
            foreach (var name in (string[])["Authorization", "authorization", "token", "authToken"])
            {
                if (payload.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text)
                {
                    token = text.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? text["Bearer ".Length..].Trim() : text.Trim();
                    break;
                }
            }
        }
        else if (payload.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Null))
        {
            Close(WebSocketCloseCodes.InvalidMessage, "Invalid message: the connection_init payload must be an object");
            return false;
        }
        var caller = await transport.AuthenticateWithAsync(http, token, _closing.Token);
        if (!caller.IsSuccess)
        {
            Close(WebSocketCloseCodes.Forbidden, "Forbidden: " + caller.Error!.Message);
            return false;
        }
        _caller = caller.Value;
        Send("{\"type\":\"connection_ack\"}");
        return true;
    }

    private async Task<bool> SubscribeAsync(JsonElement root, JsonElement payload)
    {
        if (_caller is not { } caller)
        {
            Close(WebSocketCloseCodes.Unauthorized, "Unauthorized: send connection_init and wait for connection_ack first");
            return false;
        }
        if (Id(root) is not { } id || payload.ValueKind != JsonValueKind.Object)
        {
            Close(WebSocketCloseCodes.InvalidMessage, "Invalid message: subscribe needs an id and a payload object");
            return false;
        }
        if (_operations.ContainsKey(id))
        {
            Close(WebSocketCloseCodes.SubscriberAlreadyExists, $"Subscriber for {(id.Length > 40 ? id[..40] : id)} already exists");
            return false;
        }
        GraphQLRequest? request;
        try
        {
            request = transport.Shared.Serializer.Deserialize<GraphQLRequest>(payload.GetRawText());
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or NotSupportedException)
        {
            request = null;
        }
        if (request is null)
        {
            SendError(id, new InvalidJsonError("The subscribe payload is not a GraphQL request: {\"query\": \"…\", \"variables\": {…}}."));
            return true;
        }
        if (_operations.Count >= Live.MaxSubscriptionsPerConnection)
        {
            SendError(id, new TooManySubscriptionsError(string.Create(CultureInfo.InvariantCulture,
                $"A connection may hold at most {Live.MaxSubscriptionsPerConnection} subscriptions at once; complete one first.")));
            return true;
        }
        if (transport.AdmitOperation(http, request) is { } refused)
        {
            SendError(id, refused);
            return true;
        }
        var operation = new Operation(new SubscriptionSink(Live.MaxPendingEvents));
        _operations[id] = operation;
        ExecutionResult result;
        try
        {
            result = await transport.ExecuteOperationAsync(http, caller, request, operation.Sink, _closing.Token);
        }
        catch
        {
            _operations.TryRemove(id, out _);
            throw;
        }
        if (result.Streams is not { Count: > 0 } streams)
        {
            _operations.TryRemove(id, out _);
            if (!result.Executed || (result.Data is null && result.Errors?.Count > 0))
            {
                // graphql-transport-ws: an operation refused (by validation, or by its subscribe resolver) gets `error` with the GraphQL errors alone.
                using var errors = JsonDocument.Parse(Serialize(result));
                Send(Message(id, "error", errors.RootElement.GetProperty("errors").GetRawText()));
                return true;
            }
            Send(Message(id, "next", Serialize(result)));
            Send($"{{\"id\":{JsonSerializer.Serialize(id, Json)},\"type\":\"complete\"}}");
            return true;
        }
        operation.Place = transport.Budget.TryTake(StreamingClients.KeyOf(http, caller), Live.MaxSubscriptionsPerClient);
        if (operation.Place is null)
        {
            _operations.TryRemove(id, out _);
            SendError(id, new TooManySubscriptionsError(string.Create(CultureInfo.InvariantCulture,
                $"A client may hold at most {Live.MaxSubscriptionsPerClient} subscriptions at once; complete one first.")));
            return true;
        }
        _ = operation.Sink.Dropped.ContinueWith(_ => Close(WebSocketCloseCodes.SlowConsumer, "SLOW_CONSUMER: " + StreamingClients.SlowConsumerMessage(Live.MaxPendingEvents)),
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        operation.Subscription = streams.Values.Single().Subscribe(new OperationObserver(this, id, operation));
        return true;
    }

    private void SendError(string id, Error error)
    {
        var errors = new[] { new { message = error.Message, extensions = new { code = error.Code, requestId = http.TraceIdentifier } } };
        Send(Message(id, "error", JsonSerializer.SerializeToElement(errors, Json).GetRawText()));
    }

    private static string Message(string id, string type, string payloadJson) =>
        $"{{\"id\":{JsonSerializer.Serialize(id, Json)},\"type\":\"{type}\",\"payload\":{payloadJson}}}";

    private string Serialize(ExecutionResult result) => StreamingClients.Serialize(transport.Shared, transport.Limits, http, result);

    private static string? Id(JsonElement root) =>
        root.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String && id.GetString() is { Length: > 0 and <= 256 } text ? text : null;

    private void Send(string json, SubscriptionSink? releases = null, string? operationId = null) =>
        _outbound.Writer.TryWrite(new Outbound.Text(json, releases, operationId));

    private async Task CloseUnlessInitialisedAsync()
    {
        try
        {
            await Task.Delay(Live.ConnectionInitTimeout, transport.Time, _closing.Token);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        if (_caller is null)
            Close(WebSocketCloseCodes.ConnectionInitTimeout, "Connection initialisation timeout");
    }

    /// <summary>
    /// The one writer of the socket: queued messages in order, a ping every <see cref="SubscriptionOptions.KeepAliveInterval"/>
    /// on its own schedule (never prompted by events), and the idle check with it.
    /// </summary>
    private async Task SendLoopAsync()
    {
        var token = _closing.Token;
        try
        {
            var reading = _outbound.Reader.WaitToReadAsync(token).AsTask();
            var tick = Task.Delay(Live.KeepAliveInterval, transport.Time, token);
            while (true)
            {
                var ready = await Task.WhenAny(reading, tick);
                if (ready == tick)
                {
                    await tick;
                    if (transport.Time.GetElapsedTime(Interlocked.Read(ref _lastReceived)) > Live.IdleTimeout)
                        Close(WebSocketCloseCodes.IdleTimeout, "Idle timeout: nothing arrived, not even a pong");
                    else if (_caller is not null)
                        Send("{\"type\":\"ping\"}");
                    tick = Task.Delay(Live.KeepAliveInterval, transport.Time, token);
                    continue;
                }
                if (!await reading)
                    return;
                while (_outbound.Reader.TryRead(out var message))
                {
                    switch (message)
                    {
                        case Outbound.CloseFrame close:
                            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
                                await socket.CloseOutputAsync((WebSocketCloseStatus)close.Code, close.Reason, token);
                            // The receive loop would wait for the client's reply; it has nothing more to do.
                            _closing.CancelAfter(TimeSpan.FromSeconds(1));
                            return;
                        case Outbound.Text text:
                            if (text.OperationId is null || _operations.ContainsKey(text.OperationId))
                                await socket.SendAsync(Encoding.UTF8.GetBytes(text.Json), WebSocketMessageType.Text, true, token);
                            text.Releases?.Release();
                            break;
                    }
                }
                reading = _outbound.Reader.WaitToReadAsync(token).AsTask();
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            // Closed under us: the connection is over either way.
        }
    }

    private abstract record Outbound
    {
        public sealed record Text(string Json, SubscriptionSink? Releases, string? OperationId) : Outbound;

        public sealed record CloseFrame(int Code, string Reason) : Outbound;
    }

    private sealed class Operation(SubscriptionSink sink) : IDisposable
    {
        public SubscriptionSink Sink { get; } = sink;

        public IDisposable? Subscription { get; set; }

        public IDisposable? Place { get; set; }

        public void Dispose()
        {
            Subscription?.Dispose();
            Place?.Dispose();
        }
    }

    private sealed class OperationObserver(WebSocketConnection connection, string id, Operation operation) : IObserver<ExecutionResult>
    {
        public void OnNext(ExecutionResult value) =>
            connection.Send(Message(id, "next", connection.Serialize(value)), operation.Sink, id);

        public void OnError(Exception error)
        {
            var result = new ExecutionResult { Executed = true };
            result.AddError(error as ExecutionError ?? new ExecutionError("The event stream failed."));
            connection.Send(Message(id, "next", connection.Serialize(result)), null, id);
            OnCompleted();
        }

        public void OnCompleted()
        {
            connection.Send($"{{\"id\":{JsonSerializer.Serialize(id, Json)},\"type\":\"complete\"}}");
            if (connection._operations.TryRemove(id, out var done))
                done.Dispose();
        }
    }
}
