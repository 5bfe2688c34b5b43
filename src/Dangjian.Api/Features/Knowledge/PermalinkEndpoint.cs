using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dangjian.Api.Auth;
using Dangjian.Api.GraphQL.Http;
using Dangjian.Api.GraphQL.Relay;
using Dangjian.Api.Infrastructure;
using Dangjian.Api.Web;
using Dangjian.Core;
using Dangjian.Core.Documents;
using Dangjian.Core.Knowledge;
using Dangjian.Core.Reading;

namespace Dangjian.Api.Features.Knowledge;

/// <summary>
/// GET /d/{id}: one document or directive section at a stable address. Programs get JSON (the document, its
/// permalink and citations); a browser gets the reading room's document page.
/// What the caller may not see is 404, the same as what does not exist.
/// </summary>
public static class PermalinkEndpoint
{
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, WriteIndented = true };

    public static IEndpointRouteBuilder MapDangjianPermalinks(this IEndpointRouteBuilder app)
    {
        app.MapGet(Permalinks.PathPrefix + "{id}", HandleAsync).RequireOperationRateLimit();
        return app;
    }

    private static async Task HandleAsync(HttpContext http, string id)
    {
        var cancellationToken = http.RequestAborted;
        var caller = await http.ResolveCallerAsync(cancellationToken);
        if (!caller.IsSuccess)
        {
            await HttpErrors.WriteAsync(http, caller.Error!);
            return;
        }
        var decoded = GlobalId.Decode(id);
        var reader = http.RequestServices.GetRequiredService<DocumentReaders>().For(caller.Value);
        var page = decoded.IsSuccess ? await LoadAsync(http, reader, decoded.Value, cancellationToken) : null;
        var browser = WebApp.PrefersHtml(http.Request);
        if (page is null)
        {
            if (browser)
                await WebApp.ServeAppAsync(http, status: StatusCodes.Status404NotFound);
            else
                await HttpErrors.WriteAsync(http,
                    new Error(ErrorCodes.NotFound, "Nothing is published at this address, or you may not see it."));
            return;
        }
        if (browser)
        {
            // The reading room's document page, which loads the document through the API as the caller.
            await WebApp.ServeAppAsync(http, page.Title);
            return;
        }
        http.Response.ContentType = "application/json; charset=utf-8";
        await http.Response.WriteAsync(page.ToJson().ToJsonString(Json), cancellationToken);
    }

    private static async Task<PermalinkPage?> LoadAsync(HttpContext http, DocumentReader reader, GlobalId id, CancellationToken cancellationToken)
    {
        var links = http.RequestServices.GetRequiredService<Permalinks>();
        var url = links.For(id.TypeName, id.LocalId);
        async Task<string?> NameOfAsync(string? organizationId) => organizationId is null ? null
            : (await reader.GetAsync(Kinds.Organization, organizationId, cancellationToken))?.Name ?? Citations.Anonymous;
        if (id.TypeName == DirectiveSection.TypeName)
        {
            if (DirectiveSection.DirectiveIdOf(id.LocalId) is not { } directiveId
                || await reader.GetAsync(Kinds.Directive, directiveId, cancellationToken) is not { } directive
                || directive.Sections.FirstOrDefault(s => s.Id == id.LocalId) is not { } section)
                return null;
            var directiveUrl = links.For(Kinds.Directive.TypeName, directive.Id);
            return new PermalinkPage(id, url, Citations.SectionLabel(section.Number) + section.Heading,
                Citations.ForSection(directive, section, await NameOfAsync(directive.IssuerId) ?? Citations.Anonymous, url), Today(http),
                JsonSerializer.Serialize(new { id = GlobalId.Encode(DirectiveSection.TypeName, section.Id), section.Number, section.Heading, section.Body, directive = new { id = GlobalId.Encode(Kinds.Directive.TypeName, directive.Id), permalink = directiveUrl, directive.Title } }, Json));
        }
        if (Kinds.FromTypeName(id.TypeName) is not { } kind || await reader.GetAsync(kind, id.LocalId, cancellationToken) is not { } document)
            return null;
        // The document as the caller may see it: no links to hidden documents, no review notes; global ids, as GraphQL takes them.
        var visible = (await reader.RedactAsync([document], cancellationToken))[0];
        return new PermalinkPage(id, url, kind.TitleOf(document),
            kind.CitationOf(document, await NameOfAsync(kind.OrganizationOf(document)), url), Today(http), PublicJson.Serialize(visible));
    }

    private static DateOnly Today(HttpContext http) => ChinaTime.Day(http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow());

    /// <summary>One permalink's content for programs; browsers get the reading room's page with its title.</summary>
    private sealed record PermalinkPage(GlobalId Id, string Url, string Title, CitationSource Source, DateOnly Today, string DocumentJsonText)
    {
        public JsonObject ToJson() => new()
        {
            ["type"] = Id.TypeName,
            ["id"] = Id.ToString(),
            ["permalink"] = Url,
            ["citations"] = new JsonObject
            {
                ["GB_T_7714"] = Citations.Format(Source, CitationStyle.GbT7714, Today),
                ["APA"] = Citations.Format(Source, CitationStyle.Apa, Today),
            },
            [Id.TypeName == DirectiveSection.TypeName ? "section" : "document"] = JsonNode.Parse(DocumentJsonText),
        };
    }
}
