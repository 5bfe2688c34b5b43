using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Dangjian.Api.Cli;
using Dangjian.Core.Documents;
using Dangjian.Core.Storage;
using Dangjian.Tests.Support;

namespace Dangjian.Tests.Importing;

/// <summary>
/// An archive's documents imported with their date of issue known from elsewhere (a catalogue): the date given wins
/// over the text's and stands in for a missing one, through GraphQL, the upload endpoint and the command line.
/// </summary>
public sealed class ImportIssuedOnTests : DirectiveImportTestBase
{
    private const string Mutation = """
        mutation($input: ImportDirectiveInput!) {
          importDirective(input: $input) {
            directive { id issuedOn createdAt }
            warnings { code message }
            errors { __typename ... on Error { code message path } }
          }
        }
        """;

    private async Task<JsonElement> ImportAsync(object input) =>
        (await Api.QueryAsync(Mutation, new { input }, Editor)).Ok().GetProperty("importDirective");

    [Fact]
    public async Task A_text_without_a_date_takes_the_date_given_instead_of_today()
    {
        var payload = await ImportAsync(new { text = Texts.News, issuedOn = "2020-02-05" });

        payload.AssertNoErrors();
        Assert.Equal("2020-02-05", payload.At("directive.issuedOn").GetString());
        Assert.True(payload.At("directive.createdAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-5));
        Assert.DoesNotContain("DATE_NOT_FOUND", payload.GetProperty("warnings").EnumerateArray().Select(w => w.GetProperty("code").GetString()));
    }

    [Fact]
    public async Task A_date_given_over_a_different_date_in_the_text_wins_and_says_so()
    {
        var payload = await ImportAsync(new { text = Texts.Bulletin, issuedOn = "2020-04-05" });

        payload.AssertNoErrors();
        Assert.Equal("2020-04-05", payload.At("directive.issuedOn").GetString());
        var warning = Assert.Single(payload.GetProperty("warnings").EnumerateArray());
        Assert.Equal("DATE_GIVEN", warning.GetProperty("code").GetString());
        Assert.Contains("2020-04-03", warning.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1911-10-10", "cannot be before 1921-07-01")]
    [InlineData("2999-12-31", "cannot be in the future")]
    public async Task A_date_out_of_range_is_a_validation_error_and_nothing_is_written(string issuedOn, string message)
    {
        var before = await Api.Store.GetLastSequenceAsync(Ct);

        var payload = await ImportAsync(new { text = Texts.Bulletin, issuedOn });

        var error = Assert.Single(payload.GetProperty("errors").EnumerateArray());
        Assert.Equal("VALIDATION_ERROR", error.GetProperty("code").GetString());
        Assert.Equal(["input", "issuedOn"], error.GetProperty("path").EnumerateArray().Select(p => p.GetString()));
        Assert.Contains(message, error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await Api.Store.GetLastSequenceAsync(Ct));
    }

    [Fact]
    public async Task A_date_that_is_not_a_date_is_refused_before_execution()
    {
        var before = await Api.Store.GetLastSequenceAsync(Ct);
        foreach (var issuedOn in new[] { "2020-02-30", "二〇二〇年二月五日", "2020-02-05T00:00:00+08:00", "" })
        {
            var response = await Api.QueryAsync(Mutation, new { input = new { text = Texts.Bulletin, issuedOn } }, Editor);
            Assert.NotEmpty(response.ErrorCodes);
        }
        Assert.Equal(before, await Api.Store.GetLastSequenceAsync(Ct));
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> UploadAsync(string text, string query)
    {
        using var client = Api.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/import/directive?" + query) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(text)) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Editor);
        using var response = await client.SendAsync(request, Ct);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.Clone());
    }

    [Fact]
    public async Task The_upload_endpoint_previews_and_imports_with_the_date_given()
    {
        var (status, preview) = await UploadAsync(Texts.News, "name=news.txt&mode=preview&issuedOn=2020-02-05");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("2020-02-05", preview.At("directive.issuedOn").GetString());

        var (saved, draft) = await UploadAsync(Texts.News, "name=news.txt&mode=draft&issuedOn=2020-02-05");
        Assert.Equal(HttpStatusCode.OK, saved);
        var directives = await Api.Store.QueryAsync(Kinds.Directive, Filter.All, [], 10, Ct);
        Assert.Equal(new DateOnly(2020, 2, 5), Assert.Single(directives).IssuedOn);
        Assert.Equal(JsonValueKind.Object, draft.GetProperty("saved").ValueKind);
    }

    [Theory]
    [InlineData("issuedOn=2020-02-30", HttpStatusCode.BadRequest, "INVALID_REQUEST")]
    [InlineData("issuedOn=20200205", HttpStatusCode.BadRequest, "INVALID_REQUEST")]
    [InlineData("issuedOn=%E4%BA%8C%E3%80%87", HttpStatusCode.BadRequest, "INVALID_REQUEST")]
    [InlineData("issuedOn=2999-01-01", HttpStatusCode.BadRequest, "VALIDATION_ERROR")]
    public async Task The_upload_endpoint_refuses_a_bad_date_and_writes_nothing(string query, HttpStatusCode expected, string code)
    {
        var before = await Api.Store.GetLastSequenceAsync(Ct);

        var (status, body) = await UploadAsync(Texts.Bulletin, "name=b.txt&mode=publish&" + query);

        Assert.Equal(expected, status);
        Assert.Equal(code, body.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString());
        Assert.Equal(before, await Api.Store.GetLastSequenceAsync(Ct));
    }

    private async Task<(int Exit, string Output, string Error)> RunImportAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await CommandLine.RunAsync(Api.Services, ["import", .. args], Ct, new CliConsole(output, error));
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task The_command_line_imports_with_the_date_given_and_refuses_a_bad_one()
    {
        var path = Path.Combine(Files.Path, "news.txt");
        await File.WriteAllTextAsync(path, Texts.News, Ct);

        var (bad, _, complaint) = await RunImportAsync(path, "--issued-on", "2020-2-5");
        Assert.Equal(2, bad);
        Assert.Contains("--issued-on", complaint, StringComparison.Ordinal);
        var (future, futureOutput, _) = await RunImportAsync(path, "--issued-on", "2999-01-01");
        Assert.Equal(1, future);
        Assert.Contains("cannot be in the future", futureOutput, StringComparison.Ordinal);
        Assert.Empty(await Api.Store.QueryAsync(Kinds.Directive, Filter.All, [], 10, Ct));

        var (exit, _, _) = await RunImportAsync(path, "--issued-on", "2020-02-05");
        Assert.Equal(0, exit);
        Assert.Equal(new DateOnly(2020, 2, 5), Assert.Single(await Api.Store.QueryAsync(Kinds.Directive, Filter.All, [], 10, Ct)).IssuedOn);
    }
}
