using System.Text.RegularExpressions;
using Dangjian.Core.Access;
using Dangjian.Tests.Support;

namespace Dangjian.Tests.Editorial;

/// <summary><c>markdownPreview</c> through POST /graphql: the story renderer for whoever may write, hostile text made harmless.</summary>
public sealed class MarkdownPreviewTests : IAsyncLifetime
{
    private readonly ApiHost _api = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await _api.DisposeAsync();

    private Task<GraphQLResponse> PreviewAsync(string markdown, string? token) =>
        _api.QueryAsync("query($m: String!) { markdownPreview(markdown: $m) }", new { m = markdown }, token);

    [Fact]
    public async Task A_branch_sees_its_text_as_readers_will()
    {
        var html = (await PreviewAsync("## 方舱\n\n党员**主动请战**。", _api.Token(Role.Branch, "o1"))).Ok().GetProperty("markdownPreview").GetString()!;

        Assert.Contains("<h2", html, StringComparison.Ordinal);
        Assert.Contains("<strong>主动请战</strong>", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<script>alert(1)</script>正文")]
    [InlineData("[点我](javascript:alert(1))")]
    [InlineData("<img src=x onerror=alert(1)>")]
    [InlineData("<a href=\"https://example.org\" onclick=\"alert(1)\">链接</a>")]
    public async Task Hostile_text_comes_back_harmless(string markdown)
    {
        var html = (await PreviewAsync(markdown, _api.Token(Role.Editor))).Ok().GetProperty("markdownPreview").GetString()!;

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch(new Regex(@"href\s*=\s*""?\s*javascript:", RegexOptions.IgnoreCase), html);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        // Raw HTML comes back as text (&lt;img …&gt;); what must never appear is a tag with an event handler.
        Assert.DoesNotMatch(new Regex(@"<[^>]*\son[a-z]+\s*=", RegexOptions.IgnoreCase), html);
    }

    [Fact]
    public async Task Text_longer_than_a_story_body_is_refused()
    {
        var response = await PreviewAsync(new string('字', 100_001), _api.Token(Role.Branch, "o1"));

        Assert.Equal(["VALIDATION_ERROR"], response.ErrorCodes);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, response.Data.GetProperty("markdownPreview").ValueKind);
    }

    [Fact]
    public async Task Readers_and_anonymous_callers_get_no_preview()
    {
        Assert.Equal(["UNAUTHENTICATED"], (await PreviewAsync("正文", null)).ErrorCodes);
        Assert.Equal(["FORBIDDEN"], (await PreviewAsync("正文", _api.Token(Role.Reader))).ErrorCodes);
    }
}
