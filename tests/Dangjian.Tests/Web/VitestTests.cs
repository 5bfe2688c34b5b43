using System.Diagnostics;
using System.Text.Json;
using Dangjian.Tests.Support;

namespace Dangjian.Tests.Web;

/// <summary>
/// The web app's component tests (Vitest, web/src/**/*.test.ts[x]) run as part of `dotnet test`: the API's build has
/// already installed web/node_modules with `npm ci`, so this runs Vitest there and fails with the names of the tests
/// that failed.
/// </summary>
public sealed class VitestTests
{
    [Fact]
    public async Task The_web_apps_component_tests_pass()
    {
        var ct = TestContext.Current.CancellationToken;
        var web = RepositoryFiles.Path("web");
        var report = Path.Combine(Path.GetTempPath(), $"vitest-{Guid.NewGuid():N}.json");
        try
        {
            var start = new ProcessStartInfo("npx", ["--no-install", "vitest", "run", "--reporter=json", "--outputFile=" + report])
            {
                WorkingDirectory = web,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            start.Environment["CI"] = "true";
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync(ct);
            var errors = process.StandardError.ReadToEndAsync(ct);
            await process.WaitForExitAsync(ct).WaitAsync(TimeSpan.FromMinutes(5), ct);
            Assert.True(File.Exists(report), $"Vitest wrote no report (exit {process.ExitCode}):\n{await output}\n{await errors}");

            using var json = JsonDocument.Parse(await File.ReadAllTextAsync(report, ct));
            var tests = json.RootElement.GetProperty("testResults").EnumerateArray()
                .SelectMany(file => file.GetProperty("assertionResults").EnumerateArray()
                    .Select(t => (File: Path.GetRelativePath(web, file.GetProperty("name").GetString()!), Name: t.GetProperty("fullName").GetString()!, Status: t.GetProperty("status").GetString()!,
                        Failure: string.Join("\n", t.GetProperty("failureMessages").EnumerateArray().Select(m => m.GetString())))))
                .ToList();
            foreach (var test in tests)
                TestContext.Current.TestOutputHelper?.WriteLine($"{test.Status,-7} {test.File} › {test.Name}");
            var failed = tests.Where(t => t.Status != "passed").ToList();
            Assert.True(failed.Count == 0, "Vitest tests failed:\n" + string.Join("\n\n", failed.Select(f => $"{f.File} › {f.Name}: {f.Status}\n{f.Failure}")));
            Assert.True(tests.Count >= 20, $"Vitest ran {tests.Count} tests; the web app has at least 20.");
            Assert.Equal(0, process.ExitCode);
        }
        finally
        {
            File.Delete(report);
        }
    }
}
