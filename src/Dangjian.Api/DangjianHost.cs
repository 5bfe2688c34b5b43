using Dangjian.Api.Auth;
using Dangjian.Api.Cli;
using Dangjian.Api.Features.Directives;
using Dangjian.Api.Features.Knowledge;
using Dangjian.Api.Features.Search;
using Dangjian.Api.GraphQL;
using Dangjian.Api.GraphQL.Http;
using Dangjian.Api.GraphQL.Subscriptions;
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
        builder.AddDangjianSubscriptions();
        builder.AddDangjianCommands();
        builder.AddDangjianForwardedHeaders();
        builder.AddDangjianRateLimiting();
        builder.AddDangjianConsistency();
        builder.AddDangjianHttpLimits();
        builder.AddDangjianCors();
        return builder;
    }

    public static WebApplication UseDangjian(this WebApplication app)
    {
        // First: everything after it (logs, limits, the rate limit's key) sees the client's address, not the proxy's.
        app.UseDangjianForwardedHeaders();
        // Every response names its request, so a client can quote it and the logs can be searched for it.
        app.Use((context, next) =>
        {
            context.Response.Headers["X-Request-Id"] = context.TraceIdentifier;
            return next(context);
        });
        // No refusal goes out uncoded: unexpected exceptions, and statuses the framework answers with an empty body
        // (unknown routes, wrong methods), get the same JSON error body as the API's own refusals.
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandler = context => HttpErrors.WriteAsync(context, new InternalError(context.TraceIdentifier)),
        });
        app.UseStatusCodePages(context => HttpErrors.WriteAsync(context.HttpContext, new HttpStatusError(context.HttpContext.Response.StatusCode)));
        app.UseDangjianWebAssets();
        app.UseCors();
        app.UseDangjianHttpLimits();
        app.UseAuthentication();
        app.UseDangjianRateLimiting();
        // Read-your-writes: a request carrying a consistency token waits here for this instance's index.
        app.UseDangjianConsistency();
        // graphql-transport-ws has its own ping and pong; the framework's WebSocket pings stay on for proxies.
        app.UseWebSockets();
        app.MapDangjianGraphQL();
        app.MapDangjianSessions();
        app.MapDangjianHealth();
        app.MapDangjianPermalinks();
        app.MapDangjianSearchExport();
        app.MapDangjianDirectiveUpload();
        app.MapDangjianWebApp();
        return app;
    }
}
