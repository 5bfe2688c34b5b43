using System.Security.Claims;
using Dangjian.Core.Access;
using Dangjian.Core.Documents;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Dangjian.Api.Auth;

/// <summary>Claim names in Dangjian tokens.</summary>
public static class DangjianClaims
{
    public const string Subject = "sub";
    public const string Role = "role";
    /// <summary>The local id of the organisation a BRANCH token is bound to.</summary>
    public const string Organization = "org";
    /// <summary>The person's name, in web sessions (shown by the web app; never used to decide anything).</summary>
    public const string Name = "name";
}

/// <summary>Mints tokens with the embedded key, for local use and tests (the <c>token</c> command).</summary>
public sealed class TokenIssuer(SigningKeyProvider keys, IOptions<AuthOptions> options, TimeProvider time)
{
    public string Issue(string subject, Role role, string? organizationId, TimeSpan lifetime)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var claims = new List<Claim>
        {
            new(DangjianClaims.Subject, subject),
            new(DangjianClaims.Role, EnumNames.ToConstant(role)),
        };
        if (organizationId is not null)
            claims.Add(new Claim(DangjianClaims.Organization, organizationId));
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.Value.Issuer,
            Audience = options.Value.Audience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime,
            SigningCredentials = new SigningCredentials(keys.Key, SecurityAlgorithms.HmacSha256),
        });
    }
}
