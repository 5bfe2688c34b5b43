namespace Dangjian.Api.Auth;

/// <summary>Settings under "Dangjian:Auth". Deployments set the key (or use their identity provider's); local use generates one.</summary>
public sealed class AuthOptions
{
    public const string Section = "Dangjian:Auth";

    public string Issuer { get; set; } = "dangjian";

    public string Audience { get; set; } = "dangjian-api";

    /// <summary>Base64 HMAC-SHA256 key of at least 32 bytes. When unset, a key is generated into the data directory.</summary>
    public string? SigningKey { get; set; }

    /// <summary>The web app's session cookie ("Dangjian:Auth:Session").</summary>
    public SessionOptions Session { get; set; } = new();

    /// <summary>Production sign-in through the organisation's identity provider ("Dangjian:Auth:Oidc"); off without an authority.</summary>
    public OidcOptions Oidc { get; set; } = new();

    /// <summary>
    /// The development sign-in page (pick one of the seeded people, no password). Unset: on in Development only.
    /// Never on in Production, whatever this says.
    /// </summary>
    public bool? DevelopmentSignIn { get; set; }
}

public sealed class SessionOptions
{
    /// <summary>
    /// How long a session lasts after sign-in; it is not extended by use, so that a stolen cookie stops working at a
    /// known time. The cookie itself is a browser-session cookie: the server, not the browser, decides it has ended,
    /// so that the web app hears SESSION_EXPIRED instead of silently becoming anonymous.
    /// </summary>
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromHours(8);
}

/// <summary>
/// OpenID Connect against the organisation's identity provider (authorization code flow with PKCE). Roles and the
/// organisation are read from the ID token's claims, under names that differ between providers.
/// </summary>
public sealed class OidcOptions
{
    /// <summary>The provider's address (its metadata is at .well-known/openid-configuration under it). Empty: OpenID Connect is off.</summary>
    public string? Authority { get; set; }

    /// <summary>The issuer tokens must name, when it is not the authority itself. Only this issuer is trusted, whatever the metadata says.</summary>
    public string? Issuer { get; set; }

    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    /// <summary>Only for tests and local providers on plain HTTP; a production authority is HTTPS.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>Scopes asked for besides openid.</summary>
    public string[] Scopes { get; set; } = ["profile"];

    /// <summary>The claim that carries the person's role(s).</summary>
    public string RoleClaim { get; set; } = "role";

    /// <summary>The claim that carries the local id of a branch secretary's organisation.</summary>
    public string OrganizationClaim { get; set; } = "org";

    /// <summary>The claim shown as the person's name.</summary>
    public string NameClaim { get; set; } = "name";

    /// <summary>
    /// The provider's role values and the Dangjian role each stands for (e.g. "dj-editors": "EDITOR"). Values not
    /// listed are read as Dangjian's own names (READER, BRANCH, EDITOR, ADMIN); anything else is ignored. With several,
    /// the highest counts.
    /// </summary>
    public Dictionary<string, string> RoleValues { get; set; } = [];

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority);
}
