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

    [Fact]
    public async Task Long_text_has_no_column_the_version_has_its_indexes_and_temporary_is_added_to_an_older_database()
    {
        var front = await InsertAsync(Samples.Organization("火线党支部", kind: OrganizationKind.FrontLineBranch));
        await using (var connection = new SqliteConnection($"Data Source={DatabasePath}"))
        {
            await connection.OpenAsync(Ct);
            var columns = await NamesAsync(connection, "stories", indexes: false);
            var indexes = await NamesAsync(connection, "stories", indexes: true);
            // The body and summary stay in the JSON only: no copy, no index over text nobody looks up whole.
            Assert.DoesNotContain("body", columns);
            Assert.DoesNotContain("summary", columns);
            Assert.Single(columns, c => c == "version");
            Assert.Contains("ix_stories_version", indexes);
            Assert.Contains("ix_stories_status_version", indexes);
            Assert.DoesNotContain(indexes, i => i.Contains("body", StringComparison.Ordinal));
            Assert.DoesNotContain("preamble", await NamesAsync(connection, "directives", indexes: false));
            await using var command = connection.CreateCommand();
            // What a database made before temporary was a field looks like.
            command.CommandText = "DROP INDEX ix_organizations_temporary; ALTER TABLE organizations DROP COLUMN \"temporary\";";
            await command.ExecuteNonQueryAsync(Ct);
        }

        await Store.InitializeAsync(Ct);

        Assert.Equal([front.Id], (await Store.QueryAsync(Kinds.Organization, Filter.Eq("temporary", true), [new SortField("id", SortDirection.Ascending)], 10, Ct)).Select(o => o.Id));
    }

    /// <summary>A table's column names, or its index names.</summary>
    private static async Task<List<string>> NamesAsync(SqliteConnection connection, string table, bool indexes)
    {
        await using var command = connection.CreateCommand();
        if (indexes)
            command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = @table";
        else
            command.CommandText = "SELECT name FROM pragma_table_info(@table)";
        command.Parameters.AddWithValue("@table", table);
        var names = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(Ct);
        while (await reader.ReadAsync(Ct))
            names.Add(reader.GetString(0));
        return names;
    }

    [Fact]
    public async Task A_document_read_again_at_the_same_version_is_reused_and_a_new_version_is_read_anew()
    {
        var org = await InsertAsync(Samples.Organization());
        var story = await InsertAsync(Samples.Story(org.Id, title: "第一版"));

        var first = await Store.GetAsync(Kinds.Story, story.Id, Ct);
        var again = (await Store.GetManyAsync(Kinds.Story, [story.Id], Ct))[0];
        var listed = (await Store.QueryAsync(Kinds.Story, Filter.All, [new SortField("id", SortDirection.Ascending)], 10, Ct))[0];
        await Store.CommitAsync(new Commit(new DocumentWrite(first! with { Title = "第二版" }, 1, "update"), ChangeAuthor.System), Ct);
        var changed = await Store.GetAsync(Kinds.Story, story.Id, Ct);

        Assert.Same(first, again);
        Assert.Same(first, listed);
        Assert.Equal(("第二版", 2L), (changed!.Title, changed.Version));
    }

    [Fact]
    public async Task A_change_written_by_another_process_is_seen_at_once()
    {
        var org = await InsertAsync(Samples.Organization("原名"));
        Assert.Equal("原名", (await Store.GetAsync(Kinds.Organization, org.Id, Ct))!.Name);
        // Another process (an import or a restore) on the same file: its own store, its own cache.
        await using (var other = new SqliteDocumentStore(new SqliteStoreOptions { DatabasePath = DatabasePath }, TimeProvider.System))
        {
            var current = (await other.GetAsync(Kinds.Organization, org.Id, Ct))!;
            await other.CommitAsync(new Commit(new DocumentWrite(current with { Name = "新名" }, current.Version, "update"), ChangeAuthor.System), Ct);
        }

        Assert.Equal("新名", (await Store.GetAsync(Kinds.Organization, org.Id, Ct))!.Name);
    }

    [Fact]
    public async Task Without_a_cache_every_read_is_a_new_document()
    {
        await using var store = new SqliteDocumentStore(new SqliteStoreOptions { DatabasePath = DatabasePath, DocumentCacheMB = 0 }, TimeProvider.System);
        await store.InitializeAsync(Ct);
        var org = (Organization)((CommitResult.Committed)await store.CommitAsync(new Commit(DocumentWrite.Insert(Samples.Organization()), ChangeAuthor.System), Ct)).Documents[0];

        var first = await store.GetAsync(Kinds.Organization, org.Id, Ct);
        var second = await store.GetAsync(Kinds.Organization, org.Id, Ct);

        Assert.NotSame(first, second);
        Assert.Equal((first!.Name, first.Version), (second!.Name, second.Version));
    }

    [Fact]
    public async Task A_scan_in_large_pages_does_not_fill_the_cache_but_an_api_sized_page_does()
    {
        var org = await InsertAsync(Samples.Organization());
        SortField[] byId = [new SortField("id", SortDirection.Ascending)];

        var scanned = (await Store.QueryAsync(Kinds.Organization, Filter.All, byId, 500, Ct))[0];
        var afterScan = await Store.GetAsync(Kinds.Organization, org.Id, Ct);
        var paged = (await Store.QueryAsync(Kinds.Organization, Filter.All, byId, 21, Ct))[0];

        Assert.NotSame(scanned, afterScan);
        Assert.Same(afterScan, paged);
    }
}
