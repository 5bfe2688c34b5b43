using System.Net;
using System.Text;
using Microsoft.Extensions.FileProviders;

namespace Dangjian.Api.Web;

/// <summary>
/// The web application built from web/ (see the project file): the reading room at / and its routes, and the GraphiQL
/// IDE that /graphql shows to browsers. Both are compiled into the executable, with their scripts and styles under
/// /assets/ (file names carry a content hash, so they are cached for good; the pages are not cached).
/// </summary>
public static class WebApp
{
    public static readonly IFileProvider Assets = new EmbeddedFileProvider(typeof(WebApp).Assembly, "Dangjian.Api.web");

    /// <summary>The reading room's own routes besides /d/{id} (which the permalink endpoint shares with programs); router.tsx has the same list.</summary>
    private static readonly string[] Routes = ["/", "/statistics", "/timeline", "/d/{id}/coverage", "/signin", "/desk", "/desk/story/{id}", "/branch", "/branch/story/new", "/branch/story/{id}", "/branch/activity/new", "/desk/import", "/desk/audit"];

    private const string AppTitle = "党建文献阅览室";

    private static readonly Lazy<string?> AppPage = new(() => Read("index.html"));

    /// <summary>
    /// Only /assets/ is served as files: the pages themselves go through their routes, so that the IDE's page is
    /// shown only where introspection is on and the app's page carries its status and title.
    /// </summary>
    public static IApplicationBuilder UseDangjianWebAssets(this IApplicationBuilder app) =>
        app.UseWhen(context => context.Request.Path.StartsWithSegments("/assets", StringComparison.Ordinal),
            assets => assets.UseStaticFiles(new StaticFileOptions
            {
                FileProvider = Assets,
                OnPrepareResponse = context => context.Context.Response.Headers.CacheControl = "public, max-age=31536000, immutable",
            }));

    public static IEndpointRouteBuilder MapDangjianWebApp(this IEndpointRouteBuilder app)
    {
        foreach (var route in Routes)
            app.MapGet(route, (HttpContext http) => ServeAppAsync(http)).ExcludeFromDescription();
        return app;
    }

    /// <summary>The reading room's page; the app reads the route and loads what it shows. A title, when known, is set here for link previews.</summary>
    public static async Task ServeAppAsync(HttpContext http, string? title = null, int status = StatusCodes.Status200OK)
    {
        var page = AppPage.Value;
        if (page is null)
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        if (title is not null)
            page = page.Replace($"<title>{AppTitle}</title>", $"<title>{WebUtility.HtmlEncode(title)} · {AppTitle}</title>", StringComparison.Ordinal);
        http.Response.StatusCode = status;
        http.Response.ContentType = "text/html; charset=utf-8";
        http.Response.Headers.CacheControl = "no-cache";
        await http.Response.WriteAsync(page, http.RequestAborted);
    }

    /// <summary>Whether a GET comes from a browser navigating (it asks for HTML before JSON).</summary>
    public static bool PrefersHtml(HttpRequest request)
    {
        var accept = request.GetTypedHeaders().Accept;
        var html = accept.FirstOrDefault(a => a.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase));
        var json = accept.FirstOrDefault(a => a.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase));
        return html is not null && (json is null || (html.Quality ?? 1) > (json.Quality ?? 1));
    }

    private static string? Read(string path)
    {
        var file = Assets.GetFileInfo(path);
        if (!file.Exists)
            return null;
        using var stream = file.CreateReadStream();
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
