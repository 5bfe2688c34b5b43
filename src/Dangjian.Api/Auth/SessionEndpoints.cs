using System.Security.Claims;
using System.Text.Json;
using Dangjian.Api.GraphQL.Http;
using Dangjian.Api.GraphQL.Relay;
using Dangjian.Api.Infrastructure;
using Dangjian.Core;
using Dangjian.Core.Access;
using Dangjian.Core.Documents;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Dangjian.Api.Auth;

/// <summary>A person the development sign-in page offers (seed-data/people.json).</summary>
public sealed record DevelopmentPerson(string Subject, string Name, Role Role, string? OrganizationId = null);

/// <summary>
/// The sample people of seed-data/people.json, read once. Only the development sign-in uses them; they never become
/// documents, and in Production nothing reads the file.
/// </summary>
public sealed class DevelopmentPeople(IOptions<DangjianOptions> options)
{
    private readonly Lazy<IReadOnlyList<DevelopmentPerson>> _people = new(() => Read(Path.Combine(options.Value.FullSeedDirectory, FileName)));

    public const string FileName = "people.json";

    public IReadOnlyList<DevelopmentPerson> All => _people.Value;

    public DevelopmentPerson? Find(string subject) => All.FirstOrDefault(p => string.Equals(p.Subject, subject, StringComparison.Ordinal));

    private static readonly JsonSerializerOptions FileJson = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(EnumNames.Policy, allowIntegerValues: false) },
    };

    private sealed record PeopleFile(string? Label, List<DevelopmentPerson> People);

    private static IReadOnlyList<DevelopmentPerson> Read(string path)
    {
        if (!File.Exists(path))
            return [];
        var file = JsonSerializer.Deserialize<PeopleFile>(File.ReadAllBytes(path), FileJson);
        return file?.People ?? [];
    }
}

/// <summary>
/// /auth/…: what the web app asks about its session, and the ways in and out. Every answer is JSON; every refusal is
/// a coded error written by <see cref="HttpErrors"/>. Every POST needs the antiforgery token (signing in too, so that
/// another site cannot sign a browser in as someone else).
/// </summary>
public static class SessionEndpoints
{
    public const string SessionPath = "/auth/session";
    public const string SignOutPath = "/auth/sign-out";
    public const string DevelopmentPeoplePath = "/auth/dev/people";
    public const string DevelopmentSignInPath = "/auth/dev/sign-in";

    /// <summary>A subject longer than this is not one of the people; refused before looking.</summary>
    private const int MaxSubjectLength = 200;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static IEndpointRouteBuilder MapDangjianSessions(this IEndpointRouteBuilder app)
    {
        app.MapGet(SessionPath, SessionAsync);
        app.MapPost(SignOutPath, SignOutAsync);
        app.MapGet(DevelopmentPeoplePath, PeopleAsync);
        app.MapPost(DevelopmentSignInPath, DevelopmentSignInAsync);
        app.MapGet(OidcSignIn.SignInPath, OidcSignIn.ChallengeAsync);
        return app;
    }

    /// <summary>Whether the development sign-in is on: never in Production; elsewhere as configured, by default in Development only.</summary>
    public static bool DevelopmentSignInEnabled(IServiceProvider services)
    {
        var environment = services.GetRequiredService<IHostEnvironment>();
        if (environment.IsProduction())
            return false;
        return services.GetRequiredService<IOptions<AuthOptions>>().Value.DevelopmentSignIn ?? environment.IsDevelopment();
    }

