using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Dangjian.Core.Live;
using Dangjian.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Dangjian.Tests.Subscriptions;

/// <summary>What a WebSocket client received: a message, or the server's close.</summary>
public sealed record Received(JsonElement Message, int? CloseCode, string? CloseReason)
{
    public string? Type => CloseCode is null ? Message.GetProperty("type").GetString() : null;

    public override string ToString() => CloseCode is { } code ? $"close {code} {CloseReason}" : Message.GetRawText();
}

/// <summary>A real graphql-transport-ws client over the in-process host's WebSocket (TestServer's WebSocketClient).</summary>
public sealed class GraphQLWebSocketClient : IAsyncDisposable
{
    private readonly WebSocket _socket;

    private GraphQLWebSocketClient(WebSocket socket) => _socket = socket;

    public static async Task<GraphQLWebSocketClient> ConnectAsync(ApiHost host, string? subprotocol = "graphql-transport-ws", string? headerToken = null)
    {
        var client = host.Server.CreateWebSocketClient();
        if (subprotocol is not null)
            client.SubProtocols.Add(subprotocol);
        if (headerToken is not null)
            client.ConfigureRequest = request => request.Headers.Authorization = "Bearer " + headerToken;
        var socket = await client.ConnectAsync(new Uri("ws://localhost/graphql"), TestContext.Current.CancellationToken);
        return new GraphQLWebSocketClient(socket);
    }

    /// <summary>connection_init (with a token in its payload, or none) and the server's connection_ack.</summary>
    public static async Task<GraphQLWebSocketClient> InitialisedAsync(ApiHost host, string? token = null)
    {
        var client = await ConnectAsync(host);
        await client.SendAsync(token is null ? new { type = "connection_init" } : new { type = "connection_init", payload = new { Authorization = "Bearer " + token } });
        var ack = await client.ReceiveAsync();
        Assert.Equal("connection_ack", ack.Type);
        return client;
    }

    public Task SendAsync(object message) => SendTextAsync(JsonSerializer.Serialize(message));

    public async Task SendTextAsync(string text) =>
        await _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, TestContext.Current.CancellationToken);

    public Task SubscribeAsync(string id, string query, object? variables = null) =>
        SendAsync(new { id, type = "subscribe", payload = new { query, variables } });

    /// <summary>The next message other than the server's pings (answered), or its close; fails after 30 s.</summary>
    public async Task<Received> ReceiveAsync()
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        while (true)
        {
            var buffer = new MemoryStream();
            WebSocketReceiveResult result;
            do
            {
                var chunk = new byte[8192];
                result = await _socket.ReceiveAsync(chunk, timeout.Token);
                await buffer.WriteAsync(chunk.AsMemory(0, result.Count), timeout.Token);
            }
            while (!result.EndOfMessage);
            if (result.MessageType == WebSocketMessageType.Close)
                return new Received(default, (int?)result.CloseStatus, result.CloseStatusDescription);
            var message = JsonDocument.Parse(buffer.ToArray()).RootElement.Clone();
            if (message.GetProperty("type").GetString() == "ping")
            {
                await SendAsync(new { type = "pong" });
                continue;
            }
            return new Received(message, null, null);
        }
    }

    /// <summary>The next message or close, pings left unanswered (a client that has stopped reading).</summary>
    public async Task<Received> ReceiveUnansweredAsync()
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        while (true)
        {
            var chunk = new byte[8192];
            var result = await _socket.ReceiveAsync(chunk, timeout.Token);
            if (result.MessageType == WebSocketMessageType.Close)
                return new Received(default, (int?)result.CloseStatus, result.CloseStatusDescription);
        }
    }

    /// <summary>The next message for <paramref name="id"/> as raw JSON, whether data or errors.</summary>
    public async Task<string> NextDataOrErrorsAsync(string id)
    {
        var received = await ReceiveAsync();
        Assert.Equal(id, received.Message.GetProperty("id").GetString());
        return received.Message.GetRawText();
    }

    /// <summary>The next message, which must be `next` for <paramref name="id"/>: its data.</summary>
    public async Task<JsonElement> NextDataAsync(string id)
    {
        var received = await ReceiveAsync();
        Assert.True(received.Type == "next" && received.Message.GetProperty("id").GetString() == id, $"Expected next for {id}, got {received}");
        var payload = received.Message.GetProperty("payload");
        Assert.False(payload.TryGetProperty("errors", out var errors), $"Unexpected errors: {errors}");
        return payload.GetProperty("data");
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));
            }
            catch (Exception e) when (e is WebSocketException or TimeoutException or OperationCanceledException)
            {
            }
        }
        _socket.Dispose();
    }
}

/// <summary>A GraphQL-over-SSE client (distinct connections): one operation, a stream of events.</summary>
public sealed class SseClient : IAsyncDisposable
{
    private readonly HttpClient _client;
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private SseClient(HttpClient client, HttpResponseMessage response, StreamReader reader)
    {
        _client = client;
        _response = response;
        _reader = reader;
    }

    public HttpResponseMessage Response => _response;

    public static async Task<SseClient> PostAsync(ApiHost host, string query, object? variables = null, string? token = null)
    {
        var client = host.CreateClient();
        var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = new StringContent(JsonSerializer.Serialize(new { query, variables }), Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (token is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
        var stream = await response.Content.ReadAsStreamAsync(TestContext.Current.CancellationToken);
        return new SseClient(client, response, new StreamReader(stream, Encoding.UTF8));
    }

    /// <summary>The next event (comments skipped): its name and data; fails after 30 s.</summary>
    public async Task<(string Event, string Data)> ReceiveAsync()
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        string? name = null;
        var data = new StringBuilder();
        while (true)
        {
            var line = await _reader.ReadLineAsync(timeout.Token) ?? throw new InvalidOperationException("The stream ended.");
            if (line.Length == 0)
            {
                if (name is not null)
                    return (name, data.ToString());
                continue;
            }
            if (line.StartsWith(':'))
                continue;
            if (line.StartsWith("event: ", StringComparison.Ordinal))
                name = line["event: ".Length..];
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
                data.Append(line["data: ".Length..]);
            else if (line == "data:")
                data.Append("");
        }
    }

    public async ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _response.Dispose();
        _client.Dispose();
        await Task.CompletedTask;
    }
}

public static class LiveWaits
{
    /// <summary>Waits until the host's notifier has passed every change committed so far: a subscription started now sees only what comes next.</summary>
    public static async Task CaughtUpAsync(ApiHost host)
    {
        var notifier = host.Services.GetRequiredService<ChangeNotifier>();
        var last = await host.Store.GetLastSequenceAsync(TestContext.Current.CancellationToken);
        await UntilAsync(() => notifier.Position >= last);
    }

    /// <summary>Waits until the host holds at least <paramref name="count"/> live subscriptions.</summary>
    public static Task SubscribedAsync(ApiHost host, int count = 1)
    {
        var notifier = host.Services.GetRequiredService<ChangeNotifier>();
        return UntilAsync(() => notifier.SubscriberCount >= count);
    }

    private static async Task UntilAsync(Func<bool> condition)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        while (!condition())
            await Task.Delay(10, timeout.Token);
    }
}
