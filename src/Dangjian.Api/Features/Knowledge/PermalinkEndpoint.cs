using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dangjian.Api.Auth;
using Dangjian.Api.GraphQL.Http;
using Dangjian.Api.GraphQL.Relay;
using Dangjian.Api.Infrastructure;
using Dangjian.Core;
using Dangjian.Core.Documents;
using Dangjian.Core.Editorial;
using Dangjian.Core.Knowledge;
using Dangjian.Core.Reading;
using Dangjian.Core.Storage;

namespace Dangjian.Api.Features.Knowledge;

/// <summary>
/// GET /d/{id}: one document or directive section at a stable address. Programs get JSON (the document, its
/// permalink and citations); a browser gets a readable page, with the original text for imported directives.
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
        if (page is null)
        {
            await HttpErrors.WriteAsync(http,
                new Error(ErrorCodes.NotFound, "Nothing is published at this address, or you may not see it."));
            return;
        }
        if (PrefersHtml(http.Request))
        {
            http.Response.ContentType = "text/html; charset=utf-8";
            await http.Response.WriteAsync(page.ToHtml(), cancellationToken);
        }
        else
        {
            http.Response.ContentType = "application/json; charset=utf-8";
            await http.Response.WriteAsync(page.ToJson().ToJsonString(Json), cancellationToken);
        }
    }

    private static bool PrefersHtml(HttpRequest request)
    {
        var accept = request.GetTypedHeaders().Accept;
        var html = accept.FirstOrDefault(a => a.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase));
        var json = accept.FirstOrDefault(a => a.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase));
        return html is not null && (json is null || (html.Quality ?? 1) > (json.Quality ?? 1));
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
            {
                var issuer = await NameOfAsync(directive.IssuerId);
                return new PermalinkPage("Directive", id, url, directive.Title, Citations.ForDirective(directive, issuer, url), Today(http),
                    [("发文机关 Issuer", issuer), ("文号 Number", directive.DocumentNumber), ("成文日期 Issued", Iso(directive.IssuedOn)),
                     ("主送 Addressees", string.Join("、", directive.Addressees)), ("状态 Status", EnumNames.ToConstant(directive.Status))],
                    [("", directive.Preamble), .. directive.Sections.Select(s => (Citations.SectionLabel(s.Number) + s.Heading, s.Body))],
                    directive.Original?.Text, DocumentJson.Serialize(directive), null);
            }
            case "DirectiveSection" when DirectiveSection.DirectiveIdOf(id.LocalId) is { } directiveId
                && await reader.GetAsync(Kinds.Directive, directiveId, cancellationToken) is { } directive
                && directive.Sections.FirstOrDefault(s => s.Id == id.LocalId) is { } section:
            {
                var issuer = await NameOfAsync(directive.IssuerId);
                var directiveUrl = links.For("Directive", directive.Id);
                return new PermalinkPage("DirectiveSection", id, url, Citations.SectionLabel(section.Number) + section.Heading,
                    Citations.ForSection(directive, section, issuer, url), Today(http),
                    [("出自 In", directive.Title), ("发文机关 Issuer", issuer), ("成文日期 Issued", Iso(directive.IssuedOn))],
                    [("", section.Body)], null,
                    JsonSerializer.Serialize(new { section.Id, section.Number, section.Heading, section.Body, directive = new { id = GlobalId.Encode("Directive", directive.Id), permalink = directiveUrl, directive.Title } }, Json),
                    directiveUrl);
            }
            case "Story" when await reader.GetAsync(Kinds.Story, id.LocalId, cancellationToken) is { } story:
            {
                var organization = await NameOfAsync(story.SubmittingOrganizationId);
                var html = http.RequestServices.GetRequiredService<MarkdownRenderer>().ToSafeHtml(story.Body);
                return new PermalinkPage("Story", id, url, story.Title, Citations.ForStory(story, organization, url), Today(http),
                    [("报送单位 Submitted by", organization), ("人物 People", string.Join("、", story.People)), ("状态 Status", EnumNames.ToConstant(story.Status))],
                    [("", story.Summary)], null, DocumentJson.Serialize(story), null, html);
            }
            case "ActivityLog" when await reader.GetAsync(Kinds.ActivityLog, id.LocalId, cancellationToken) is { } log:
            {
                var organization = await NameOfAsync(log.OrganizationId);
                return new PermalinkPage("ActivityLog", id, url, log.Title, Citations.ForActivityLog(log, organization, url), Today(http),
                    [("组织 Organization", organization), ("时间 When", log.OccurredAt.ToString("yyyy-MM-dd HH:mm zzz", CultureInfo.InvariantCulture)),
                     ("地点 Place", log.Place), ("人数 Participants", log.ParticipantCount.ToString(CultureInfo.InvariantCulture))],
                    [("", log.Summary)], null, DocumentJson.Serialize(log), null);
            }
            case "StudyMaterial" when await reader.GetAsync(Kinds.StudyMaterial, id.LocalId, cancellationToken) is { } material:
                return new PermalinkPage("StudyMaterial", id, url, material.Title, Citations.ForStudyMaterial(material, url), Today(http),
                    [("来源 Source", material.Source), ("发布日期 Published", Iso(material.PublishedOn))],
                    [("", material.Summary), ("", material.Body)], null, DocumentJson.Serialize(material), null);
            case "Organization" when await reader.GetAsync(Kinds.Organization, id.LocalId, cancellationToken) is { } organization:
                return new PermalinkPage("Organization", id, url, organization.Name, Citations.ForOrganization(organization, url), Today(http),
                    [("类型 Kind", EnumNames.ToConstant(organization.Kind)), ("单位 Unit", organization.Unit), ("系统 Sector", organization.Sector),
                     ("成立 Established", organization.EstablishedOn is { } e ? Iso(e) : null), ("撤销 Dissolved", organization.DissolvedOn is { } d ? Iso(d) : null)],
                    [], null, DocumentJson.Serialize(organization), null);
            default:
                return null;
        }
    }

    private static DateOnly Today(HttpContext http) =>
        DateOnly.FromDateTime(http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow().ToOffset(TimeSpan.FromHours(8)).DateTime);

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>One permalink's content, rendered as JSON or HTML. Everything from the store is HTML-encoded except the sanitised story body.</summary>
    private sealed record PermalinkPage(
        string Type, GlobalId Id, string Url, string Title, CitationSource Source, DateOnly Today,
        IReadOnlyList<(string Label, string? Value)> Facts,
        IReadOnlyList<(string Heading, string Text)> Parts,
        string? OriginalText, string DocumentJsonText, string? ParentUrl, string? SafeBodyHtml = null)
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

        public string ToHtml()
        {
            static string E(string? text) => WebUtility.HtmlEncode(text ?? "");
            var html = new StringBuilder();
            html.Append("<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .Append("<title>").Append(E(Title)).Append("</title>")
                .Append("<style>body{font-family:system-ui,'Noto Sans CJK SC',sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;line-height:1.8}")
                .Append("dt{font-weight:600}pre{white-space:pre-wrap;background:#f6f6f6;padding:1rem}.cite{background:#f3f6fa;padding:.75rem;border-left:3px solid #b22}</style></head><body>")
                .Append("<p>").Append(E(Type)).Append("</p><h1>").Append(E(Title)).Append("</h1><dl>");
            foreach (var (label, value) in Facts.Where(f => !string.IsNullOrEmpty(f.Value)))
                html.Append("<dt>").Append(E(label)).Append("</dt><dd>").Append(E(value)).Append("</dd>");
            html.Append("</dl>");
            if (ParentUrl is not null)
                html.Append("<p><a href=\"").Append(E(ParentUrl)).Append("\">全文 Whole directive</a></p>");
            foreach (var (heading, text) in Parts.Where(p => !string.IsNullOrEmpty(p.Text) || !string.IsNullOrEmpty(p.Heading)))
            {
                if (!string.IsNullOrEmpty(heading))
                    html.Append("<h2>").Append(E(heading)).Append("</h2>");
                html.Append("<p>").Append(E(text)).Append("</p>");
            }
            if (SafeBodyHtml is not null)
                html.Append("<article>").Append(SafeBodyHtml).Append("</article>");
            html.Append("<h2>引用 Cite</h2><p class=\"cite\">").Append(E(Citations.Format(Source, CitationStyle.GbT7714, Today))).Append("</p>")
                .Append("<p class=\"cite\">").Append(E(Citations.Format(Source, CitationStyle.Apa, Today))).Append("</p>");
            if (OriginalText is not null)
                html.Append("<h2>原文 Original text</h2><pre>").Append(E(OriginalText)).Append("</pre>");
            html.Append("<p><a href=\"").Append(E(Url)).Append("\">").Append(E(Url)).Append("</a></p></body></html>");
            return html.ToString();
        }
    }
}
