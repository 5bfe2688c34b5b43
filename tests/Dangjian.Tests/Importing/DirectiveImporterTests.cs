using System.Text;
using Dangjian.Core;
using Dangjian.Core.Access;
using Dangjian.Core.Documents;
using Dangjian.Core.Editorial;
using Dangjian.Core.Importing;
using Dangjian.Core.Storage;
using Dangjian.Tests.Support;

namespace Dangjian.Tests.Importing;

/// <summary>The import service over a real SQLite store: what it writes, what it refuses, and that it never writes half.</summary>
public sealed class DirectiveImporterTests : ImporterOverStoreTestBase
{
    private Task<Result<ImportResult>> ImportAsync(string text, Caller? caller = null, bool publish = false, string? sourceName = null) =>
        Importer.ImportAsync(caller ?? Editor, new ImportRequest(text) { Publish = publish, SourceName = sourceName }, Ct);

    private Task<long> LastChangeAsync() => Store.GetLastSequenceAsync(Ct);

    private Task<long> CountAsync(DocumentKind kind) => Store.CountAsync(kind, Filter.All, Ct);

    [Fact]
    public async Task The_founding_notice_becomes_a_draft_directive_under_its_issuer_with_the_original_text()
    {
        var result = await ImportAsync(Texts.FoundingNotice, sourceName: "notice-2020-01-29.txt");

        var imported = result.Value;
        Assert.False(imported.AlreadyImported);
        Assert.Empty(imported.Warnings);
        var directive = await Store.GetAsync(Kinds.Directive, imported.Directive.Id, Ct);
        Assert.NotNull(directive);
        Assert.Equal(DirectiveStatus.Draft, directive.Status);
        Assert.Equal(Committee.Id, directive.IssuerId);
        Assert.Equal("关于动员市直基层党组织和党员干部在疫情防控阻击战中冲在前、勇担当、作表率的通知", directive.Title);
        Assert.Equal(new DateOnly(2020, 1, 29), directive.IssuedOn);
        Assert.Equal(Enumerable.Range(1, 5).Select(n => $"{directive.Id}.s{n}"), directive.Sections.Select(s => s.Id));
        Assert.Equal(["ldjgdj1616@163.com"], directive.Contact.Emails);
        Assert.Equal(Texts.FoundingNotice, directive.Original!.Text);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(Texts.FoundingNotice))), directive.Original.Sha256);
        Assert.Equal("notice-2020-01-29.txt", directive.Original.SourceName);

        var audit = Assert.Single(await Store.QueryAuditAsync(new AuditQuery { Kind = "Directive" }, Ct));
        Assert.Equal(("import", "editor-zhao", "EDITOR", "from notice-2020-01-29.txt"), (audit.Action, audit.Actor, audit.Role, audit.Note));
        Assert.Equal(1, await CountAsync(Kinds.Organization));
    }

    [Fact]
    public async Task Publish_makes_it_published_at_once()
    {
        var result = await ImportAsync(Texts.Bulletin, publish: true);

        Assert.Equal(DirectiveStatus.Published, result.Value.Directive.Status);
    }

    [Fact]
    public async Task Importing_the_same_text_twice_gives_one_directive_whatever_encoding_the_file_had()
    {
        var first = (await ImportAsync(Texts.FoundingNotice)).Value;
        var before = await LastChangeAsync();

        var again = (await ImportAsync(Texts.FoundingNotice, publish: true)).Value;
        var gb18030 = TextDecoding.Decode(TextDecodingTests.Gb18030.GetBytes(Texts.FoundingNotice)).Value;
        var fromGb18030 = (await ImportAsync(gb18030.Text)).Value;

        Assert.True(again.AlreadyImported);
        Assert.True(fromGb18030.AlreadyImported);
        Assert.Equal(first.Directive.Id, again.Directive.Id);
        Assert.Equal(first.Directive.Id, fromGb18030.Directive.Id);
        Assert.Equal(DirectiveStatus.Draft, again.Directive.Status);
        Assert.Equal(before, await LastChangeAsync());
        Assert.Equal(1, await CountAsync(Kinds.Directive));
    }

    [Fact]
    public async Task Two_imports_of_one_text_racing_each_other_make_one_directive()
    {
        var results = await Task.WhenAll(ImportAsync(Texts.Letter), ImportAsync(Texts.Letter));

        Assert.All(results, r => Assert.True(r.IsSuccess));
        Assert.Single(results, r => r.Value.AlreadyImported);
        Assert.Equal(1, await CountAsync(Kinds.Directive));
        Assert.Equal(2, await CountAsync(Kinds.Organization));
    }

    [Fact]
    public async Task An_issuer_outside_the_tree_is_added_in_the_same_commit_and_found_next_time()
    {
        var before = await LastChangeAsync();

        var letter = (await ImportAsync(Texts.Letter)).Value;

        var issuer = await Store.GetAsync(Kinds.Organization, letter.Directive.IssuerId, Ct);
        Assert.NotNull(issuer);
        Assert.Equal(("娄底市卫生健康委员会", OrganizationKind.External, (string?)null), (issuer.Name, issuer.Kind, issuer.ParentId));
        Assert.Contains(letter.Warnings, w => w.Code == ImportWarningCodes.IssuerCreated);
        var changes = await Store.ReadChangesAsync(before, 10, Ct);
        Assert.Equal([("Organization", issuer.Id), ("Directive", letter.Directive.Id)], changes.Select(c => (c.Kind, c.Id)));
        Assert.Equal(2, (await Store.QueryAuditAsync(new AuditQuery { Action = "import" }, Ct)).Count);

        var another = (await ImportAsync(Texts.Letter.Replace("12号", "13号", StringComparison.Ordinal))).Value;
        Assert.Equal(issuer.Id, another.Directive.IssuerId);
        Assert.DoesNotContain(another.Warnings, w => w.Code == ImportWarningCodes.IssuerCreated);
        Assert.Equal(2, await CountAsync(Kinds.Organization));
    }

    [Fact]
    public async Task Text_with_no_structure_is_imported_as_a_body_under_an_unknown_issuer_with_warnings()
    {
        var result = (await ImportAsync(Texts.News)).Value;

        var directive = result.Directive;
        Assert.Equal(Texts.News.Trim(), directive.Preamble);
        Assert.Empty(directive.Sections);
        Assert.Equal(DocumentType.Other, directive.DocumentType);
        Assert.Equal(ChinaTime.Day(DateTimeOffset.UtcNow), directive.IssuedOn);
        Assert.Equal(DirectiveImporter.UnknownIssuerName, (await Store.GetAsync(Kinds.Organization, directive.IssuerId, Ct))!.Name);
        Assert.Equal([ImportWarningCodes.Unstructured, ImportWarningCodes.TitleGuessed, ImportWarningCodes.DateNotFound, ImportWarningCodes.IssuerNotFound],
            result.Warnings.Select(w => w.Code));
    }

    public static TheoryData<string, string> BadTexts => new()
    {
        { "", "The text is empty" },
        { " \n\u3000\u3000\r\n\t\uFEFF", "The text is empty" },
        { "%PDF-1.7\n\0\u0001\u0002 关于…的通知", "it contains NUL characters" },
        { "\0\0\u0001", "it contains NUL characters" },
        { "\u0001\u0002\u001B", "are control characters or could not be decoded" },
        { string.Concat(Enumerable.Repeat("\u0001\u0002\u0003通知", 50)), "are control characters or could not be decoded" },
        { "关于\uD800的通知", "lone surrogate" },
    };

    [Theory]
    [MemberData(nameof(BadTexts))]
    public async Task Empty_and_binary_text_is_refused_and_nothing_is_written(string text, string reason)
    {
        var before = await LastChangeAsync();

        var result = await ImportAsync(text);

        Assert.False(result.IsSuccess);
        Assert.Equal(ErrorCodes.Validation, result.Error!.Code);
        Assert.Equal(["input", "text"], result.Error.Path);
        Assert.Contains(reason, result.Error.Message, StringComparison.Ordinal);
        Assert.Equal(before, await LastChangeAsync());
        Assert.Equal(0, await CountAsync(Kinds.Directive));
    }

    [Fact]
    public async Task A_text_over_the_size_limit_is_refused_with_the_limit_in_the_message()
    {
        var importer = new DirectiveImporter(new DocumentWriter(Store, TimeProvider.System), new ImportOptions { MaxBytes = 4096 });
        var huge = string.Concat(Enumerable.Repeat(Texts.FoundingNotice, 2));

        var result = await importer.ImportAsync(Editor, new ImportRequest(huge), Ct);

        Assert.Equal(["input", "text"], result.Error!.Path);
        Assert.Equal("The text is too large to import: 11 KB (11,308 bytes), and at most 4 KB (4,096 bytes) is accepted.", result.Error.Message);
        Assert.Equal(0, await CountAsync(Kinds.Directive));
        Assert.Equal(2L * 1024 * 1024, new ImportOptions().MaxBytes);
    }

    [Fact]
    public async Task Only_editors_may_import()
    {
        var anonymous = await ImportAsync(Texts.Bulletin, Caller.Anonymous);
        var branch = await ImportAsync(Texts.Bulletin, new Caller("secretary-sun", Role.Branch, Committee.Id, new HashSet<string> { Committee.Id }));

        Assert.Equal(ErrorCodes.Unauthenticated, anonymous.Error!.Code);
        Assert.Equal(ErrorCodes.Forbidden, branch.Error!.Code);
        Assert.Equal(0, await CountAsync(Kinds.Directive));
    }

    [Fact]
    public async Task A_commit_that_fails_leaves_neither_directive_nor_new_issuer_behind()
    {
        var taken = Samples.Directive(Committee.Id);
        Assert.IsType<CommitResult.Committed>(await Store.CommitAsync(new Commit(DocumentWrite.Insert(taken), ChangeAuthor.System), Ct));
        var before = await LastChangeAsync();

        // The letter names a new issuer; its directive id is taken, so the commit of both must fail as one.
        var result = await Importer.ImportAsync(Caller.System, new ImportRequest(Texts.Letter) { Id = taken.Id }, Ct);

        Assert.False(result.IsSuccess);
        Assert.Equal(["input", "id"], result.Error!.Path);
        Assert.Equal(before, await LastChangeAsync());
        Assert.Empty(await Store.ReadChangesAsync(before, 10, Ct));
        Assert.Equal(1, await CountAsync(Kinds.Organization));
        Assert.Equal(1, await CountAsync(Kinds.Directive));
    }
}
