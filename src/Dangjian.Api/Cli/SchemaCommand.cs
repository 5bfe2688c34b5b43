using Dangjian.Api.GraphQL;
using GraphQL;
using GraphQL.Types;
using GraphQL.Utilities;

namespace Dangjian.Api.Cli;

/// <summary>`schema [--output PATH]`: prints the SDL that schema/schema.graphql must equal.</summary>
public sealed class SchemaCommand(DangjianSchema schema) : ICliCommand
{
    public string Name => "schema";

    public string Usage => "schema [--output PATH]      print the GraphQL schema (SDL)";

    public static string Print(DangjianSchema schema)
    {
        var sdl = schema.Print(new PrintOptions { IncludeDescriptions = true, IncludeDeprecationReasons = true, StringComparison = null })
            .ReplaceLineEndings("\n").TrimEnd() + "\n";
        // GraphQL.NET's printer knows no @specifiedBy; the scalars that introspection gives a specifiedByURL get it here,
        // so that the SDL and introspection say the same (web/scripts/compare-schema.mjs holds them to it).
        schema.Initialize();
        foreach (var scalar in schema.AllTypes.OfType<ScalarGraphType>())
        {
            if (scalar.GetMetadata<string?>(StandardIntrospection.SpecifiedByUrl) is { } url)
                sdl = sdl.Replace($"\nscalar {scalar.Name}\n", $"\nscalar {scalar.Name} @specifiedBy(url: \"{url}\")\n", StringComparison.Ordinal);
        }
        return sdl;
    }

    public async Task<int> RunAsync(CliArguments arguments, CliConsole console, CancellationToken cancellationToken)
    {
        var sdl = Print(schema);
        if (arguments.Option("output") is { } path)
        {
            await File.WriteAllTextAsync(path, sdl, cancellationToken);
            await console.Error.WriteLineAsync($"Wrote {path}");
        }
        else
        {
            await console.Out.WriteAsync(sdl);
        }
        return 0;
    }
}
