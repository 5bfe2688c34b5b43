using System.Security.Claims;
using Dangjian.Core;
using Dangjian.Core.Access;
using Dangjian.Core.Documents;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Dangjian.Api.Auth;

/// <summary>
/// Production sign-in with OpenID Connect (authorization code flow with PKCE, the answer in the query string so that
/// no cookie needs SameSite=None). The ID token's claims are mapped once, here, to the session's claims (sub, role,
/// org, name); after that a session is a session, whoever signed it in.
/// </summary>
public static class OidcSignIn
{
    public const string Scheme = "oidc";
    public const string SignInPath = "/auth/oidc/sign-in";
    public const string CallbackPath = "/auth/oidc/callback";

    /// <summary>Where a failed sign-in lands: the web app's sign-in page, with a code it explains.</summary>
    public const string FailurePath = "/signin?error=SIGN_IN_FAILED";

    internal static void Add(IHostApplicationBuilder builder, AuthenticationBuilder authentication, CookieSecurePolicy secure)
    {
        var oidc = builder.Configuration.GetSection(AuthOptions.Section).Get<AuthOptions>()?.Oidc ?? new OidcOptions();
        if (!oidc.Enabled)
            return;
        authentication.AddOpenIdConnect(Scheme, "Identity provider", _ => { });
        builder.Services.AddOptions<OpenIdConnectOptions>(Scheme).Configure<IOptions<AuthOptions>>((options, auth) =>
        {
            var settings = auth.Value.Oidc;
            options.Authority = settings.Authority;
            options.ClientId = settings.ClientId;
            options.ClientSecret = settings.ClientSecret;
            options.RequireHttpsMetadata = settings.RequireHttpsMetadata;
            options.ResponseType = OpenIdConnectResponseType.Code;
            options.ResponseMode = OpenIdConnectResponseMode.Query;
            options.UsePkce = true;
            options.CallbackPath = CallbackPath;
            options.SignInScheme = WebSessions.CookieScheme;
            // The provider's tokens are not kept: the session needs only who the person is.
            options.SaveTokens = false;
            options.GetClaimsFromUserInfoEndpoint = false;
            options.MapInboundClaims = false;
            options.Scope.Clear();
            options.Scope.Add(OpenIdConnectScope.OpenId);
            foreach (var scope in settings.Scopes)
                options.Scope.Add(scope);
            options.CorrelationCookie.SameSite = SameSiteMode.Lax;
            options.CorrelationCookie.SecurePolicy = secure;
            options.NonceCookie.SameSite = SameSiteMode.Lax;
            options.NonceCookie.SecurePolicy = secure;
            var issuer = TrustedIssuer(settings);
            options.TokenValidationParameters.NameClaimType = settings.NameClaim;
            // The handler would trust whatever issuer the metadata names; only the configured one is trusted.
            options.TokenValidationParameters.IssuerValidator = (tokenIssuer, _, _) =>
                string.Equals(Normalize(tokenIssuer), issuer, StringComparison.Ordinal)
                    ? tokenIssuer
                    : throw new SecurityTokenInvalidIssuerException("The token's issuer is not the configured identity provider.") { InvalidIssuer = tokenIssuer };
            options.Events.OnTokenValidated = context =>
            {
                var mapped = MapClaims(context.Principal!, settings);
                if (!mapped.IsSuccess)
                {
                    context.Fail(mapped.Error!.Message);
                    return Task.CompletedTask;
                }
                context.Principal = mapped.Value;
                var time = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>();
                context.Properties!.IsPersistent = false;
                context.Properties.AllowRefresh = false;
                context.Properties.IssuedUtc = time.GetUtcNow();
                context.Properties.ExpiresUtc = time.GetUtcNow() + auth.Value.Session.Lifetime;
                return Task.CompletedTask;
            };
            options.Events.OnRemoteFailure = context =>
            {
                context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(OidcSignIn))
                    .LogWarning("OpenID Connect sign-in failed in request {RequestId}: {Reason}", context.HttpContext.TraceIdentifier, context.Failure?.Message);
                context.Response.Redirect(FailurePath);
                context.HandleResponse();
                return Task.CompletedTask;
            };
        });
    }

    private static string TrustedIssuer(OidcOptions settings) => Normalize(string.IsNullOrWhiteSpace(settings.Issuer) ? settings.Authority! : settings.Issuer);

    private static string Normalize(string issuer) => issuer.TrimEnd('/');

    /// <summary>
    /// The session's claims from the provider's: its subject, the highest Dangjian role among the role claim's values,
    /// the organisation a branch secretary is bound to, and a name. A person with no known role, or a branch role without
    /// an organisation, is not signed in.
    /// </summary>
    public static Result<ClaimsPrincipal> MapClaims(ClaimsPrincipal provider, OidcOptions settings)
    {
        var subject = provider.FindFirst("sub")?.Value;
        if (string.IsNullOrEmpty(subject))
            return new Error(ErrorCodes.Unauthenticated, "The identity provider's token has no subject.");
        Role? role = null;
        foreach (var claim in provider.FindAll(settings.RoleClaim))
        {
            // Some providers send several roles as one JSON array claim, others as repeated claims.
            foreach (var value in claim.Value.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var constant = settings.RoleValues.TryGetValue(value, out var mapped) ? mapped : value;
                if (EnumNames.TryParse<Role>(constant, out var known) && (role is null || known > role))
                    role = known;
            }
        }
        if (role is null)
            return new Error(ErrorCodes.Unauthenticated, $"The identity provider gave no known role in the '{settings.RoleClaim}' claim.");
        var organization = provider.FindFirst(settings.OrganizationClaim)?.Value;
        if (role == Role.Branch && string.IsNullOrEmpty(organization))
            return new Error(ErrorCodes.Unauthenticated, $"A branch secretary needs an organisation in the '{settings.OrganizationClaim}' claim.");
        var name = provider.FindFirst(settings.NameClaim)?.Value;
        return SessionEndpoints.Principal(subject, name, role.Value, role == Role.Branch ? organization : null);
    }

    /// <summary>Starts a sign-in at the provider; afterwards the browser returns to <c>returnUrl</c>, which must be a path on this site.</summary>
    internal static async Task ChallengeAsync(HttpContext http)
    {
        if (!http.RequestServices.GetRequiredService<IOptions<AuthOptions>>().Value.Oidc.Enabled)
        {
            await GraphQL.Http.HttpErrors.WriteAsync(http, new GraphQL.Http.NotFoundError("Sign-in through an identity provider is not configured here."));
            return;
        }
        var returnUrl = http.Request.Query["returnUrl"].ToString();
        await http.ChallengeAsync(Scheme, new AuthenticationProperties { RedirectUri = IsLocalPath(returnUrl) ? returnUrl : "/" });
    }

    /// <summary>
    /// A path on this site and nothing else: not another host (//evil, /\evil), not a scheme (javascript:), no control
    /// characters, bounded: an open redirect would let another site borrow our sign-in page for phishing.
    /// </summary>
    public static bool IsLocalPath(string? url) =>
        !string.IsNullOrEmpty(url) && url.Length <= 2000 && url[0] == '/'
        && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
        && !url.Any(c => char.IsControl(c) || c == '\\');
}
