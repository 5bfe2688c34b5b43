namespace Dangjian.Api.Auth;

/// <summary>Settings under "Dangjian:Auth". Deployments set the key (or use their identity provider's); local use generates one.</summary>
public sealed class AuthOptions
{
    public const string Section = "Dangjian:Auth";

    public string Issuer { get; set; } = "dangjian";

    public string Audience { get; set; } = "dangjian-api";

    /// <summary>Base64 HMAC-SHA256 key of at least 32 bytes. When unset, a key is generated into the data directory.</summary>
    public string? SigningKey { get; set; }
}
