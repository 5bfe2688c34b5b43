using System.Net;
using System.Security.Claims;
using Dangjian.Api.Auth;
using Dangjian.Tests.Support;

namespace Dangjian.Tests.Auth;

/// <summary>
/// Signing in through OpenID Connect against a real provider the test starts (OpenIddict's server on a loopback port):
/// the browser's round trip by hand (the API's challenge, the provider's authorization endpoint, the callback, whose
/// code the API redeems at the provider's token endpoint over real HTTP), then the session it leaves.
/// </summary>
public sealed class OidcSignInTests
{
    private const string Callback = "https://localhost/auth/oidc/callback";

    private static Dictionary<string, string?> Settings(TestIdentityProvider idp, string? issuer = null) => new()
    {
        ["Dangjian:Auth:Oidc:Authority"] = idp.Authority,
        ["Dangjian:Auth:Oidc:Issuer"] = issuer,
        ["Dangjian:Auth:Oidc:ClientId"] = TestIdentityProvider.ClientId,
        ["Dangjian:Auth:Oidc:ClientSecret"] = TestIdentityProvider.ClientSecret,
        ["Dangjian:Auth:Oidc:RequireHttpsMetadata"] = "false",
        // The provider's own names, as an organisation's directory might have them.
        ["Dangjian:Auth:Oidc:RoleClaim"] = "role",
        ["Dangjian:Auth:Oidc:OrganizationClaim"] = "dangjian_org",
        ["Dangjian:Auth:Oidc:RoleValues:dj-secretaries"] = "BRANCH",
        ["Dangjian:Auth:Oidc:RoleValues:dj-editors"] = "EDITOR",
    };

    /// <summary>The browser's part: follow the API to the provider and back; the API's last answer.</summary>
    private static async Task<HttpResponseMessage> SignInAsync(WebBrowserSession browser, string returnUrl = "/")
    {
        var ct = TestContext.Current.CancellationToken;
        using var challenge = await browser.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/auth/oidc/sign-in?returnUrl=" + Uri.EscapeDataString(returnUrl)));
        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        var authorize = challenge.Headers.Location!;
        Assert.Contains("code_challenge=", authorize.Query, StringComparison.Ordinal);
        using var idpClient = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var atProvider = await idpClient.GetAsync(authorize, ct);
        Assert.Equal(HttpStatusCode.Redirect, atProvider.StatusCode);
        var back = atProvider.Headers.Location!;
        Assert.StartsWith(Callback, back.ToString(), StringComparison.Ordinal);
        return await browser.SendAsync(new HttpRequestMessage(HttpMethod.Get, back.PathAndQuery));
    }

