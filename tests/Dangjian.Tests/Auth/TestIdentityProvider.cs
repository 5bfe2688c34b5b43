using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Dangjian.Tests.Auth;

/// <summary>
/// A real OpenID Connect provider (OpenIddict's server) on a loopback port, started by the test: discovery, signing
/// keys, the authorization endpoint and the token endpoint over real HTTP, as an organisation's provider would serve
/// them. It keeps no stores (OpenIddict's degraded mode): the one client and its redirect address are checked by the
/// handlers below, and whoever is "logged in" at the provider is <see cref="Person"/>, set by the test.
/// </summary>
public sealed class TestIdentityProvider : IAsyncDisposable
{
    public const string ClientId = "dangjian-web";
    public const string ClientSecret = "test-client-secret";

    private readonly WebApplication _app;

    private TestIdentityProvider(WebApplication app) => _app = app;

    /// <summary>The claims the provider puts in the next ID token (besides sub, which is "sub" here).</summary>
    public Dictionary<string, string[]> Person { get; set; } = [];

    /// <summary>Authorization requests the provider refused (wrong client or redirect address).</summary>
    public List<string> Refusals { get; } = [];

    public string Authority => _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/') + "/";

    /// <param name="redirectUri">The only callback address the provider accepts for <see cref="ClientId"/>.</param>
    public static async Task<TestIdentityProvider> StartAsync(string redirectUri)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseKestrel(options => options.Listen(System.Net.IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        TestIdentityProvider? provider = null;
        builder.Services.AddOpenIddict().AddServer(options =>
        {
            options.EnableDegradedMode();
            options.DisableTokenStorage();
            options.AddEphemeralEncryptionKey().AddEphemeralSigningKey();
            options.DisableAccessTokenEncryption();
            options.SetAuthorizationEndpointUris("connect/authorize").SetTokenEndpointUris("connect/token");
            options.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange();
            options.RegisterScopes(Scopes.OpenId, Scopes.Profile);
            // Plain http on loopback, for the test only: the provider would otherwise insist on TLS.
            options.UseAspNetCore().DisableTransportSecurityRequirement();
            options.AddEventHandler<ValidateAuthorizationRequestContext>(handler => handler.UseInlineHandler(context =>
            {
                if (context.ClientId != ClientId || context.RedirectUri != redirectUri)
                {
                    provider!.Refusals.Add($"{context.ClientId} {context.RedirectUri}");
                    context.Reject(Errors.InvalidClient, "Unknown client or redirect address.");
                }
                return default;
            }));
            options.AddEventHandler<ValidateTokenRequestContext>(handler => handler.UseInlineHandler(context =>
            {
                if (context.ClientId != ClientId || context.Request.ClientSecret != ClientSecret)
                    context.Reject(Errors.InvalidClient, "Unknown client or wrong secret.");
                return default;
            }));
            options.AddEventHandler<HandleAuthorizationRequestContext>(handler => handler.UseInlineHandler(context =>
            {
                // The person has "logged in" at the provider already: sign them in to the client at once.
                var identity = new ClaimsIdentity("test-idp", Claims.Name, Claims.Role);
                foreach (var (type, values) in provider!.Person)
                    foreach (var value in values)
                        identity.AddClaim(new Claim(type, value));
                var principal = new ClaimsPrincipal(identity);
                principal.SetScopes(context.Request.GetScopes());
                principal.SetDestinations(_ => [Destinations.IdentityToken, Destinations.AccessToken]);
                context.SignIn(principal);
                return default;
            }));
        });
        var app = builder.Build();
        provider = new TestIdentityProvider(app);
        await app.StartAsync(TestContext.Current.CancellationToken);
        return provider;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
