using System.Security.Cryptography;
using System.Text;
using Dangjian.Core.Documents;
using Dangjian.Core.Seeding;
using Dangjian.Core.Storage;
using Dangjian.Core.Storage.Sqlite;
using Dangjian.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Dangjian.Tests.Seeding;

/// <summary>
/// Seeding imports every seed-data/*.txt as the directive named by its file, in the one seed commit, so the founding
/// notice comes from its original text and every seed link to its sections resolves.
/// </summary>
public sealed class SeedImportTests : IAsyncLifetime
{
    private const string NoticeId = "notice-2020-01-29";
    private readonly TempDirectory _data = new();
    private readonly TempDirectory _seed = new();
    private SqliteDocumentStore _store = null!;
    private SeedLoader _loader = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _store = new SqliteDocumentStore(new SqliteStoreOptions { DatabasePath = Path.Combine(_data.Path, "dangjian.db") }, TimeProvider.System);
        await _store.InitializeAsync(Ct);
        _loader = new SeedLoader(_store);
    }

    public async ValueTask DisposeAsync()
    {
        await _store.DisposeAsync();
        SqliteConnection.ClearAllPools();
        _data.Dispose();
        _seed.Dispose();
    }

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private void CopyNotice() => File.Copy(RepositoryFiles.Path("seed-data", $"{NoticeId}.txt"), Path.Combine(_seed.Path, $"{NoticeId}.txt"), overwrite: true);

    private void WriteSeedFile(string name, params Document[] documents) =>
        File.WriteAllText(Path.Combine(_seed.Path, name),
            $"{{ \"label\": \"test\", \"documents\": [{string.Join(",", documents.Select(DocumentJson.Serialize))}] }}");

    [Fact]
    public async Task The_repository_seed_data_gives_the_founding_notice_imported_from_its_original_text()
    {
        foreach (var file in Directory.EnumerateFiles(RepositoryFiles.Path("seed-data")))
            File.Copy(file, Path.Combine(_seed.Path, Path.GetFileName(file)));
        CopyNotice();

        var written = await _loader.SeedIfEmptyAsync(_seed.Path, Ct);

        var notice = await _store.GetAsync(Kinds.Directive, NoticeId, Ct);
        Assert.NotNull(notice);
        var text = await File.ReadAllTextAsync(Path.Combine(_seed.Path, $"{NoticeId}.txt"), Ct);
        Assert.Equal(text, notice.Original!.Text);
        Assert.Equal(Sha256(text), notice.Original.Sha256);
        Assert.Equal($"{NoticeId}.txt", notice.Original.SourceName);
        Assert.Equal(DirectiveStatus.Published, notice.Status);
        Assert.Equal(Enumerable.Range(1, 5).Select(n => $"{NoticeId}.s{n}"), notice.Sections.Select(s => s.Id));
        Assert.Equal("中共娄底市直属机关工作委员会", (await _store.GetAsync(Kinds.Organization, notice.IssuerId, Ct))!.Name);

        // One commit: every change has the seed's author, and each document was written once.
        var changes = await _store.ReadChangesAsync(0, 10_000, Ct);
        Assert.Equal(written, changes.Count);
        Assert.All(await _store.QueryAuditAsync(new AuditQuery { Limit = 10_000 }, Ct), a => Assert.Equal(("system:seed", "seed"), (a.Actor, a.Action)));

        // Every link from a seed activity or story to a directive section resolves.
        var sections = (await _store.QueryAsync(Kinds.Directive, Filter.All, [], 10_000, Ct)).SelectMany(d => d.SectionIds).ToHashSet();
        var links = (await _store.QueryAsync(Kinds.ActivityLog, Filter.All, [], 10_000, Ct)).SelectMany(a => a.SectionIds)
            .Concat((await _store.QueryAsync(Kinds.Story, Filter.All, [], 10_000, Ct)).SelectMany(s => s.SectionIds));
        Assert.All(links, link => Assert.Contains(link, sections));
    }

    [Fact]
    public async Task The_imported_text_wins_over_a_hand_made_directive_of_the_same_id_and_the_links_to_it_resolve()
    {
        var samples = new Samples();
        var committee = samples.Organization("中共娄底市直属机关工作委员会", kind: OrganizationKind.WorkingCommittee) with { Id = "ld-jggw" };
        var handMade = samples.Directive(committee.Id, title: "手工录入的通知", sections: 5) with { Id = NoticeId };
        handMade = handMade with { Sections = handMade.Sections.Select(s => s with { Id = DirectiveSection.MakeId(NoticeId, s.Number) }).ToList() };
        var other = samples.Directive(committee.Id, title: "关于做好春节期间疫情防控工作的通知");
        var log = samples.ActivityLog(committee.Id, sections: [$"{NoticeId}.s5"]);
        WriteSeedFile("organizations.json", committee);
        WriteSeedFile("directives.json", handMade, other);
        WriteSeedFile("activity-logs.json", log);
        CopyNotice();

        var written = await _loader.SeedIfEmptyAsync(_seed.Path, Ct);

        Assert.Equal(4, written);
        var notice = (await _store.GetAsync(Kinds.Directive, NoticeId, Ct))!;
        Assert.Equal("关于动员市直基层党组织和党员干部在疫情防控阻击战中冲在前、勇担当、作表率的通知", notice.Title);
        Assert.NotNull(notice.Original);
        // The issuer is the seed's own working committee, found among the seed files in the same commit.
        Assert.Equal("ld-jggw", notice.IssuerId);
        Assert.Equal(1, await _store.CountAsync(Kinds.Organization, Filter.All, Ct));
        Assert.NotNull(await _store.GetAsync(Kinds.Directive, other.Id, Ct));
        var linked = Assert.Single((await _store.GetAsync(Kinds.ActivityLog, log.Id, Ct))!.SectionIds);
        Assert.Equal("在监督约束激励保障上作表率", notice.Sections.Single(s => s.Id == linked).Heading);
    }

    [Fact]
    public async Task A_seed_text_that_cannot_be_imported_stops_the_seed_and_writes_nothing()
    {
        CopyNotice();
        await File.WriteAllBytesAsync(Path.Combine(_seed.Path, "scan.txt"), [0x25, 0x50, 0x44, 0x46, 0x00, 0x01], Ct);

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => _loader.SeedIfEmptyAsync(_seed.Path, Ct));

        Assert.Contains("scan.txt", failure.Message, StringComparison.Ordinal);
        Assert.Equal(0, await _store.GetLastSequenceAsync(Ct));
    }
}