    [Fact]
    public async Task A_branch_secretary_signs_in_at_the_provider_and_gets_a_session_with_their_role_and_organisation()
    {
        await using var idp = await TestIdentityProvider.StartAsync(Callback);
        idp.Person = new() { ["sub"] = ["idp-user-42"], ["name"] = ["李书记"], ["role"] = ["staff", "dj-secretaries"], ["dangjian_org"] = ["ld-zxyy-frmz"] };
        await using var host = new ApiHost(seed: true, settings: Settings(idp));
        using var browser = WebBrowserSession.Open(host);
        Assert.True((await browser.SessionAsync()).GetProperty("signInMethods").GetProperty("oidc").GetBoolean());

        using var done = await SignInAsync(browser, "/desk?x=1");
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.Equal("/desk?x=1", done.Headers.Location!.ToString());
        var cookie = Assert.Single(browser.SetCookieHeaders, h => h.StartsWith("__Host-dangjian.session=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);

        var person = (await browser.SessionAsync()).GetProperty("person");
        Assert.Equal("idp-user-42", person.GetProperty("subject").GetString());
        Assert.Equal("李书记", person.GetProperty("name").GetString());
        Assert.Equal("BRANCH", person.GetProperty("role").GetString());
        Assert.Equal("ld-zxyy-frmz", person.GetProperty("organizationId").GetString());

        // The same session, the same rules as the development sign-in: a story for the secretary's own branch …
        var submitted = await browser.GraphQLAsync("mutation($i: SubmitStoryInput!) { submitStory(input: $i) { story { status } errors { ... on Error { code } } } }",
            new { i = new { submittingOrganizationId = "T3JnYW5pemF0aW9uOmxkLXp4eXktZnJteg==", title = "身份提供方登录后提交", body = "正文" } });
        Assert.Equal("SUBMITTED", submitted.Ok().GetProperty("submitStory").GetProperty("story").GetProperty("status").GetString());
        // … and none for another organisation.
        var other = await browser.GraphQLAsync("mutation($i: SubmitStoryInput!) { submitStory(input: $i) { story { status } errors { ... on Error { code } } } }",
            new { i = new { submittingOrganizationId = "T3JnYW5pemF0aW9uOmxkLWNkYy1jcmJ6Yg==", title = "别的支部", body = "正文" } });
        Assert.Equal("FORBIDDEN", other.Ok().GetProperty("submitStory").GetProperty("errors")[0].GetProperty("code").GetString());
    }

    [Fact]
    public async Task An_editor_role_from_the_provider_maps_to_EDITOR_and_an_open_return_address_is_not_followed()
    {
        await using var idp = await TestIdentityProvider.StartAsync(Callback);
        idp.Person = new() { ["sub"] = ["idp-editor"], ["role"] = ["dj-editors"] };
        await using var host = new ApiHost(seed: true, settings: Settings(idp));
        using var browser = WebBrowserSession.Open(host);
        using var done = await SignInAsync(browser, "//evil.example/steal");
        Assert.Equal("/", done.Headers.Location!.ToString());
        Assert.Equal("EDITOR", (await browser.SessionAsync()).GetProperty("person").GetProperty("role").GetString());
    }

    [Fact]
    public async Task A_token_from_an_issuer_that_is_not_the_configured_one_is_refused()
    {
        await using var idp = await TestIdentityProvider.StartAsync(Callback);
        idp.Person = new() { ["sub"] = ["idp-editor"], ["role"] = ["dj-editors"] };
        // The API trusts another issuer than the one this provider signs as (its metadata names itself; that is not enough).
        await using var host = new ApiHost(seed: true, settings: Settings(idp, issuer: "https://login.example.gov.cn/"));
        using var browser = WebBrowserSession.Open(host);
        using var done = await SignInAsync(browser);
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.Equal(OidcSignIn.FailurePath, done.Headers.Location!.ToString());
        Assert.DoesNotContain(browser.SetCookieHeaders, h => h.StartsWith("__Host-dangjian.session=", StringComparison.Ordinal));
        Assert.False((await browser.SessionAsync()).GetProperty("signedIn").GetBoolean());
        Assert.Contains(host.Logs.Entries, e => e.Message.Contains("OpenID Connect sign-in failed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_person_without_a_known_role_or_a_secretary_without_an_organisation_is_not_signed_in()
    {
        await using var idp = await TestIdentityProvider.StartAsync(Callback);
        await using var host = new ApiHost(seed: true, settings: Settings(idp));
        foreach (var person in new Dictionary<string, string[]>[]
        {
            new() { ["sub"] = ["nobody"], ["role"] = ["staff"] },
            new() { ["sub"] = ["no-org"], ["role"] = ["dj-secretaries"] },
        })
        {
            idp.Person = person;
            using var browser = WebBrowserSession.Open(host);
            using var done = await SignInAsync(browser);
            Assert.Equal(OidcSignIn.FailurePath, done.Headers.Location!.ToString());
            Assert.False((await browser.SessionAsync()).GetProperty("signedIn").GetBoolean());
        }
    }

    [Fact]
    public async Task A_callback_with_a_forged_state_or_code_signs_nobody_in()
    {
        await using var idp = await TestIdentityProvider.StartAsync(Callback);
        idp.Person = new() { ["sub"] = ["idp-editor"], ["role"] = ["dj-editors"] };
        await using var host = new ApiHost(seed: true, settings: Settings(idp));
        using var browser = WebBrowserSession.Open(host);
        foreach (var query in new[] { "?code=forged&state=forged", "?code=&state=", "?error=access_denied", "?state=" + new string('A', 5000) })
        {
            using var answer = await browser.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/auth/oidc/callback" + query));
            Assert.True(answer.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.BadRequest, $"{query}: {answer.StatusCode}");
            Assert.NotEqual(HttpStatusCode.InternalServerError, answer.StatusCode);
        }
        Assert.False((await browser.SessionAsync()).GetProperty("signedIn").GetBoolean());
    }

    [Fact]
    public async Task Without_an_authority_the_provider_sign_in_is_not_there()
    {
        await using var host = new ApiHost();
        using var browser = WebBrowserSession.Open(host);
        using var answer = await browser.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/auth/oidc/sign-in"));
        Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
        Assert.Equal(["NOT_FOUND"], (await GraphQLResponse.ReadAsync(answer)).ErrorCodes);
    }

    [Fact]
    public void The_highest_known_role_counts_and_unknown_values_are_ignored()
    {
        var settings = new OidcOptions { RoleValues = new() { ["dj-admins"] = "ADMIN" } };
        var principal = new ClaimsPrincipal(new ClaimsIdentity([new Claim("sub", "x"), new Claim("role", "EDITOR"), new Claim("role", "dj-admins superuser")]));
        var mapped = OidcSignIn.MapClaims(principal, settings);
        Assert.Equal("ADMIN", mapped.Value!.FindFirst(DangjianClaims.Role)!.Value);
        var branchOrgDropped = OidcSignIn.MapClaims(new ClaimsPrincipal(new ClaimsIdentity([new Claim("sub", "x"), new Claim("role", "EDITOR"), new Claim("org", "ld-jggw")])), settings);
        Assert.Null(branchOrgDropped.Value!.FindFirst(DangjianClaims.Organization));
    }
}
