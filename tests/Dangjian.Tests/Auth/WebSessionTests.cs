using System.Net;
using System.Text.Json;
using Dangjian.Api.Auth;
using Dangjian.Api.GraphQL.Relay;
using Dangjian.Core.Access;
using Dangjian.Tests.Support;

namespace Dangjian.Tests.Auth;

/// <summary>
/// The web app's session cookie through the real host: signing in on the development page, what the cookie looks
/// like, the antiforgery token on every state-changing request, session expiry, CSRF from another origin, and hostile
/// input on the sign-in endpoints.
/// </summary>
public sealed class WebSessionTests
{
    private const string SubmitStory = "mutation($i: SubmitStoryInput!) { submitStory(input: $i) { story { id status } errors { ... on Error { code } } } }";
    private const string FrontLineBranch = "T3JnYW5pemF0aW9uOmxkLXp4eXktZnJteg==";

    private static readonly Dictionary<string, string?> DevelopmentSignIn = new() { ["Dangjian:Auth:DevelopmentSignIn"] = "true" };

    private static object Story(string title) => new { i = new { submittingOrganizationId = FrontLineBranch, title, body = "正文。" } };

    private static Task<long> StoryCountAsync(ApiHost host) => host.Store.CountAsync(Dangjian.Core.Documents.Kinds.Story, Dangjian.Core.Storage.Filter.All, TestContext.Current.CancellationToken);

