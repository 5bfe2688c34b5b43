using Dangjian.Core.Access;
using Dangjian.Core.Documents;
using Dangjian.Core.Editorial;
using Dangjian.Core.Importing;
using Dangjian.Core.Storage;
using Dangjian.Core.Storage.Sqlite;
using Dangjian.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Dangjian.Tests.Importing;

/// <summary>
/// The import service over a real SQLite store in a temporary folder, with the founding notice's issuer in it: what a
/// test of importing below the API (no host) starts from.
/// </summary>
public abstract class ImporterOverStoreTestBase : IAsyncLifetime
{
    protected static readonly Caller Editor = new("editor-zhao", Role.Editor);
    private readonly TempDirectory _folder = new();

    protected Samples Samples { get; } = new();

    protected SqliteDocumentStore Store { get; private set; } = null!;

    protected DirectiveImporter Importer { get; private set; } = null!;

    /// <summary>The founding notice's issuer, 中共娄底市直属机关工作委员会, in the store as its working committee.</summary>
    protected Organization Committee { get; private set; } = null!;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        Store = new SqliteDocumentStore(new SqliteStoreOptions { DatabasePath = Path.Combine(_folder.Path, "dangjian.db") }, TimeProvider.System);
        await Store.InitializeAsync(Ct);
        Importer = new DirectiveImporter(new DocumentWriter(Store, TimeProvider.System), new ImportOptions());
        Committee = (Organization)Assert.IsType<CommitResult.Committed>(await Store.CommitAsync(new Commit(DocumentWrite.Insert(
            Samples.Organization("中共娄底市直属机关工作委员会", kind: OrganizationKind.WorkingCommittee)), ChangeAuthor.System), Ct)).Documents[0];
    }

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
        GC.SuppressFinalize(this);
    }
}
