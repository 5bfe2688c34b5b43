using Microsoft.Extensions.FileProviders;
using Dangjian.Api.Auth;
using Dangjian.Api.Cli;
using Dangjian.Api.GraphQL;
using Dangjian.Api.GraphQL.Http;
using Dangjian.Api.Infrastructure;

namespace Dangjian.Api;

/// <summary>Each area registers itself; Program.cs only chooses between serving and running a command.</summary>
public static class DangjianHost
{
    /// <summary>The GraphiQL page and its scripts, embedded in the executable (see the project file).</summary>
    public static readonly IFileProvider IdeAssets = new EmbeddedFileProvider(typeof(DangjianHost).Assembly, "Dangjian.Api.wwwroot");

    public static WebApplicationBuilder AddDangjian(this WebApplicationBuilder builder)
    {
        builder.AddDangjianStore();
        builder.AddDangjianSearch();
        builder.AddDangjianAuth();
        builder.AddDangjianGraphQL();
        builder.AddDangjianCommands();
        return builder;
    }

    public static WebApplication UseDangjian(this WebApplication app)
    {
        app.UseStaticFiles(new StaticFileOptions { FileProvider = IdeAssets });
        app.UseAuthentication();
        app.MapDangjianGraphQL();
        app.MapDangjianHealth();
        app.MapGet("/", () => Results.Redirect(GraphQLHttpEndpoint.Path)).ExcludeFromDescription();
        return app;
    }
}
