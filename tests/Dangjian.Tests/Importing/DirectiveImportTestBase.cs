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
    protected ApiHost Api { get; } = new();

    protected TempDirectory Files { get; } = new();

    protected string Editor { get; private set; } = "";

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await Api.InsertAsync(new Samples().Organization("中共娄底市直属机关工作委员会", kind: OrganizationKind.WorkingCommittee));
        Editor = Api.Token(Role.Editor, subject: "editor-zhao");
    }

    public async ValueTask DisposeAsync()
    {
        await Api.DisposeAsync();
        Files.Dispose();
        GC.SuppressFinalize(this);
    }
}
