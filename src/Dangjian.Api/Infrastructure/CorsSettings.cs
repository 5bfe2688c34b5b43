using Dangjian.Api.GraphQL.Http;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Extensions.Options;

namespace Dangjian.Api.Infrastructure;

/// <summary>Which browser origins may call the API cross-site ("Dangjian:Cors"). None by default: same-origin pages and non-browser clients need none.</summary>
public sealed class CorsSettings
{
    public const string Section = "Dangjian:Cors";

    /// <summary>Origins such as https://portal.example.org, exactly as browsers send them (scheme, host, port).</summary>
    public string[] AllowedOrigins { get; set; } = [];
}

public static class CorsRegistration
{
    public static IHostApplicationBuilder AddDangjianCors(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<CorsSettings>().Bind(builder.Configuration.GetSection(CorsSettings.Section));
        builder.Services.AddCors();
        builder.Services.AddOptions<CorsOptions>().Configure<IOptions<CorsSettings>>((cors, settings) => cors.AddDefaultPolicy(policy =>
            policy.WithOrigins(settings.Value.AllowedOrigins).WithMethods("GET", "POST")
                .WithHeaders(["Content-Type", "Authorization", "Accept", ConsistencyToken.Header, .. GraphQLHttpTransport.PreflightHeaders])
                .WithExposedHeaders("X-Request-Id", "Retry-After", "WWW-Authenticate", ConsistencyToken.Header)));
        return builder;
    }
}
