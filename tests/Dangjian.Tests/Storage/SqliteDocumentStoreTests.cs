using Dangjian.Core.Documents;
using Dangjian.Core.Storage;
using Dangjian.Core.Storage.Sqlite;
using Dangjian.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Dangjian.Tests.Storage;

/// <summary>The contract suite on the embedded store, on a real file in a temporary folder.</summary>
public sealed class SqliteDocumentStoreTests : DocumentStoreContract
{
    private readonly TempDirectory _folder = new();

    private string DatabasePath => Path.Combine(_folder.Path, "dangjian.db");

    protected override async Task<IDocumentStore> CreateStoreAsync()
    {
        var store = new SqliteDocumentStore(new SqliteStoreOptions { DatabasePath = DatabasePath }, TimeProvider.System);
        await store.InitializeAsync(Ct);
        return store;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    [Fact]
    public async Task The_database_runs_in_wal_mode()
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath}");
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync(Ct));
    }

    [Fact]
    public async Task Initialising_twice_keeps_the_data()
    {
        var org = await InsertAsync(Samples.Organization());

        await Store.InitializeAsync(Ct);

        Assert.NotNull(await Store.GetAsync(Kinds.Organization, org.Id, Ct));
    }

    [Fact]
    public async Task A_column_missing_from_an_older_database_is_added_and_filled_from_the_stored_json()
    {
        var org = await InsertAsync(Samples.Organization());
        var story = await InsertAsync(Samples.Story(org.Id, title: "旧库里的故事"));
        await using (var connection = new SqliteConnection($"Data Source={DatabasePath}"))
        {
            await connection.OpenAsync(Ct);
            await using var command = connection.CreateCommand();
            // What a database made by an older version looks like: no "featured" column, no people table.
            command.CommandText = "DROP INDEX ix_stories_featured; DROP INDEX ix_stories_status_featured; ALTER TABLE stories DROP COLUMN featured; DROP TABLE stories__people;";
            await command.ExecuteNonQueryAsync(Ct);
        }

        await Store.InitializeAsync(Ct);

        Assert.Equal([story.Id], (await Store.QueryAsync(Kinds.Story, Filter.Eq("featured", false), [new SortField("id", SortDirection.Ascending)], 10, Ct)).Select(s => s.Id));
        Assert.Equal(1, await Store.CountAsync(Kinds.Story, new ListCondition("people", ListQuantifier.Some, Filter.Eq(ListCondition.Element, "张三")), Ct));
    }
}
