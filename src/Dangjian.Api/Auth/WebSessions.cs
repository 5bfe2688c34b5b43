using System.Security.Claims;
using Dangjian.Api.GraphQL.Http;
using Dangjian.Core;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;

namespace Dangjian.Api.Auth;

/// <summary>
/// The web app's sign-in: a session cookie the server seals (HttpOnly, so no script ever holds a credential), with an
/// antiforgery token on every state-changing request made with it. Programs keep sending bearer tokens; a request
/// with an Authorization header is judged by its token alone, whatever cookies it carries. Both end in the same claims
/// (sub, role, org) and the same <see cref="Dangjian.Core.Access.CallerFactory"/>, so there is one authorization model.
/// </summary>
public static class WebSessions
{
    /// <summary>The default scheme: the bearer token when one is sent, else the session cookie.</summary>
    public const string PolicyScheme = "Dangjian";

    public const string CookieScheme = "DangjianSession";

    /// <summary>The header the web app sends the antiforgery token in.</summary>
    public const string AntiforgeryHeader = "X-CSRF-Token";

    /// <summary>
    /// Cookie names: with the __Host- prefix wherever cookies are Secure, so that no subdomain can plant or overwrite
    /// them; Development on plain http cannot use the prefix.
    /// </summary>
    public static string SessionCookieName(IHostEnvironment environment) => environment.IsDevelopment() ? "dangjian.session" : "__Host-dangjian.session";

    public static string AntiforgeryCookieName(IHostEnvironment environment) => environment.IsDevelopment() ? "dangjian.af" : "__Host-dangjian.af";

    internal static void Add(IHostApplicationBuilder builder, AuthenticationBuilder authentication)
    {
        var environment = builder.Environment;
        var secure = environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
        authentication.AddPolicyScheme(PolicyScheme, "Bearer token or session cookie", policy =>
            policy.ForwardDefaultSelector = context =>
                string.IsNullOrWhiteSpace(context.Request.Headers.Authorization) ? CookieScheme : JwtBearerDefaults.AuthenticationScheme);
        authentication.AddCookie(CookieScheme, cookie =>
        {
            cookie.Cookie.Name = SessionCookieName(environment);
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SecurePolicy = secure;
            // Lax, not Strict: the identity provider's redirect back is a cross-site navigation, and the first page
            // after it must see the session. Cross-site POSTs never carry it, and every state change needs the token.
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.Cookie.Path = "/";
            cookie.SlidingExpiration = false;
            // The API answers with coded errors; it never redirects a request to a login page.
            cookie.Events.OnRedirectToLogin = context =>
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return Task.CompletedTask;
            };
            cookie.Events.OnRedirectToAccessDenied = context =>
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            };
        });
        builder.Services.AddOptions<CookieAuthenticationOptions>(CookieScheme)
            .Configure<IOptions<AuthOptions>>((cookie, auth) => cookie.ExpireTimeSpan = auth.Value.Session.Lifetime);
        builder.Services.AddAntiforgery(antiforgery =>
        {
            antiforgery.HeaderName = AntiforgeryHeader;
            antiforgery.Cookie.Name = AntiforgeryCookieName(environment);
            antiforgery.Cookie.SecurePolicy = secure;
            antiforgery.Cookie.SameSite = SameSiteMode.Strict;
            antiforgery.Cookie.Path = "/";
        });
        builder.Services.AddSingleton<DevelopmentPeople>();
        OidcSignIn.Add(builder, authentication, secure);
    }

    /// <summary>
    /// What the session cookie says about this request: none sent, a session that has ended, or a live one (with the
    /// antiforgery check for state-changing requests and the origin check for WebSockets).
    /// </summary>
    internal static async Task<Result<ClaimsPrincipal?>> AuthenticateSessionAsync(this HttpContext context)
    {
        var environment = context.RequestServices.GetRequiredService<IHostEnvironment>();
        if (!context.Request.Cookies.ContainsKey(SessionCookieName(environment)))
            return (ClaimsPrincipal?)null;
        var result = await context.AuthenticateAsync(CookieScheme);
        if (result.None)
            return (ClaimsPrincipal?)null;
        if (!result.Succeeded || result.Principal is null)
        {
            EndSession(context, environment);
            return new SessionExpiredError();
        }
        // Antiforgery tokens are bound to the signed-in person; the default scheme has normally set this already.
        context.User = result.Principal;
        if (context.WebSockets.IsWebSocketRequest)
        {
            // A browser sends cookies with a WebSocket handshake from any page, and no CORS check applies to it.
            if (!IsOwnOrigin(context))
                return new AntiforgeryTokenInvalidError("A WebSocket on the session cookie must come from this site's own pages.");
        }
        else if (!IsSafe(context.Request.Method) && !await IsAntiforgeryValidAsync(context))
        {
            return new AntiforgeryTokenInvalidError($"A request made with the session cookie must carry the antiforgery token (the {AntiforgeryHeader} header; GET /auth/session gives it).");
        }
        return result.Principal;
    }

    internal static void EndSession(HttpContext context, IHostEnvironment environment)
    {
        if (!context.Response.HasStarted)
            context.Response.Cookies.Delete(SessionCookieName(environment), new CookieOptions { Path = "/", Secure = !environment.IsDevelopment() || context.Request.IsHttps, HttpOnly = true, SameSite = SameSiteMode.Lax });
    }

    internal static bool IsSafe(string method) =>
        HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method);

    internal static async Task<bool> IsAntiforgeryValidAsync(HttpContext context)
    {
        try
        {
            return await context.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(context);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or AntiforgeryValidationException or InvalidOperationException)
        {
            // A body that cannot be read as a form, or a token store that gave up: either way the token is not valid.
            return false;
        }
    }

    /// <summary>
    /// Only the site's own pages: CORS never lets another origin use the cookie over HTTP (no credentials are allowed),
    /// so a WebSocket, which CORS does not cover, may not either.
    /// </summary>
    private static bool IsOwnOrigin(HttpContext context) =>
        Uri.TryCreate(context.Request.Headers.Origin.ToString(), UriKind.Absolute, out var origin)
        && string.Equals(origin.Authority, context.Request.Host.Value, StringComparison.OrdinalIgnoreCase);
}
