using System.Text.Json;
using Dangjian.Api.Cli;
using Dangjian.Api.GraphQL.Relay;
using Dangjian.Tests.Support;

namespace Dangjian.Tests.Cli;

/// <summary>`token`: what it mints is accepted by the API with the role asked for; bad arguments mint nothing.</summary>
public sealed class TokenCommandTests : IAsyncLifetime
{
    private const string StatusFilteredSearch = "{ search(query: \"火线党支部\", where: { storyStatus: [SUBMITTED] }) { totalCount } }";

    private readonly ApiHost _api = new(seed: true);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await _api.DisposeAsync();

    private async Task<(int Exit, string Out, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await CommandLine.RunAsync(_api.Services, args, Ct, new CliConsole(output, error));
        return (exit, output.ToString(), error.ToString());
    }

    private static JsonElement Payload(string token)
    {
        var part = token.Split('.')[1].Replace('-', '+').Replace('_', '/');
        return JsonDocument.Parse(Convert.FromBase64String(part.PadRight(part.Length + (4 - part.Length % 4) % 4, '='))).RootElement;
    }

    [Fact]
    public async Task An_editor_token_is_accepted_with_the_editor_role_and_a_reader_token_is_not_an_editor()
    {
        var (exit, editor, message) = await RunAsync("token", "--role", "editor", "--days", "3");
        var (_, reader, _) = await RunAsync("token", "--role", "READER");

        Assert.Equal(0, exit);
        Assert.Contains("valid 3 days", message);
        var payload = Payload(editor.Trim());
        Assert.Equal("EDITOR", payload.GetProperty("role").GetString());
        Assert.Equal("local-editor", payload.GetProperty("sub").GetString());
        var lifetime = payload.GetProperty("exp").GetInt64() - DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        Assert.InRange(lifetime, TimeSpan.FromDays(3).TotalSeconds - 60, TimeSpan.FromDays(3).TotalSeconds);
        Assert.Empty((await _api.QueryAsync(StatusFilteredSearch, token: editor.Trim())).ErrorCodes);
        Assert.Equal(["FORBIDDEN"], (await _api.QueryAsync(StatusFilteredSearch, token: reader.Trim())).ErrorCodes);
    }

    [Fact]
    public async Task A_branch_token_is_bound_to_its_organization_given_by_local_or_global_id()
    {
        var (byLocal, local, _) = await RunAsync("token", "--role", "BRANCH", "--org", "ld-wjw");
        var (byGlobal, global, _) = await RunAsync("token", "--role", "BRANCH", "--org", GlobalId.Encode("Organization", "ld-wjw"), "--subject", "secretary");

        Assert.Equal((0, 0), (byLocal, byGlobal));
        Assert.Equal("ld-wjw", Payload(local.Trim()).GetProperty("org").GetString());
        Assert.Equal("ld-wjw", Payload(global.Trim()).GetProperty("org").GetString());
        Assert.Equal("secretary", Payload(global.Trim()).GetProperty("sub").GetString());
        Assert.Equal(200, (int)(await _api.QueryAsync("{ organizations(first: 1) { totalCount } }", token: local.Trim())).Status);
    }

    [Theory]
    [InlineData(2, "token")]
    [InlineData(2, "token", "--role", "SUPERUSER")]
    [InlineData(2, "token", "--role", "EDITOR", "--days", "0")]
    [InlineData(2, "token", "--role", "EDITOR", "--days", "367")]
    [InlineData(2, "token", "--role", "EDITOR", "--days", "abc")]
    [InlineData(2, "token", "--role", "BRANCH")]
    [InlineData(1, "token", "--role", "BRANCH", "--org", "no-such-org")]
    [InlineData(1, "token", "--role", "BRANCH", "--org", "'; DROP TABLE documents; --")]
    public async Task Bad_arguments_mint_nothing_and_change_nothing(int expectedExit, params string[] args)
    {
        var before = await _api.Store.GetLastSequenceAsync(Ct);

        var (exit, output, error) = await RunAsync(args);

        Assert.Equal(expectedExit, exit);
        Assert.Equal("", output);
        Assert.False(string.IsNullOrWhiteSpace(error));
        Assert.Equal(before, await _api.Store.GetLastSequenceAsync(Ct));
    }
}
