using Dangjian.Api;
using Dangjian.Api.Cli;
using Microsoft.Extensions.Logging.Console;

// The container's health probe runs before anything is built: it only asks the running server.
if (HealthProbe.IsProbe(args))
    return await HealthProbe.RunAsync(args, CancellationToken.None);

var isCommand = CommandLine.IsCommand(args);
// A command's own options (--role, --org …) are not configuration; the server's (--urls …) are.
// Settings files sit next to the executable; the working directory stays the caller's (for data/ and command paths).
var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = isCommand ? [] : args,
    ContentRootPath = AppContext.BaseDirectory,
});
builder.AddDangjian();
if (isCommand)
    // A command's stdout is its result, to be piped; the host's log lines go to stderr, with the progress.
    builder.Services.Configure<ConsoleLoggerOptions>(options => options.LogToStandardErrorThreshold = LogLevel.Trace);
var app = builder.Build();
if (isCommand)
    return await CommandLine.RunAsync(app.Services, args, CancellationToken.None);

app.UseDangjian();
await app.RunAsync();
return 0;

/// <summary>The entry point; public so that tests can host it in-process.</summary>
public partial class Program;
