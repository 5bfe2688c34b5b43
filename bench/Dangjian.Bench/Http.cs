using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Dangjian.Bench;

/// <summary>One request the clients send: a GraphQL operation (or a plain GET) with its body prepared once.</summary>
public sealed class BenchRequest
{
    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private BenchRequest(string name, HttpMethod method, string path, byte[]? body, string? token)
    {
        Name = name;
        Method = method;
        Path = path;
        Body = body;
        Token = token;
    }

    public string Name { get; }

    public HttpMethod Method { get; }

    public string Path { get; }

    public byte[]? Body { get; }

    public string? Token { get; }

    public static BenchRequest GraphQL(string name, string query, object? variables = null, string? token = null) =>
        new(name, HttpMethod.Post, "/graphql", JsonSerializer.SerializeToUtf8Bytes(new { query, variables }, Relaxed), token);

    public static BenchRequest Get(string name, string path) => new(name, HttpMethod.Get, path, null, null);

    public HttpRequestMessage ToMessage()
    {
        var message = new HttpRequestMessage(Method, Path) { Version = HttpVersion.Version11 };
        if (Body is not null)
        {
            message.Content = new ByteArrayContent(Body);
            message.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        }
        if (Token is not null)
            message.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Token);
        return message;
    }
}

/// <summary>Loopback HTTP clients (SocketsHttpHandler, one connection per client) that time requests and check answers.</summary>
public sealed class LoopbackClients(Uri baseAddress) : IDisposable
{
    private static readonly byte[] ErrorsProperty = Encoding.UTF8.GetBytes("\"errors\"");

    private readonly HttpClient _client = new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = 64,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        UseCookies = false,
        AutomaticDecompression = DecompressionMethods.None,
    })
    { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>Sends one request; the body on success, or throws with what went wrong (status or GraphQL errors).</summary>
    public async Task<byte[]> SendAsync(BenchRequest request, CancellationToken cancellationToken)
    {
        using var message = request.ToMessage();
        using var response = await _client.SendAsync(message, cancellationToken);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
            throw new BenchRequestException($"{request.Name}: HTTP {(int)response.StatusCode}: {Encoding.UTF8.GetString(body.AsSpan(0, Math.Min(body.Length, 400)))}");
        if (request.Path == "/graphql" && body.AsSpan().IndexOf(ErrorsProperty) >= 0 && HasTopLevelErrors(body))
            throw new BenchRequestException($"{request.Name}: GraphQL errors: {Encoding.UTF8.GetString(body.AsSpan(0, Math.Min(body.Length, 400)))}");
        return body;
    }

    /// <summary>A mutation payload has an "errors" field of its own (null when it succeeded); only the response's own errors count here.</summary>
    private static bool HasTopLevelErrors(byte[] body)
    {
        using var json = JsonDocument.Parse(body);
        return json.RootElement.TryGetProperty("errors", out _);
    }

    public async Task<JsonElement> JsonAsync(BenchRequest request, CancellationToken cancellationToken)
    {
        var body = await SendAsync(request, cancellationToken);
        using var json = JsonDocument.Parse(body);
        return json.RootElement.Clone();
    }

    /// <summary>Latency of each request, one client, the mix in turn for <paramref name="rounds"/> rounds.</summary>
    public async Task<Dictionary<string, List<double>>> LatencyAsync(IReadOnlyList<BenchRequest> mix, int rounds, CancellationToken cancellationToken)
    {
        var samples = mix.Select(r => r.Name).Distinct().ToDictionary(n => n, _ => new List<double>());
        for (var round = 0; round < rounds; round++)
        {
            foreach (var request in mix)
            {
                var start = Stopwatch.GetTimestamp();
                await SendAsync(request, cancellationToken);
                samples[request.Name].Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
        }
        return samples;
    }

    /// <summary>
    /// <paramref name="clients"/> clients, each sending the mix in turn (starting at a different point) for
    /// <paramref name="duration"/>: requests per second, and every latency.
    /// </summary>
    public async Task<(double PerSecond, List<double> Latencies, int Errors, string? FirstError)> ThroughputAsync(IReadOnlyList<BenchRequest> mix,
        int clients, TimeSpan duration, CancellationToken cancellationToken)
    {
        var latencies = new List<double>[clients];
        var errors = 0;
        string? firstError = null;
        var clock = Stopwatch.StartNew();
        var tasks = Enumerable.Range(0, clients).Select(async c =>
        {
            var mine = latencies[c] = [];
            var next = c * 7 % mix.Count;
            while (clock.Elapsed < duration)
            {
                var request = mix[next];
                next = (next + 1) % mix.Count;
                var start = Stopwatch.GetTimestamp();
                try
                {
                    await SendAsync(request, cancellationToken);
                    mine.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                }
                catch (Exception e) when (e is BenchRequestException or HttpRequestException or TaskCanceledException)
                {
                    Interlocked.Increment(ref errors);
                    Interlocked.CompareExchange(ref firstError, e.Message, null);
                }
            }
        }).ToList();
        await Task.WhenAll(tasks);
        var elapsed = clock.Elapsed.TotalSeconds;
        var all = latencies.SelectMany(l => l).ToList();
        return (all.Count / elapsed, all, errors, firstError);
    }

    public void Dispose() => _client.Dispose();
}

public sealed class BenchRequestException(string message) : Exception(message);
