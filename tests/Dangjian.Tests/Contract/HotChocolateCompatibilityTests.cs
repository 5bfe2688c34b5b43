using System.Diagnostics;
using Dangjian.Tests.Support;

namespace Dangjian.Tests.Contract;

/// <summary>
/// Operations written the way a HotChocolate client writes them (HotChocolateOperations/*.graphql: today's scalar
/// filter input names, entity filter and sort inputs, Relay paging both ways, connection fragments, the mutation
/// convention, search's and the timeline's sort lists, the audit log (where shape, both ways, totalCount) and statistics,
/// the action enum, the scalar fields HotChocolate filters and sorts, connections named after their field, filters through relations) are validated
/// against schema/schema.graphql and compiled by GraphQL Code Generator (web/codegen.compat.ts) with strictScalars.
/// </summary>
public sealed class HotChocolateCompatibilityTests
{
    [Fact]
    public async Task Hotchocolate_shaped_operations_validate_and_compile_with_strict_scalars()
    {
        var ct = TestContext.Current.CancellationToken;
        using var output = new TempDirectory();
        var documents = Path.Combine(RepositoryFiles.Path("tests", "Dangjian.Tests", "Contract", "HotChocolateOperations"), "*.graphql");

        var (generated, log) = await CodegenAsync(documents, output.Path, ct);

        Assert.True(generated == 0, "graphql-codegen refused the HotChocolate-shaped operations:\n" + log);
        var file = Path.Combine(output.Path, "operations.ts");
        var types = await File.ReadAllTextAsync(file, ct);
        foreach (var name in new[] { "HcStoriesQuery", "HcStoriesBackwardsQuery", "HcActivitiesQuery", "HcDirectivesQuery", "HcSearchQuery", "HcAuditQuery", "HcStatisticsQuery", "HcRevisionsQuery", "HcStartReviewMutation", "HcAuditBackwardsQuery", "HcTimelineQuery", "HcScalarFieldsQuery", "HcRelationFiltersQuery" })
            Assert.Contains($"export type {name} = ", types, StringComparison.Ordinal);
        // strictScalars: Date and DateTime are strings (an unmapped scalar fails generation), the actions one union.
        Assert.Contains("issuedOn: string", types, StringComparison.Ordinal);
        Assert.Contains("export type DocumentAction =", types, StringComparison.Ordinal);
        // And the generated types compile.
        var (compiled, errors) = await RunAsync(["npx", "--no-install", "tsc", "--noEmit", "--strict", "--skipLibCheck", file], [], ct);
        Assert.True(compiled == 0, errors);
    }

    [Fact]
    public async Task An_operation_with_an_old_compatibility_name_is_refused_by_the_same_check()
    {
        var ct = TestContext.Current.CancellationToken;
        using var folder = new TempDirectory();
        using var output = new TempDirectory();
        await File.WriteAllTextAsync(Path.Combine(folder.Path, "Old.graphql"),
            "query Old($n: ComparableInt32OperationFilterInput) { activityLogs(where: { participantCount: $n }) { totalCount } }", ct);

        var (exit, log) = await CodegenAsync(Path.Combine(folder.Path, "*.graphql"), output.Path, ct);

        // The check is real: a name this schema does not have fails it.
        Assert.NotEqual(0, exit);
        Assert.Contains("ComparableInt32OperationFilterInput", log, StringComparison.Ordinal);
    }

    private static Task<(int ExitCode, string Output)> CodegenAsync(string documents, string output, CancellationToken ct) =>
        RunAsync(["npx", "--no-install", "graphql-codegen", "--config", "codegen.compat.ts"],
            new() { ["DANGJIAN_COMPAT_DOCUMENTS"] = documents, ["DANGJIAN_CODEGEN_OUTPUT"] = output }, ct);

    private static async Task<(int ExitCode, string Output)> RunAsync(string[] command, Dictionary<string, string> environment, CancellationToken ct)
    {
        var start = new ProcessStartInfo(command[0], command[1..])
        {
            WorkingDirectory = RepositoryFiles.Path("web"),
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
