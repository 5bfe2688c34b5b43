using Dangjian.Api.Cli;
using Dangjian.Core.Access;
using Dangjian.Core.Documents;
using Dangjian.Core.Storage;
using Dangjian.Tests.Support;

namespace Dangjian.Tests.Importing;

/// <summary>
/// A host with the founding notice's issuer in its tree, an editor's token and a folder for files: what a test of
/// importing directives through GraphQL, the upload endpoint and the command line starts from.
/// </summary>
public abstract class DirectiveImportTestBase : IAsyncLifetime
{
    /// <param name="settings">The host's settings, e.g. smaller import bounds to test them with small files.</param>
    /// <param name="time">The host's clock.</param>
    protected DirectiveImportTestBase(IDictionary<string, string?>? settings = null, TimeProvider? time = null) =>
        Api = new ApiHost(settings: settings, time: time);

    protected ApiHost Api { get; }

    protected TempDirectory Files { get; } = new();

    protected string Editor { get; private set; } = "";

    /// <summary>The founding notice's issuer, 中共娄底市直属机关工作委员会, in the tree as its working committee.</summary>
    protected Organization Committee { get; private set; } = null!;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Writes a file under <see cref="Files"/>, making its folders; returns its full path.</summary>
    protected string WriteFile(string relativePath, byte[] bytes)
    {
        var path = Path.Combine(Files.Path, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>`import ARGS…` run in-process against the host's services: its exit code, output lines and error output.</summary>
    protected async Task<(int Exit, string[] Lines, string Error)> RunImportCommandAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await CommandLine.RunAsync(Api.Services, ["import", .. args], Ct, new CliConsole(output, error));
        return (exit, output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries), error.ToString());
    }

    /// <summary>The directives in the store.</summary>
    protected Task<IReadOnlyList<Directive>> DirectivesAsync() => Api.Store.QueryAsync(Kinds.Directive, Filter.All, [], 100, Ct);

    public async ValueTask InitializeAsync()
    {
        Committee = await Api.InsertAsync(new Samples().Organization("中共娄底市直属机关工作委员会", kind: OrganizationKind.WorkingCommittee));
        Editor = Api.Token(Role.Editor, subject: "editor-zhao");
    }

    public async ValueTask DisposeAsync()
    {
        await Api.DisposeAsync();
        Files.Dispose();
        GC.SuppressFinalize(this);
    }
}
