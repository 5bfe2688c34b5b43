using Dangjian.Core.Access;
using Dangjian.Core.Documents;
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