    /// <summary>
    /// Who is signed in (or nobody), when the session ends, the antiforgery token for this person, and the ways to sign
    /// in. A session that has ended answers signedIn false with sessionEnded true, and its cookie is deleted.
    /// </summary>
    private static async Task SessionAsync(HttpContext http)
    {
        var environment = http.RequestServices.GetRequiredService<IHostEnvironment>();
        var ended = false;
        ClaimsPrincipal? principal = null;
        if (http.Request.Cookies.ContainsKey(WebSessions.SessionCookieName(environment)))
        {
            var result = await http.AuthenticateAsync(WebSessions.CookieScheme);
            if (result.Succeeded)
                principal = result.Principal;
            else if (!result.None)
            {
                ended = true;
                WebSessions.EndSession(http, environment);
            }
            http.User = principal ?? new ClaimsPrincipal(new ClaimsIdentity());
            await WriteSessionAsync(http, principal, result.Properties?.ExpiresUtc, ended);
            return;
        }
        http.User = new ClaimsPrincipal(new ClaimsIdentity());
        await WriteSessionAsync(http, null, null, ended);
    }

    private static Task WriteSessionAsync(HttpContext http, ClaimsPrincipal? principal, DateTimeOffset? expiresAt, bool ended)
    {
        // Outside Development the cookies are Secure: over plain http no session can be made, so none is offered.
        var usable = http.Request.IsHttps || http.RequestServices.GetRequiredService<IHostEnvironment>().IsDevelopment();
        var token = usable ? http.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(http).RequestToken : null;
        var auth = http.RequestServices.GetRequiredService<IOptions<AuthOptions>>().Value;
        http.Response.Headers.CacheControl = "no-store";
        return http.Response.WriteAsJsonAsync(new
        {
            signedIn = principal is not null,
            sessionEnded = ended,
            person = principal is null ? null : new
            {
                subject = principal.FindFirst(DangjianClaims.Subject)?.Value,
                name = principal.FindFirst(DangjianClaims.Name)?.Value,
                role = principal.FindFirst(DangjianClaims.Role)?.Value,
                organizationId = principal.FindFirst(DangjianClaims.Organization)?.Value,
                // The same organisation as the API's GraphQL ID, so the web app never builds an opaque ID itself.
                organizationNodeId = principal.FindFirst(DangjianClaims.Organization)?.Value is { } organization
                    ? GlobalId.Encode(Kinds.Organization.TypeName, organization)
                    : null,
            },
            expiresAt,
            antiforgeryToken = token,
            signInMethods = new
            {
                development = usable && DevelopmentSignInEnabled(http.RequestServices),
                oidc = usable && auth.Oidc.Enabled,
            },
        }, Json, http.RequestAborted);
    }

