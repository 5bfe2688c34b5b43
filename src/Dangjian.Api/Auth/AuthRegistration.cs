using Dangjian.Api.GraphQL.Http;
using Dangjian.Api.Infrastructure;
using Dangjian.Core;
using Dangjian.Core.Access;
using Dangjian.Core.Documents;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Dangjian.Api.Auth;

public static class AuthRegistration
{
    public static IHostApplicationBuilder AddDangjianAuth(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<AuthOptions>().Bind(builder.Configuration.GetSection(AuthOptions.Section));
        services.AddSingleton<SigningKeyProvider>();
        services.AddSingleton<TokenIssuer>();
        var authentication = services.AddAuthentication(WebSessions.PolicyScheme).AddJwtBearer();
        WebSessions.Add(builder, authentication);
        // Authentication brings data protection; keep its keys with the rest of the instance's data.
        services.AddDataProtection().PersistKeysToFileSystem(new DirectoryInfo(
            Path.Combine(builder.Configuration.GetSection(DangjianOptions.Section).Get<DangjianOptions>()?.FullDataDirectory ?? "data", "keys")));
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<SigningKeyProvider, IOptions<AuthOptions>>((jwt, keys, auth) =>
            {
                jwt.MapInboundClaims = false;
                jwt.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = auth.Value.Issuer,
                    ValidAudience = auth.Value.Audience,
                    IssuerSigningKey = keys.Key,
                    ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                    ClockSkew = TimeSpan.FromSeconds(30),
                    NameClaimType = DangjianClaims.Subject,
                    RoleClaimType = DangjianClaims.Role,
                };
            });
        services.AddHostedService<SigningKeyStartup>();
        return builder;
    }

    /// <summary>
    /// The caller behind a request: what a valid bearer token says; without one, what the web app's session cookie
    /// says; anonymous with neither. A token that is present but invalid (expired, tampered, wrong issuer) is an error,
    /// not a silent downgrade to anonymous; so is a session that has ended, and a state-changing request on the cookie
    /// without its antiforgery token.
    /// </summary>
    public static async Task<Result<Caller>> ResolveCallerAsync(this HttpContext context, CancellationToken cancellationToken)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        if (string.IsNullOrWhiteSpace(authorization))
        {
            var session = await context.AuthenticateSessionAsync();
            if (!session.IsSuccess)
                return session.Error!;
            return session.Value is null ? Caller.Anonymous : await CallerOfAsync(context.RequestServices, session.Value, cancellationToken);
        }
        var result = await context.AuthenticateAsync(JwtBearerDefaults.AuthenticationScheme);
        if (!result.Succeeded || result.Principal is null)
        {
            var reason = result.Failure switch
            {
                SecurityTokenExpiredException => "The token has expired; get a new one.",
                null => "The Authorization header must be 'Bearer <token>'.",
                _ => "The token is not valid (bad signature, issuer, audience or format).",
            };
            return new UnauthenticatedError(reason);
        }
        return await CallerOfAsync(context.RequestServices, result.Principal, cancellationToken);
    }

    /// <summary>
    /// The caller a bearer token sent some other way than the Authorization header stands for (a WebSocket's
    /// connection_init payload), validated exactly as the header's token is; a token that is not valid is an error.
    /// </summary>
    public static async Task<Result<Caller>> ResolveCallerFromTokenAsync(this HttpContext context, string token, CancellationToken cancellationToken)
    {
        var options = context.RequestServices.GetRequiredService<IOptionsMonitor<JwtBearerOptions>>().Get(JwtBearerDefaults.AuthenticationScheme);
        foreach (var handler in options.TokenHandlers)
        {
            var validated = await handler.ValidateTokenAsync(token, options.TokenValidationParameters);
            if (validated.IsValid)
                return await CallerOfAsync(context.RequestServices, new System.Security.Claims.ClaimsPrincipal(validated.ClaimsIdentity), cancellationToken);
            if (validated.Exception is SecurityTokenExpiredException)
                return new UnauthenticatedError("The token has expired; get a new one.");
        }
        return new UnauthenticatedError("The token is not valid (bad signature, issuer, audience or format).");
    }

    private static async Task<Result<Caller>> CallerOfAsync(IServiceProvider services, System.Security.Claims.ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        var subject = principal.FindFirst(DangjianClaims.Subject)?.Value;
        var roleClaim = principal.FindFirst(DangjianClaims.Role)?.Value;
        if (subject is null || roleClaim is null || !EnumNames.TryParse<Role>(roleClaim, out var role))
            return new UnauthenticatedError("The token lacks a subject or a known role.");
        var organization = principal.FindFirst(DangjianClaims.Organization)?.Value;
        if (role == Role.Branch && string.IsNullOrEmpty(organization))
            return new UnauthenticatedError("A BRANCH token must name its organisation.");
        var factory = services.GetRequiredService<CallerFactory>();
        return await factory.CreateAsync(subject, role, organization, cancellationToken);
    }
}

/// <summary>Makes sure the embedded key exists from the first start, so `token` and the server agree on it.</summary>
internal sealed class SigningKeyStartup(SigningKeyProvider keys) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = keys.Key;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
