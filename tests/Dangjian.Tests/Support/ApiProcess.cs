using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Dangjian.Tests.Support;

/// <summary>
/// The API as a real process (`dotnet Dangjian.Api.dll`), as a deployment runs it: for what in-process hosts cannot
/// show, such as two instances that share nothing but the store. The assembly is the one built beside the tests (the
/// test project references the API, so its build output, deps.json and runtimeconfig.json are copied here). Each
/// instance listens on a free loopback port (Kestrel picks it and logs it) and is killed, with its children, at the end.
/// </summary>
public sealed partial class ApiProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly Queue<string> _output = new();
    private readonly Lock _outputLock = new();
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ApiProcess(Process process) => _process = process;

    public static string AssemblyPath => System.IO.Path.Combine(AppContext.BaseDirectory, "Dangjian.Api.dll");

    /// <summary>Where it listens: set once it has said so.</summary>
    public Uri Address { get; private set; } = null!;

    /// <summary>Starts the server with these settings (as --Key=Value arguments) and waits until it listens.</summary>
    public static async Task<ApiProcess> StartAsync(IReadOnlyDictionary<string, string> settings, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(AssemblyPath);
        start.ArgumentList.Add("--urls=http://127.0.0.1:0");
        start.ArgumentList.Add("--environment=Testing");
        start.ArgumentList.Add("--Logging:LogLevel:Default=Warning");
        start.ArgumentList.Add("--Logging:LogLevel:Microsoft.Hosting.Lifetime=Information");
        foreach (var (key, value) in settings)
            start.ArgumentList.Add($"--{key}={value}");
        var api = new ApiProcess(new Process { StartInfo = start, EnableRaisingEvents = true });
        api._process.OutputDataReceived += (_, e) => api.Read(e.Data);
        api._process.ErrorDataReceived += (_, e) => api.Read(e.Data);
        api._process.Exited += (_, _) => api._listening.TrySetException(new InvalidOperationException("The API process exited before it listened:\n" + api.Output));
        api._process.Start();
        api._process.BeginOutputReadLine();
        api._process.BeginErrorReadLine();
        try
        {
            api.Address = await api._listening.Task.WaitAsync(StartTimeout, cancellationToken);
        }
        catch
        {
            await api.DisposeAsync();
            throw;
        }
        return api;
    }

    /// <summary>The last lines it wrote, for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (_outputLock)
                return string.Join('\n', _output);
        }
    }

    public HttpClient Client() => new() { BaseAddress = Address };

    /// <summary>Polls /health/ready until it answers 200 (a start replays the feed first); fails with the output after a minute.</summary>
    public async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        using var client = Client();
        var clock = Stopwatch.StartNew();
        while (true)
        {
            using (var response = await client.GetAsync("/health/ready", cancellationToken))
            {
                if (response.IsSuccessStatusCode)
                    return;
            }
            if (clock.Elapsed > StartTimeout || _process.HasExited)
                throw new InvalidOperationException("The API process did not become ready:\n" + Output);
            await Task.Delay(100, cancellationToken);
        }
    }

    private void Read(string? line)
    {
        if (line is null)
            return;
        lock (_outputLock)
        {
            _output.Enqueue(line);
            if (_output.Count > 200)
                _output.Dequeue();
        }
        if (Listening().Match(line) is { Success: true } match)
            _listening.TrySetResult(new Uri(match.Groups[1].Value));
    }

    [GeneratedRegex(@"Now listening on: (http://127\.0\.0\.1:\d+)")]
    private static partial Regex Listening();

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
                _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (InvalidOperationException)
        {
            // It never started.
        }
        _process.Dispose();
    }
}
