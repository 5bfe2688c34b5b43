using Dangjian.Api.Auth;
using Dangjian.Api.Cli;
using Dangjian.Api.Features.Knowledge;
using Dangjian.Api.Features.Search;
using Dangjian.Api.GraphQL;
using Dangjian.Api.GraphQL.Http;
using Dangjian.Api.Infrastructure;
using Dangjian.Api.Web;

namespace Dangjian.Api;

/// <summary>Each area registers itself; Program.cs only chooses between serving and running a command.</summary>
public static class DangjianHost
{
    public static WebApplicationBuilder AddDangjian(this WebApplicationBuilder builder)
    {
        builder.AddDangjianStore();
        builder.AddDangjianEditorial();
        builder.AddDangjianSearch();
        builder.AddDangjianAuth();
        builder.AddDangjianGraphQL();
        builder.AddDangjianCommands();
        builder.AddDangjianRateLimiting();
        builder.Services.AddCors(cors => cors.AddDefaultPolicy(policy =>
        {
            // Cross-origin browsers are let in only from configured origins (Dangjian:Cors:AllowedOrigins).
            var origins = builder.Configuration.GetSection("Dangjian:Cors:AllowedOrigins").Get<string[]>() ?? [];
            policy.WithOrigins(origins).WithMethods("GET", "POST")
                .WithHeaders("Content-Type", "Authorization", "Accept", "GraphQL-Require-Preflight")
                .WithExposedHeaders("X-Request-Id", "Retry-After");
        }));
        return builder;
    }

    public static WebApplication UseDangjian(this WebApplication app)
    {
        // Every response names its request, so a client can quote it and the logs can be searched for it.
        app.Use((context, next) =>
        {
            context.Response.Headers["X-Request-Id"] = context.TraceIdentifier;
            return next(context);
        });
        app.UseDangjianWebAssets();
        app.UseCors();
        app.UseAuthentication();
        app.UseRateLimiter();
        app.MapDangjianGraphQL();
        app.MapDangjianHealth();
        app.MapDangjianPermalinks();
        app.MapDangjianSearchExport();
        app.MapDangjianWebApp();
        return app;
    }
}
