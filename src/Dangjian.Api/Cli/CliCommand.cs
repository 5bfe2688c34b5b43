namespace Dangjian.Api.Cli;

/// <summary>
/// A command of the executable (`dotnet run --project src/Dangjian.Api -- NAME …`). Each area registers its own
/// commands; the host runs one instead of serving when the first argument names it.
/// </summary>
public interface ICliCommand
{
    string Name { get; }

    string Usage { get; }

    /// <summary>Its options that take no value, so that "--draft notices/" leaves the folder a positional argument.</summary>
    IReadOnlyCollection<string> Switches => [];

    /// <summary>Runs the command; returns the process exit code (0 = success).</summary>
    Task<int> RunAsync(CliArguments arguments, CliConsole console, CancellationToken cancellationToken);
}

/// <summary>Where commands write: results to Out (so they can be piped), progress and messages to Error.</summary>
public sealed record CliConsole(TextWriter Out, TextWriter Error)
{
    /// <summary>Error goes to a terminal (it is not redirected), so progress may redraw itself in place.</summary>
    public bool ErrorIsTerminal { get; init; }

    /// <summary>The terminal's width in columns.</summary>
    public int Width { get; init; } = 80;
}

/// <summary>"--name value" options, "--flag" switches and positional arguments.</summary>
public sealed class CliArguments
{
    private readonly Dictionary<string, List<string>> _options = new(StringComparer.OrdinalIgnoreCase);

    public CliArguments(IEnumerable<string> args, IReadOnlyCollection<string>? switches = null)
    {
        var list = args.ToList();
        for (var i = 0; i < list.Count; i++)
        {
            var arg = list[i];
            if (arg.StartsWith("--", StringComparison.Ordinal) && arg.Length > 2)
            {
                var name = arg[2..];
                string? value = null;
                var eq = name.IndexOf('=', StringComparison.Ordinal);
                if (eq >= 0)
                {
                    value = name[(eq + 1)..];
                    name = name[..eq];
                }
                else if (i + 1 < list.Count && !list[i + 1].StartsWith("--", StringComparison.Ordinal) && switches?.Contains(name, StringComparer.OrdinalIgnoreCase) != true)
                {
                    value = list[++i];
                }
                if (!_options.TryGetValue(name, out var values))
                    _options[name] = values = [];
                values.Add(value ?? "true");
            }
            else
            {
                Positional.Add(arg);
            }
        }
    }

    public List<string> Positional { get; } = [];

    public string? Option(string name) => _options.TryGetValue(name, out var values) ? values[^1] : null;

    public IReadOnlyList<string> Options(string name) => _options.TryGetValue(name, out var values) ? values : [];

    public bool Flag(string name) => Option(name) is "true" or "1" or "yes";

    public IEnumerable<string> Names => _options.Keys;
}

public static class CommandLine
{
    /// <summary>True when the arguments ask for a command rather than the server.</summary>
    public static bool IsCommand(string[] args) => args.Length > 0 && !args[0].StartsWith('-');

    /// <summary>Runs the command <paramref name="args"/> name; <paramref name="console"/> replaces the process's console (tests).</summary>
    public static async Task<int> RunAsync(IServiceProvider services, string[] args, CancellationToken cancellationToken, CliConsole? console = null)
    {
        console ??= new CliConsole(Console.Out, Console.Error) { ErrorIsTerminal = !Console.IsErrorRedirected, Width = TerminalWidth() };
        var commands = services.GetServices<ICliCommand>().ToDictionary(c => c.Name, StringComparer.OrdinalIgnoreCase);
        if (args[0] is "help" || !commands.TryGetValue(args[0], out var command))
        {
            if (args[0] is not "help")
                await console.Error.WriteLineAsync($"Unknown command '{args[0]}'.");
            await console.Error.WriteLineAsync("Commands:");
            foreach (var c in commands.Values.OrderBy(c => c.Name, StringComparer.Ordinal))
                await console.Error.WriteLineAsync($"  {c.Usage}");
            await console.Error.WriteLineAsync("Without a command, the API serves HTTP (honouring --urls).");
            return args[0] is "help" ? 0 : 2;
        }
        return await command.RunAsync(new CliArguments(args.Skip(1), command.Switches), console, cancellationToken);
    }

    private static int TerminalWidth()
    {
        try
        {
            return Console.IsErrorRedirected || Console.WindowWidth < 20 ? 80 : Console.WindowWidth;
        }
        catch (IOException)
        {
            return 80;
        }
    }
}
