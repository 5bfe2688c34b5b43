using System.Diagnostics;
using Dangjian.Tests.Browser;
using Dangjian.Tests.Support;

namespace Dangjian.Tests.Web;

/// <summary>
/// GraphQL Code Generator (the npm registry's, installed in web/node_modules by the API's build) introspects the
/// RUNNING server, over real HTTP, with the standard introspection query, and generates TypeScript types with
/// strictScalars; the schema it read must be the checked-in schema/schema.graphql, compared as schemas by graphql-js.
/// </summary>
public sealed class CodegenIntrospectionTests
{
    [Fact]
    public async Task Codegen_introspects_the_running_server_with_strict_scalars_and_reads_the_checked_in_schema()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = await BrowserHost.StartAsync(new ApiHost(settings: new Dictionary<string, string?> { ["Dangjian:GraphQL:Introspection"] = "true" }));
        using var output = new TempDirectory();
        var web = RepositoryFiles.Path("web");

        var (generated, log) = await RunAsync(web, ["npx", "--no-install", "graphql-codegen", "--config", "codegen.introspect.ts"],
            new() { ["DANGJIAN_GRAPHQL_URL"] = BrowserHost.AddressOf(api) + "/graphql", ["DANGJIAN_CODEGEN_OUTPUT"] = output.Path }, ct);
        Assert.True(generated == 0, "graphql-codegen failed against the running server:\n" + log);
        var types = await File.ReadAllTextAsync(Path.Combine(output.Path, "types.ts"), ct);
        Assert.Contains("Date: { input: string; output: string; }", types, StringComparison.Ordinal);
        Assert.Contains("export type Subscription = {", types, StringComparison.Ordinal);

        var (compared, differences) = await RunAsync(web, ["node", "scripts/compare-schema.mjs", Path.Combine(output.Path, "schema.graphql"), RepositoryFiles.Path("schema", "schema.graphql")], [], ct);
        Assert.True(compared == 0, differences);
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string directory, string[] command, Dictionary<string, string> environment, CancellationToken ct)
    {
        var start = new ProcessStartInfo(command[0], command[1..])
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (name, value) in environment)
            start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct).WaitAsync(TimeSpan.FromMinutes(3), ct);
        return (process.ExitCode, await stdout + await stderr);
    }
}
