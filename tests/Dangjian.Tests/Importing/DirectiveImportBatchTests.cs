using Dangjian.Core;
using Dangjian.Core.Access;
using Dangjian.Core.Documents;
using Dangjian.Core.Importing;
using Dangjian.Core.Storage;

namespace Dangjian.Tests.Importing;

/// <summary>
/// ImportBatch over a real SQLite store: issuers added and confirmed within one batch are written once, and a batch
/// whose commit conflicts is imported again text by text, so only the conflicting text is affected.
/// </summary>
public sealed class DirectiveImportBatchTests : ImporterOverStoreTestBase
{
    private const string HealthCommission = "娄底市卫生健康委员会";

    private static ImportRequest Letter(int number, bool publish) =>
        new(Texts.Letter.Replace("娄卫函[2020]12号", $"娄卫函[2020]{number}号", StringComparison.Ordinal)) { Publish = publish, SourceName = $"letter-{number}.txt" };

    private async Task<Organization> HealthCommissionAsync() =>
        Assert.Single(await Store.QueryAsync(Kinds.Organization, Filter.Eq("name", HealthCommission), [], 10, Ct));

    [Fact]
    public async Task A_new_issuer_named_by_a_draft_and_then_by_a_published_text_is_inserted_once_and_confirmed()
    {
        var batch = Importer.StartBatch(Editor);
        await batch.AddAsync(Letter(1, publish: false), Ct);
        await batch.AddAsync(Letter(2, publish: true), Ct);
        await batch.AddAsync(Letter(3, publish: true), Ct);
        var before = await Store.GetLastSequenceAsync(Ct);

        var results = await batch.CommitAsync(Ct);

        Assert.False(batch.RetriedOneByOne);
        Assert.All(results, r => Assert.False(r.Value.AlreadyImported));
        Assert.Equal([ImportWarningCodes.IssuerCreated], results[0].Value.Warnings.Select(w => w.Code));
        Assert.Empty(results[1].Value.Warnings);
        var issuer = await HealthCommissionAsync();
        Assert.False(issuer.Provisional);
        Assert.Equal(1, issuer.Version);
        Assert.All(results, r => Assert.Equal(issuer.Id, r.Value.Directive.IssuerId));
        Assert.Equal(["Organization", "Directive", "Directive", "Directive"], (await Store.ReadChangesAsync(before, 100, Ct)).Select(c => c.Kind));
    }

    [Fact]
    public async Task A_provisional_issuer_in_the_store_is_confirmed_once_by_the_published_texts_of_a_batch()
    {
        Assert.True((await Importer.ImportAsync(Editor, Letter(1, publish: false), Ct)).IsSuccess);
        Assert.True((await HealthCommissionAsync()).Provisional);
        var batch = Importer.StartBatch(Editor);
        await batch.AddAsync(Letter(2, publish: true), Ct);
        await batch.AddAsync(Letter(3, publish: true), Ct);

        var results = await batch.CommitAsync(Ct);

        Assert.False(batch.RetriedOneByOne);
        Assert.All(results, r => Assert.True(r.IsSuccess));
        var issuer = await HealthCommissionAsync();
        Assert.False(issuer.Provisional);
        Assert.Equal(2, issuer.Version);
    }

    [Fact]
    public async Task A_batch_that_conflicts_is_imported_text_by_text_and_the_text_someone_else_imported_meanwhile_is_already_imported()
    {
        var batch = Importer.StartBatch(Editor);
        await batch.AddAsync(Letter(1, publish: true), Ct);
        await batch.AddAsync(Letter(2, publish: true), Ct);
        await batch.AddAsync(Letter(2, publish: true), Ct);
        // Another editor imports the second text after the batch looked: the batch's commit would insert its id again.
        var theirs = (await Importer.ImportAsync(Editor, Letter(2, publish: true), Ct)).Value.Directive;

        var results = await batch.CommitAsync(Ct);

        Assert.True(batch.RetriedOneByOne);
        Assert.False(results[0].Value.AlreadyImported);
        Assert.Equal(HealthCommission, (await Store.GetAsync(Kinds.Organization, results[0].Value.Directive.IssuerId, Ct))!.Name);
        Assert.All(results.Skip(1), r =>
        {
            Assert.True(r.Value.AlreadyImported);
            Assert.Equal(ImportMatch.SameText, r.Value.Match);
            Assert.Equal(theirs.Id, r.Value.Directive.Id);
        });
        Assert.Equal(2, await Store.CountAsync(Kinds.Directive, Filter.All, Ct));
        await HealthCommissionAsync();
    }

    [Fact]
    public async Task A_caller_who_is_not_an_editor_gets_each_text_refused_and_nothing_is_written()
    {
        var before = await Store.GetLastSequenceAsync(Ct);
        var batch = Importer.StartBatch(new Caller("reader-li", Role.Reader));
        await batch.AddAsync(Letter(1, publish: true), Ct);
        await batch.AddAsync(Letter(2, publish: true), Ct);

        var results = await batch.CommitAsync(Ct);

        Assert.All(results, r => Assert.Equal(ErrorCodes.Forbidden, r.Error!.Code));
        Assert.Equal(before, await Store.GetLastSequenceAsync(Ct));
    }
}
