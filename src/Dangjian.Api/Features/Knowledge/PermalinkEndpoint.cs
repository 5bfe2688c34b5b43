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
using Dangjian.Core.Storage;

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
        var reader = new DocumentReader(http.RequestServices.GetRequiredService<IDocumentStore>(), caller.Value,
            http.RequestServices.GetRequiredService<PagingOptions>());
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
        async Task<string> NameOfAsync(string organizationId) =>
            (await reader.GetAsync(Kinds.Organization, organizationId, cancellationToken))?.Name ?? "佚名";
        switch (id.TypeName)
        {
            case "Directive" when await reader.GetAsync(Kinds.Directive, id.LocalId, cancellationToken) is { } directive:
                return new PermalinkPage("Directive", id, url, directive.Title,
                    Citations.ForDirective(directive, await NameOfAsync(directive.IssuerId), url), Today(http), DocumentJson.Serialize(directive));
            case "DirectiveSection" when DirectiveSection.DirectiveIdOf(id.LocalId) is { } directiveId
                && await reader.GetAsync(Kinds.Directive, directiveId, cancellationToken) is { } directive
                && directive.Sections.FirstOrDefault(s => s.Id == id.LocalId) is { } section:
            {
                var directiveUrl = links.For("Directive", directive.Id);
                return new PermalinkPage("DirectiveSection", id, url, Citations.SectionLabel(section.Number) + section.Heading,
                    Citations.ForSection(directive, section, await NameOfAsync(directive.IssuerId), url), Today(http),
                    JsonSerializer.Serialize(new { section.Id, section.Number, section.Heading, section.Body, directive = new { id = GlobalId.Encode("Directive", directive.Id), permalink = directiveUrl, directive.Title } }, Json));
            }
            case "Story" when await reader.GetAsync(Kinds.Story, id.LocalId, cancellationToken) is { } story:
                return new PermalinkPage("Story", id, url, story.Title,
                    Citations.ForStory(story, await NameOfAsync(story.SubmittingOrganizationId), url), Today(http), DocumentJson.Serialize(story));
            case "ActivityLog" when await reader.GetAsync(Kinds.ActivityLog, id.LocalId, cancellationToken) is { } log:
                return new PermalinkPage("ActivityLog", id, url, log.Title,
                    Citations.ForActivityLog(log, await NameOfAsync(log.OrganizationId), url), Today(http), DocumentJson.Serialize(log));
            case "StudyMaterial" when await reader.GetAsync(Kinds.StudyMaterial, id.LocalId, cancellationToken) is { } material:
                return new PermalinkPage("StudyMaterial", id, url, material.Title, Citations.ForStudyMaterial(material, url), Today(http),
                    DocumentJson.Serialize(material));
            case "Organization" when await reader.GetAsync(Kinds.Organization, id.LocalId, cancellationToken) is { } organization:
                return new PermalinkPage("Organization", id, url, organization.Name, Citations.ForOrganization(organization, url), Today(http),
                    DocumentJson.Serialize(organization));
            default:
                return null;
        }
    }

    private static DateOnly Today(HttpContext http) =>
        DateOnly.FromDateTime(http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow().ToOffset(TimeSpan.FromHours(8)).DateTime);

    /// <summary>One permalink's content for programs; browsers get the reading room's page with its title.</summary>
    private sealed record PermalinkPage(string Type, GlobalId Id, string Url, string Title, CitationSource Source, DateOnly Today, string DocumentJsonText)
    {
        public JsonObject ToJson() => new()
        {
            ["type"] = Type,
            ["id"] = Id.ToString(),
            ["permalink"] = Url,
            ["citations"] = new JsonObject
            {
                ["GB_T_7714"] = Citations.Format(Source, CitationStyle.GbT7714, Today),
                ["APA"] = Citations.Format(Source, CitationStyle.Apa, Today),
            },
            [Type == "DirectiveSection" ? "section" : "document"] = JsonNode.Parse(DocumentJsonText),
        };
    }
}
