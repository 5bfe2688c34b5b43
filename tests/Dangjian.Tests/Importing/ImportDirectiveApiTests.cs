using System.Text.Json;
using Dangjian.Api.GraphQL.Relay;
using Dangjian.Core.Access;
using Dangjian.Core.Documents;
using Dangjian.Tests.Support;

namespace Dangjian.Tests.Importing;

/// <summary>The importDirective mutation through HTTP: editors only, drafts by default, warnings, duplicates, typed errors.</summary>
public sealed class ImportDirectiveApiTests() : DirectiveImportTestBase(new Dictionary<string, string?> { ["Dangjian:Import:MaxBytes"] = "16384" })
{
    private const string Mutation = """
        mutation($input: ImportDirectiveInput!) {
          importDirective(input: $input) {
            directive {
              id title status documentType issuedOn addressees
              issuer { name kind }
              sections { id number heading }
              contact { emails text }
              original { sha256 sourceName }
            }
            warnings { code message line }
            alreadyImported
            errors { __typename ... on Error { code message path } }
          }
        }
        """;

    private async Task<JsonElement> ImportAsync(object input, string? token) =>
        (await Api.QueryAsync(Mutation, new { input }, token)).Ok().GetProperty("importDirective");

    [Fact]
    public async Task An_editor_imports_the_founding_notice_as_a_draft_with_stable_section_ids()
    {
        var payload = await ImportAsync(new { text = Texts.FoundingNotice, sourceName = "notice-2020-01-29.txt" }, Editor);

        payload.AssertNoErrors();
        Assert.False(payload.GetProperty("alreadyImported").GetBoolean());
        Assert.Empty(payload.GetProperty("warnings").EnumerateArray());
        var directive = payload.GetProperty("directive");
        Assert.Equal("DRAFT", directive.GetProperty("status").GetString());
        Assert.Equal("NOTICE", directive.GetProperty("documentType").GetString());
        Assert.Equal("关于动员市直基层党组织和党员干部在疫情防控阻击战中冲在前、勇担当、作表率的通知", directive.GetProperty("title").GetString());
        Assert.Equal("2020-01-29", directive.GetProperty("issuedOn").GetString());
        Assert.Equal(["市直各基层党组织"], directive.GetProperty("addressees").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal("中共娄底市直属机关工作委员会", directive.At("issuer.name").GetString());
        Assert.Equal("WORKING_COMMITTEE", directive.At("issuer.kind").GetString());
        Assert.Equal(["ldjgdj1616@163.com"], directive.At("contact.emails").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("notice-2020-01-29.txt", directive.At("original.sourceName").GetString());
        Assert.Matches("^[0-9a-f]{64}$", directive.At("original.sha256").GetString()!);
        var localId = GlobalId.Decode(directive.GetProperty("id").GetString()!, "Directive").Value.LocalId;
        Assert.Equal(Enumerable.Range(1, 5).Select(n => GlobalId.Encode("DirectiveSection", $"{localId}.s{n}")),
            directive.GetProperty("sections").Strings("id"));
        Assert.Equal("在政治坚定狠抓落实上作表率", directive.At("sections.0.heading").GetString());

        // A draft: readers do not see it.
        var asReader = await Api.QueryAsync("query($id: ID!) { node(id: $id) { id } }", new { id = directive.GetProperty("id").GetString() });
        Assert.Equal(JsonValueKind.Null, asReader.Ok().GetProperty("node").ValueKind);
    }

    [Fact]
    public async Task Publish_makes_it_public_and_importing_again_returns_the_same_directive()
    {
        var first = await ImportAsync(new { text = Texts.Bulletin, publish = true }, Editor);
        var before = await Api.Store.GetLastSequenceAsync(Ct);

        var again = await ImportAsync(new { text = Texts.Bulletin }, Editor);

        again.AssertNoErrors();
        Assert.Equal("PUBLISHED", first.At("directive.status").GetString());
        Assert.True(again.GetProperty("alreadyImported").GetBoolean());
        Assert.Equal(first.At("directive.id").GetString(), again.At("directive.id").GetString());
        Assert.Equal(before, await Api.Store.GetLastSequenceAsync(Ct));
        var asReader = await Api.QueryAsync("{ directives { totalCount } }");
        Assert.Equal(1, asReader.Ok().At("directives.totalCount").GetInt32());
    }

    [Fact]
    public async Task What_the_parser_is_unsure_about_comes_back_as_warnings_with_lines()
    {
        var payload = await ImportAsync(new { text = Texts.News }, Editor);

        payload.AssertNoErrors();
        var warnings = payload.GetProperty("warnings").EnumerateArray().ToList();
        Assert.Equal(["UNSTRUCTURED", "TITLE_GUESSED", "DATE_NOT_FOUND", "ISSUER_NOT_FOUND"], warnings.Select(w => w.GetProperty("code").GetString()));
        Assert.Equal(1, warnings[1].GetProperty("line").GetInt32());
        Assert.Equal(JsonValueKind.Null, warnings[0].GetProperty("line").ValueKind);
        Assert.Equal("EXTERNAL", payload.At("directive.issuer.kind").GetString());
        Assert.Empty(payload.At("directive.sections").EnumerateArray());
    }

    public static TheoryData<string, string> BadTexts => new()
    {
        { "", "The text is empty" },
        { "%PDF-1.7\n\0\u0001 obj", "NUL characters" },
        { string.Concat(Enumerable.Repeat(Texts.Bulletin, 40)), "The text is too large to import" },
    };

    [Theory]
    [MemberData(nameof(BadTexts))]
    public async Task Empty_binary_and_huge_texts_are_validation_errors_on_the_text_and_nothing_is_written(string text, string message)
    {
        var before = await Api.Store.GetLastSequenceAsync(Ct);

        var payload = await ImportAsync(new { text }, Editor);

        var error = Assert.Single(payload.GetProperty("errors").EnumerateArray());
        Assert.Equal("ValidationError", error.GetProperty("__typename").GetString());
        Assert.Equal("VALIDATION_ERROR", error.GetProperty("code").GetString());
        Assert.Equal(["input", "text"], error.GetProperty("path").EnumerateArray().Select(p => p.GetString()));
        Assert.Contains(message, error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, payload.GetProperty("directive").ValueKind);
        Assert.Empty(payload.GetProperty("warnings").EnumerateArray());
        Assert.False(payload.GetProperty("alreadyImported").GetBoolean());
        Assert.Equal(before, await Api.Store.GetLastSequenceAsync(Ct));
    }

    [Fact]
    public async Task Readers_and_branches_may_not_import()
    {
        var org = await Api.InsertAsync(new Samples().Organization("娄底市中心医院发热门诊党支部", kind: OrganizationKind.Branch));

        var anonymous = await ImportAsync(new { text = Texts.Bulletin }, token: null);
        var branch = await ImportAsync(new { text = Texts.Bulletin }, Api.Token(Role.Branch, org.Id));

        Assert.Equal(("ForbiddenError", "UNAUTHENTICATED"), (anonymous.At("errors.0.__typename").GetString(), anonymous.At("errors.0.code").GetString()));
        Assert.Equal(("ForbiddenError", "FORBIDDEN"), (branch.At("errors.0.__typename").GetString(), branch.At("errors.0.code").GetString()));
        Assert.Equal(JsonValueKind.Null, branch.GetProperty("directive").ValueKind);
    }
}