    private static async Task SignOutAsync(HttpContext http)
    {
        var session = await http.AuthenticateSessionAsync();
        if (!session.IsSuccess)
        {
            // An ended session is signed out already; a live one without its token is refused.
            if (session.Error is SessionExpiredError)
            {
                http.Response.StatusCode = StatusCodes.Status204NoContent;
                return;
            }
            await HttpErrors.WriteAsync(http, session.Error!);
            return;
        }
        if (session.Value is not null)
            await http.SignOutAsync(WebSessions.CookieScheme);
        http.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    private static async Task PeopleAsync(HttpContext http)
    {
        if (!DevelopmentSignInEnabled(http.RequestServices))
        {
            await HttpErrors.WriteAsync(http, new NotFoundError("The development sign-in is not available here; sign in through the organisation's identity provider."));
            return;
        }
        var people = http.RequestServices.GetRequiredService<DevelopmentPeople>().All;
        await http.Response.WriteAsJsonAsync(new
        {
            people = people.Select(p => new { p.Subject, p.Name, role = EnumNames.ToConstant(p.Role), p.OrganizationId }),
        }, Json, http.RequestAborted);
    }

    /// <summary>Signs in as one of the listed people: JSON <c>{"subject": "editor-zhao"}</c>, with the antiforgery token.</summary>
    private static async Task DevelopmentSignInAsync(HttpContext http)
    {
        if (!DevelopmentSignInEnabled(http.RequestServices))
        {
            await HttpErrors.WriteAsync(http, new NotFoundError("The development sign-in is not available here; sign in through the organisation's identity provider."));
            return;
        }
        if (!http.Request.HasJsonContentType())
        {
            await HttpErrors.WriteAsync(http, new UnsupportedMediaTypeError("Send application/json: {\"subject\": \"…\"}."));
            return;
        }
        // The token a signed-out page holds is bound to nobody; the one of a signed-in page to its person.
        var current = await http.AuthenticateAsync(WebSessions.CookieScheme);
        http.User = current.Succeeded ? current.Principal! : new ClaimsPrincipal(new ClaimsIdentity());
        if (!await WebSessions.IsAntiforgeryValidAsync(http))
        {
            await HttpErrors.WriteAsync(http, new AntiforgeryTokenInvalidError($"Signing in needs the antiforgery token (the {WebSessions.AntiforgeryHeader} header; GET {SessionPath} gives it)."));
            return;
        }
        var subject = await ReadSubjectAsync(http);
        if (!subject.IsSuccess)
        {
            await HttpErrors.WriteAsync(http, subject.Error!);
            return;
        }
        var person = http.RequestServices.GetRequiredService<DevelopmentPeople>().Find(subject.Value);
        if (person is null)
        {
            await HttpErrors.WriteAsync(http, new InvalidRequestError("No such person on the development sign-in list."));
            return;
        }
        var principal = Principal(person.Subject, person.Name, person.Role, person.OrganizationId);
        var time = http.RequestServices.GetRequiredService<TimeProvider>();
        var lifetime = http.RequestServices.GetRequiredService<IOptions<AuthOptions>>().Value.Session.Lifetime;
        var properties = new AuthenticationProperties { IsPersistent = false, AllowRefresh = false, IssuedUtc = time.GetUtcNow(), ExpiresUtc = time.GetUtcNow() + lifetime };
        await http.SignInAsync(WebSessions.CookieScheme, principal, properties);
        // The page's next state-changing request is made as this person: give it their token now.
        http.User = principal;
        await WriteSessionAsync(http, principal, properties.ExpiresUtc, ended: false);
    }

    private static async Task<Result<string>> ReadSubjectAsync(HttpContext http)
    {
        const long maxBody = 4096;
        if (http.Request.ContentLength > maxBody)
            return new RequestTooLargeError(maxBody);
        try
        {
            using var reader = new StreamReader(http.Request.Body);
            var buffer = new char[maxBody + 1];
            var read = await reader.ReadBlockAsync(buffer.AsMemory(), http.RequestAborted);
            if (read > maxBody)
                return new RequestTooLargeError(maxBody);
            using var document = JsonDocument.Parse(new string(buffer, 0, read));
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("subject", out var subject) || subject.ValueKind != JsonValueKind.String)
            {
                return new InvalidRequestError("Send {\"subject\": \"…\"}: the subject of one of the listed people.");
            }
            var value = subject.GetString()!;
            if (value.Length is 0 or > MaxSubjectLength)
                return new InvalidRequestError("No such person on the development sign-in list.");
            return value;
        }
        catch (JsonException)
        {
            return new InvalidJsonError("The body is not valid JSON.");
        }
        catch (System.Text.DecoderFallbackException)
        {
            return new InvalidJsonError("The body is not valid UTF-8.");
        }
    }

    /// <summary>The claims of a session: the names bearer tokens use, so that both paths end in the same caller.</summary>
    public static ClaimsPrincipal Principal(string subject, string? name, Role role, string? organizationId)
    {
        var claims = new List<Claim>
        {
            new(DangjianClaims.Subject, subject),
            new(DangjianClaims.Role, EnumNames.ToConstant(role)),
        };
        if (!string.IsNullOrEmpty(name))
            claims.Add(new Claim(DangjianClaims.Name, name));
        if (!string.IsNullOrEmpty(organizationId))
            claims.Add(new Claim(DangjianClaims.Organization, organizationId));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, WebSessions.CookieScheme, DangjianClaims.Subject, DangjianClaims.Role));
    }
}
