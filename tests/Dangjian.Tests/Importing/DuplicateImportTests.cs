using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Dangjian.Api.Cli;
using Dangjian.Core.Importing;
using Dangjian.Tests.Support;

namespace Dangjian.Tests.Importing;

/// <summary>
/// The same directive imported once as UTF-8 with LF and once as GB18030 with CRLF (or typed with full-width forms) is
/// recognised as the one imported before, by its normalised text's fingerprint: over GraphQL, the upload endpoint and
/// the command line, naming the earlier directive; nothing new is written.
/// </summary>
public sealed class DuplicateImportTests : DirectiveImportTestBase
{
    private const string Mutation = """
        mutation($input: ImportDirectiveInput!) {
          importDirective(input: $input) {
            directive { id title }
            alreadyImported
            match
            errors { __typename ... on Error { code message } }
          }
        }
        """;

    private static string Lf => Texts.FoundingNotice.Replace("\r\n", "\n", StringComparison.Ordinal);

    private static string Crlf => Lf.Replace("\n", "\r\n", StringComparison.Ordinal);

    /// <summary>The notice as typed on another machine: full-width digits, an ideographic space between words, CRLF.</summary>
    private static string FullWidth => Crlf.Replace("2020", "２０２０", StringComparison.Ordinal).Replace("疫情防控", "疫情　防控", StringComparison.Ordinal);

    private async Task<JsonElement> ImportAsync(string text)
    {
        var payload = (await Api.QueryAsync(Mutation, new { input = new { text, publish = true } }, Editor)).Ok().At("importDirective");
        payload.AssertNoErrors();
        return payload;
    }


    [Fact]
    public async Task The_same_directive_with_other_line_endings_and_widths_is_the_one_imported_before_over_graphql()
    {
        var first = await ImportAsync(Lf);
        Assert.False(first.GetProperty("alreadyImported").GetBoolean());
        Assert.Equal(JsonValueKind.Null, first.GetProperty("match").ValueKind);
        var before = await Api.Store.GetLastSequenceAsync(Ct);

        var same = await ImportAsync(Lf);
        var crlf = await ImportAsync(Crlf);
        var wide = await ImportAsync(FullWidth);

        Assert.Equal("SAME_TEXT", same.GetProperty("match").GetString());
        foreach (var again in new[] { crlf, wide })
        {
            Assert.True(again.GetProperty("alreadyImported").GetBoolean());
            Assert.Equal("SAME_NORMALIZED_TEXT", again.GetProperty("match").GetString());
            Assert.Equal(first.At("directive.id").GetString(), again.At("directive.id").GetString());
        }
        Assert.Equal(before, await Api.Store.GetLastSequenceAsync(Ct));
        Assert.Single(await DirectivesAsync());

        // Another text is another directive.
        var other = await ImportAsync(Texts.Bulletin);
        Assert.False(other.GetProperty("alreadyImported").GetBoolean());
        Assert.Equal(2, (await DirectivesAsync()).Count);
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> UploadAsync(byte[] file, string query)
    {
        using var client = Api.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/import/directive?" + query) { Content = new ByteArrayContent(file) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Editor);
        using var response = await client.SendAsync(request, Ct);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.Clone());
    }

    [Fact]
    public async Task A_gb18030_crlf_upload_of_a_utf8_lf_import_is_shown_in_the_preview_and_not_saved_again()
    {
        var first = await ImportAsync(Lf);
        var id = first.At("directive.id").GetString();
        var gb18030 = TextDecodingTests.Gb18030.GetBytes(Crlf);
        var before = await Api.Store.GetLastSequenceAsync(Ct);

        var (status, preview) = await UploadAsync(gb18030, "name=notice-gbk.txt&mode=preview");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(id, preview.At("alreadyImported.id").GetString());
        Assert.Equal("SAME_NORMALIZED_TEXT", preview.At("alreadyImported.match").GetString());

        var (saved, draft) = await UploadAsync(gb18030, "name=notice-gbk.txt&mode=draft");
        Assert.Equal(HttpStatusCode.OK, saved);
        Assert.True(draft.At("saved.alreadyImported").GetBoolean());
        Assert.Equal(id, draft.At("saved.id").GetString());
        Assert.Equal(before, await Api.Store.GetLastSequenceAsync(Ct));
    }

    [Fact]
    public async Task The_command_line_says_already_imported_and_names_the_earlier_directive()
    {
        var first = await ImportAsync(Lf);
        // The command line names directives by the global id GraphQL takes, as every path outside the store does.
        var globalId = first.At("directive.id").GetString()!;
        var path = Path.Combine(Files.Path, "notice-gbk.txt");
        await File.WriteAllBytesAsync(path, TextDecodingTests.Gb18030.GetBytes(Crlf), Ct);
        var output = new StringWriter();

        var exit = await CommandLine.RunAsync(Api.Services, ["import", path], Ct, new CliConsole(output, new StringWriter()));

        Assert.Equal(0, exit);
        var line = output.ToString().Split('\n')[0];
        Assert.StartsWith("already imported", line, StringComparison.Ordinal);
        Assert.Contains($"id {globalId}", line, StringComparison.Ordinal);
        Assert.Contains("normalised", line, StringComparison.Ordinal);
        Assert.Single(await DirectivesAsync());
    }

    [Theory]
    [InlineData("一、总体情况\r\n　　内容", "一、总体情况\n  内容")]
    [InlineData("ＣＯＶＩＤ－１９ 疫情", "COVID-19疫情")]
    [InlineData("\uFEFF第一行\r\r\n\n第二行  ", "第一行\n第二行")]
    public void Normalised_copies_have_one_fingerprint(string a, string b) =>
        Assert.Equal(TextFingerprint.Of(a), TextFingerprint.Of(b));

    [Theory]
    [InlineData("疫情防控", "疫情防空")]
    [InlineData("第一行\n第二行", "第一行第二行")]
    [InlineData("COVID 19", "COVID19")]
    public void Different_texts_have_different_fingerprints(string a, string b) =>
        Assert.NotEqual(TextFingerprint.Of(a), TextFingerprint.Of(b));
}