    [Fact]
    public async Task A_branch_secretary_signs_in_and_submits_with_the_cookie_and_the_antiforgery_token()
    {
        await using var host = new ApiHost(seed: true, settings: DevelopmentSignIn);
        using var browser = WebBrowserSession.Open(host);

        var anonymous = await browser.SessionAsync();
        Assert.False(anonymous.GetProperty("signedIn").GetBoolean());
        Assert.True(anonymous.GetProperty("signInMethods").GetProperty("development").GetBoolean());
        Assert.False(anonymous.GetProperty("signInMethods").GetProperty("oidc").GetBoolean());

        var signedIn = await browser.SignInAsync("secretary-li");
        Assert.Equal("BRANCH", signedIn.GetProperty("person").GetProperty("role").GetString());
        Assert.Equal("ld-zxyy-frmz", signedIn.GetProperty("person").GetProperty("organizationId").GetString());
        Assert.Equal(GlobalId.Encode("Organization", "ld-zxyy-frmz"), signedIn.GetProperty("person").GetProperty("organizationNodeId").GetString());

        // The cookie: HttpOnly (no script reads it), Secure and __Host- outside Development, SameSite=Lax, no Expires.
        var cookie = Assert.Single(browser.SetCookieHeaders, h => h.StartsWith("__Host-dangjian.session=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("expires=", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/", cookie, StringComparison.OrdinalIgnoreCase);

        var session = await browser.SessionAsync();
        Assert.True(session.GetProperty("signedIn").GetBoolean());
        Assert.Equal("secretary-li", session.GetProperty("person").GetProperty("subject").GetString());

        var submitted = await browser.GraphQLAsync(SubmitStory, Story("会话提交的故事"));
        Assert.Equal("SUBMITTED", submitted.Ok().GetProperty("submitStory").GetProperty("story").GetProperty("status").GetString());

        // The same person, the same caller: what they may read is what a BRANCH token for that organisation may read.
        var own = await browser.GraphQLAsync("{ stories(where: { status: { eq: SUBMITTED } }) { totalCount } }");
        var viaToken = await host.QueryAsync("{ stories(where: { status: { eq: SUBMITTED } }) { totalCount } }", token: host.Token(Role.Branch, "ld-zxyy-frmz"));
        Assert.Equal(viaToken.Ok().GetProperty("stories").GetProperty("totalCount").GetInt32(), own.Ok().GetProperty("stories").GetProperty("totalCount").GetInt32());
    }

    [Fact]
    public async Task A_mutation_on_the_cookie_without_the_antiforgery_token_is_refused_and_changes_nothing()
    {
        await using var host = new ApiHost(seed: true, settings: DevelopmentSignIn);
        using var browser = WebBrowserSession.Open(host);
        await browser.SignInAsync("secretary-li");
        var before = await StoryCountAsync(host);

        var withoutToken = await browser.GraphQLAsync(SubmitStory, Story("没有令牌"), withToken: false);
        Assert.Equal(HttpStatusCode.Forbidden, withoutToken.Status);
        Assert.Equal(["ANTIFORGERY_TOKEN_INVALID"], withoutToken.ErrorCodes);

        var forgedToken = await browser.GraphQLAsync(SubmitStory, Story("伪造令牌"), withToken: false,
            configure: r => r.Headers.Add("X-CSRF-Token", "CfDJ8forged"));
        Assert.Equal(["ANTIFORGERY_TOKEN_INVALID"], forgedToken.ErrorCodes);

        // Another person's token (an editor's, from their own session) does not fit this session.
        using var editor = WebBrowserSession.Open(host);
        await editor.SignInAsync("editor-zhao");
        var othersToken = await browser.GraphQLAsync(SubmitStory, Story("别人的令牌"), withToken: false,
            configure: r => r.Headers.Add("X-CSRF-Token", editor.AntiforgeryToken));
        Assert.Equal(["ANTIFORGERY_TOKEN_INVALID"], othersToken.ErrorCodes);

        // The token issued before signing in was bound to nobody: it stops working once signed in.
        using var stale = WebBrowserSession.Open(host);
        var anonymousToken = (await stale.SessionAsync()).GetProperty("antiforgeryToken").GetString();
        await stale.SignInAsync("secretary-li");
        var oldToken = await stale.GraphQLAsync(SubmitStory, Story("旧令牌"), withToken: false,
            configure: r => r.Headers.Add("X-CSRF-Token", anonymousToken));
        Assert.Equal(["ANTIFORGERY_TOKEN_INVALID"], oldToken.ErrorCodes);

        Assert.Equal(before, await StoryCountAsync(host));
    }

    [Fact]
    public async Task A_cross_site_request_from_another_origin_is_refused()
    {
        await using var host = new ApiHost(seed: true, settings: DevelopmentSignIn);
        using var browser = WebBrowserSession.Open(host);
        await browser.SignInAsync("secretary-li");
        var before = await StoryCountAsync(host);
        var body = JsonSerializer.Serialize(new { query = SubmitStory, variables = Story("跨站") });

        // What a page on another site can send with the victim's cookie: a form post (no custom headers) …
        using var form = await browser.PostJsonAsync("/graphql", body, withToken: false, mediaType: "text/plain",
            configure: r => r.Headers.Add("Origin", "https://evil.example"));
        Assert.Equal(HttpStatusCode.BadRequest, form.StatusCode);
        Assert.Equal(["PREFLIGHT_REQUIRED"], (await GraphQLResponse.ReadAsync(form)).ErrorCodes);

        // … and if it got past CORS somehow (a JSON fetch with the preflight header), it still lacks the token it cannot read.
        using var json = await browser.PostJsonAsync("/graphql", body, withToken: false,
            configure: r => { r.Headers.Add("Origin", "https://evil.example"); r.Headers.Add("GraphQL-Require-Preflight", "1"); });
        Assert.Equal(HttpStatusCode.Forbidden, json.StatusCode);
        Assert.Equal(["ANTIFORGERY_TOKEN_INVALID"], (await GraphQLResponse.ReadAsync(json)).ErrorCodes);

        // The preflight itself is not answered for an origin that is not allowed: the browser would not send the request.
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/graphql");
        preflight.Headers.Add("Origin", "https://evil.example");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "content-type,x-csrf-token");
        using var answer = await browser.SendAsync(preflight);
        Assert.False(answer.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.False(answer.Headers.Contains("Access-Control-Allow-Credentials"));

        // Signing out is a state change too.
        using var signOut = await browser.PostJsonAsync("/auth/sign-out", "{}", withToken: false);
        Assert.Equal(HttpStatusCode.Forbidden, signOut.StatusCode);
        Assert.True((await browser.SessionAsync()).GetProperty("signedIn").GetBoolean());

        Assert.Equal(before, await StoryCountAsync(host));
    }

    [Fact]
    public async Task Reads_on_the_cookie_need_no_token_and_bearer_programs_are_unchanged()
    {
        await using var host = new ApiHost(seed: true, settings: DevelopmentSignIn);
        using var browser = WebBrowserSession.Open(host);
        await browser.SignInAsync("editor-zhao");

        using var get = new HttpRequestMessage(HttpMethod.Get, "/graphql?query=" + Uri.EscapeDataString("{ stories(where: { status: { eq: SUBMITTED } }) { totalCount } }"));
        get.Headers.Add("GraphQL-Require-Preflight", "1");
        using var read = await browser.SendAsync(get);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);

        // A program's bearer token needs no antiforgery token, with or without cookies beside it: the token decides.
        var token = host.Token(Role.Branch, "ld-zxyy-frmz");
        var program = await browser.GraphQLAsync(SubmitStory, Story("程序提交"), withToken: false,
            configure: r => r.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token));
        Assert.Equal("SUBMITTED", program.Ok().GetProperty("submitStory").GetProperty("story").GetProperty("status").GetString());
        var plain = await host.MutateAsync("submitStory", "story { status }", new { submittingOrganizationId = FrontLineBranch, title = "令牌", body = "正文" }, token);
        Assert.Equal("SUBMITTED", plain.GetProperty("story").GetProperty("status").GetString());
    }

    [Fact]
    public async Task An_ended_session_is_answered_SESSION_EXPIRED_and_then_forgotten()
    {
        var time = new MovableTime(DateTimeOffset.UtcNow);
        await using var host = new ApiHost(seed: true, time: time, settings: new Dictionary<string, string?>(DevelopmentSignIn) { ["Dangjian:Auth:Session:Lifetime"] = "01:00:00" });
        using var browser = WebBrowserSession.Open(host);
        var signedIn = await browser.SignInAsync("editor-zhao");
        Assert.Equal(time.GetUtcNow().AddHours(1), signedIn.GetProperty("expiresAt").GetDateTimeOffset(), TimeSpan.FromSeconds(1));

        time.Advance(TimeSpan.FromMinutes(59));
        Assert.True((await browser.GraphQLAsync("{ stories { totalCount } }")).Errors.Count == 0);

        time.Advance(TimeSpan.FromMinutes(2));
        var ended = await browser.GraphQLAsync(SubmitStory, Story("过期后"));
        Assert.Equal(HttpStatusCode.Unauthorized, ended.Status);
        Assert.Equal(["SESSION_EXPIRED"], ended.ErrorCodes);
        // The cookie was deleted with that answer: the next request is simply anonymous.
        Assert.DoesNotContain("__Host-dangjian.session", browser.Cookies.Keys);
        Assert.True((await browser.GraphQLAsync("{ stories { totalCount } }")).Errors.Count == 0);

        // Being used did not extend it: a session lasts its lifetime from sign-in.
        using var second = WebBrowserSession.Open(host);
        await second.SignInAsync("editor-zhao");
        time.Advance(TimeSpan.FromMinutes(50));
        await second.GraphQLAsync("{ stories { totalCount } }");
        time.Advance(TimeSpan.FromMinutes(11));
        var status = await second.SessionAsync();
        Assert.False(status.GetProperty("signedIn").GetBoolean());
        Assert.True(status.GetProperty("sessionEnded").GetBoolean());
    }

    [Fact]
    public async Task A_tampered_session_cookie_is_SESSION_EXPIRED_not_anonymous()
    {
        await using var host = new ApiHost(settings: DevelopmentSignIn);
        using var browser = WebBrowserSession.Open(host);
        browser.Cookies["__Host-dangjian.session"] = "CfDJ8tampered";
        var answer = await browser.GraphQLAsync("{ stories { totalCount } }");
        Assert.Equal(["SESSION_EXPIRED"], answer.ErrorCodes);
    }

    [Fact]
    public async Task Signing_out_ends_the_session()
    {
        await using var host = new ApiHost(seed: true, settings: DevelopmentSignIn);
        using var browser = WebBrowserSession.Open(host);
        await browser.SignInAsync("editor-zhao");
        var kept = new Dictionary<string, string>(browser.Cookies);
        using var signOut = await browser.PostJsonAsync("/auth/sign-out", "{}");
        Assert.Equal(HttpStatusCode.NoContent, signOut.StatusCode);
        Assert.DoesNotContain("__Host-dangjian.session", browser.Cookies.Keys);
        Assert.False((await browser.SessionAsync()).GetProperty("signedIn").GetBoolean());
        Assert.NotEmpty(kept);
    }

    [Theory]
    [InlineData("Production", "true")]
    [InlineData("Production", null)]
    [InlineData("Staging", null)]
    public async Task The_development_sign_in_is_refused_outside_development(string environment, string? setting)
    {
        await using var host = new ApiHost(seed: true, environment: environment, settings: new Dictionary<string, string?> { ["Dangjian:Auth:DevelopmentSignIn"] = setting });
        using var browser = WebBrowserSession.Open(host);
        var session = await browser.SessionAsync();
        Assert.False(session.GetProperty("signInMethods").GetProperty("development").GetBoolean());

        using var people = await browser.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/auth/dev/people"));
        Assert.Equal(HttpStatusCode.NotFound, people.StatusCode);
        Assert.Equal(["NOT_FOUND"], (await GraphQLResponse.ReadAsync(people)).ErrorCodes);
        using var signIn = await browser.PostJsonAsync("/auth/dev/sign-in", "{\"subject\":\"admin-wang\"}");
        Assert.Equal(HttpStatusCode.NotFound, signIn.StatusCode);
        Assert.DoesNotContain(browser.SetCookieHeaders, h => h.Contains("dangjian.session", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_development_page_lists_the_seeded_people_and_roles()
    {
        await using var host = new ApiHost(seed: true, environment: "Development");
        using var browser = WebBrowserSession.Open(host);
        using var response = await browser.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/auth/dev/people"));
        var people = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement.GetProperty("people");
        var roles = people.EnumerateArray().Select(p => p.GetProperty("role").GetString()).ToHashSet();
        Assert.Equal(["ADMIN", "BRANCH", "EDITOR", "READER"], roles.Order());
        Assert.All(people.EnumerateArray().Where(p => p.GetProperty("role").GetString() == "BRANCH"),
            p => Assert.False(string.IsNullOrEmpty(p.GetProperty("organizationId").GetString())));
        // Development cookies carry no __Host- prefix (plain http), and are still HttpOnly.
        await browser.SignInAsync("admin-wang");
        Assert.Contains(browser.SetCookieHeaders, h => h.StartsWith("dangjian.session=", StringComparison.Ordinal) && h.Contains("httponly", StringComparison.OrdinalIgnoreCase));
    }

    public static TheoryData<string, string, bool, string> HostileSignIns => new()
    {
        { "application/json", "{\"subject\":\"nobody\"}", true, "INVALID_REQUEST" },
        { "application/json", "{\"subject\":\"editor-zhao\"}", false, "ANTIFORGERY_TOKEN_INVALID" },
        { "application/x-www-form-urlencoded", "subject=editor-zhao", true, "UNSUPPORTED_MEDIA_TYPE" },
        { "text/plain", "{\"subject\":\"editor-zhao\"}", true, "UNSUPPORTED_MEDIA_TYPE" },
        { "application/json", "{\"subject\":", true, "INVALID_JSON" },
        { "application/json", "[\"editor-zhao\"]", true, "INVALID_REQUEST" },
        { "application/json", "{\"subject\":42}", true, "INVALID_REQUEST" },
        { "application/json", "{\"subject\":{\"$ne\":null}}", true, "INVALID_REQUEST" },
        { "application/json", "{\"subject\":\"\"}", true, "INVALID_REQUEST" },
        { "application/json", "{\"subject\":\"editor-zhao\\u0000\"}", true, "INVALID_REQUEST" },
        { "application/json", "{\"subject\":\"EDITOR-ZHAO\"}", true, "INVALID_REQUEST" },
        { "application/json", "{\"subject\":\"" + new string('x', 3000) + "\"}", true, "INVALID_REQUEST" },
        { "application/json", "{\"subject\":\"" + new string('x', 10_000) + "\"}", true, "REQUEST_TOO_LARGE" },
        { "application/json", "{\"role\":\"ADMIN\",\"subject\":\"secretary-li\",\"organizationId\":\"ld-jggw\"}", true, "" },
    };

    [Theory]
    [MemberData(nameof(HostileSignIns))]
    public async Task Hostile_input_on_the_sign_in_endpoint_gets_a_coded_refusal_and_no_session(string mediaType, string body, bool withToken, string code)
    {
        await using var host = new ApiHost(seed: true, settings: DevelopmentSignIn);
        using var browser = WebBrowserSession.Open(host);
        await browser.SessionAsync();
        using var response = await browser.PostJsonAsync("/auth/dev/sign-in", body, withToken, mediaType);
        if (code.Length == 0)
        {
            // Extra properties are ignored: the role and organisation are the listed person's, never the request's.
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var person = (await browser.SessionAsync()).GetProperty("person");
            Assert.Equal("BRANCH", person.GetProperty("role").GetString());
            Assert.Equal("ld-zxyy-frmz", person.GetProperty("organizationId").GetString());
            return;
        }
        Assert.InRange((int)response.StatusCode, 400, 499);
        Assert.Equal([code], (await GraphQLResponse.ReadAsync(response)).ErrorCodes);
        Assert.DoesNotContain(browser.SetCookieHeaders, h => h.Contains("dangjian.session=", StringComparison.Ordinal) && !h.Contains("1970", StringComparison.Ordinal));
        Assert.False((await browser.SessionAsync()).GetProperty("signedIn").GetBoolean());
    }

    [Theory]
    [InlineData("/", true)]
    [InlineData("/desk/queue?state=SUBMITTED", true)]
    [InlineData("//evil.example/", false)]
    [InlineData("/\\evil.example", false)]
    [InlineData("https://evil.example/", false)]
    [InlineData("javascript:alert(1)", false)]
    [InlineData("/ok\r\nSet-Cookie: x=1", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Only_paths_on_this_site_are_return_addresses(string? url, bool local) =>
        Assert.Equal(local, OidcSignIn.IsLocalPath(url));

    [Fact]
    public async Task A_cookie_WebSocket_from_another_origin_is_refused()
    {
        await using var host = new ApiHost(seed: true, settings: DevelopmentSignIn);
        using var browser = WebBrowserSession.Open(host);
        await browser.SignInAsync("editor-zhao");
        var cookie = string.Join("; ", browser.Cookies.Select(c => $"{c.Key}={c.Value}"));

        async Task<HttpStatusCode?> ConnectAsync(string origin)
        {
            var client = host.Server.CreateWebSocketClient();
            client.SubProtocols.Add("graphql-transport-ws");
            client.ConfigureRequest = request =>
            {
                request.Headers["Cookie"] = cookie;
                request.Headers["Origin"] = origin;
            };
            try
            {
                using var socket = await client.ConnectAsync(new Uri("ws://localhost/graphql"), TestContext.Current.CancellationToken);
                var buffer = System.Text.Encoding.UTF8.GetBytes("{\"type\":\"connection_init\"}");
                await socket.SendAsync(buffer, System.Net.WebSockets.WebSocketMessageType.Text, true, TestContext.Current.CancellationToken);
                var received = new byte[4096];
                var result = await socket.ReceiveAsync(received, TestContext.Current.CancellationToken);
                return result.MessageType == System.Net.WebSockets.WebSocketMessageType.Close ? (HttpStatusCode)(int)socket.CloseStatus! : HttpStatusCode.OK;
            }
            catch (InvalidOperationException)
            {
                return null;
            }
        }

        Assert.Equal(HttpStatusCode.OK, await ConnectAsync("http://localhost"));
        Assert.NotEqual(HttpStatusCode.OK, await ConnectAsync("https://evil.example"));
    }
}
