namespace Dangjian.Api.Cli;

/// <summary>
/// `probe [--url URL]`: asks a running instance whether it is ready (GET /health/ready) and exits 0 when it answers 200,
/// 1 otherwise. It is the image's HEALTHCHECK: the runtime image has no curl, and this runs before the host is built
/// (no store, no index, no configuration), so a probe every few seconds costs a process start, not a server's.
/// </summary>
public static class HealthProbe
{
    public const string Name = "probe";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public static bool IsProbe(string[] args) => args.Length > 0 && args[0] == Name;

    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var arguments = new CliArguments(args.Skip(1));
        var url = arguments.Option("url") ?? DefaultUrl();
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            await Console.Error.WriteLineAsync($"probe: '{url}' is not an http(s) URL.");
            return 2;
        }
        using var client = new HttpClient { Timeout = Timeout };
        try
        {
            using var response = await client.GetAsync(uri, cancellationToken);
            await Console.Out.WriteLineAsync($"{(int)response.StatusCode} {uri}");
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            await Console.Error.WriteLineAsync($"probe: {uri} did not answer: {e.Message}");
            return 1;
        }
    }

    /// <summary>This container's own port (ASPNETCORE_HTTP_PORTS, the image sets 8080) on loopback.</summary>
    private static string DefaultUrl()
    {
        var ports = Environment.GetEnvironmentVariable("ASPNETCORE_HTTP_PORTS");
        var port = ports?.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "8080";
        return $"http://127.0.0.1:{port}/health/ready";
    }
}
