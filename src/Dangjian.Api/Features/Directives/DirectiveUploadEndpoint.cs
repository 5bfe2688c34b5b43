using System.Text.Encodings.Web;
using System.Text.Json;
using Dangjian.Api.Auth;
using Dangjian.Api.GraphQL.Http;
using Dangjian.Api.GraphQL.Relay;
using Dangjian.Api.Infrastructure;
using Dangjian.Core.Editorial;
using Dangjian.Core.Access;
using Dangjian.Core.Documents;
using Dangjian.Core.Importing;

namespace Dangjian.Api.Features.Directives;

/// <summary>
/// <c>POST /import/directive?name=FILE&amp;mode=preview|draft|publish[&amp;issuedOn=yyyy-MM-dd]</c>, the body being the file itself (.txt, .docx or
/// .pdf): the file's text extracted and parsed, with the importer's warnings, and — unless mode is preview — imported.
/// Editors only, with a bearer token or the web app's session cookie and its antiforgery token, like every other
/// state-changing request.
/// </summary>
/// <remarks>
/// A separate endpoint rather than the GraphQL multipart request spec: /graphql accepts only JSON, which no HTML form of
/// another site can send without a CORS preflight (multipart/form-data can be), and keeps its 512 KB body bound for every
/// operation; a file needs a larger bound (Dangjian:Import:MaxFileBytes) for this one route only. The body is the file,
/// not a multipart form, so there is no form parser in the way and nothing to bound but its length. The web page saves a
/// previewed import through the importDirective mutation with the text this endpoint returned, so the file is sent once.
/// </remarks>
public static class DirectiveUploadEndpoint
{
    public const string Path = "/import/directive";

    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static IEndpointRouteBuilder MapDangjianDirectiveUpload(this IEndpointRouteBuilder app)
    {
        app.MapPost(Path, HandleAsync).RequireOperationRateLimit();
        return app;
    }

    private static async Task HandleAsync(HttpContext http)
    {
        var cancellationToken = http.RequestAborted;
        var caller = await http.ResolveCallerAsync(cancellationToken);
        if (!caller.IsSuccess)
        {
            await HttpErrors.WriteAsync(http, caller.Error!);
            return;
        }
        // Who may import is checked before a byte of the file is read.
        if (Permissions.RequireEditor(caller.Value, "import directives") is { } denied)
        {
            await HttpErrors.WriteAsync(http, denied);
            return;
        }
        var mode = http.Request.Query["mode"].ToString() is { Length: > 0 } m ? m : "preview";
        if (mode is not ("preview" or "draft" or "publish"))
        {
            await HttpErrors.WriteAsync(http, new InvalidRequestError("mode must be preview, draft or publish."));
            return;
        }
        var name = http.Request.Query["name"].ToString();
        if (name.Length > InputRules.MaxTitle || name.Any(char.IsControl))
        {
            await HttpErrors.WriteAsync(http, new InvalidRequestError($"name must be a file name of at most {InputRules.MaxTitle} characters."));
            return;
        }
        DateOnly? issuedOn = null;
        if (http.Request.Query["issuedOn"].ToString() is { Length: > 0 } issuedText)
        {
            if (!DateOnly.TryParseExact(issuedText, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var day))
            {
                await HttpErrors.WriteAsync(http, new InvalidRequestError("issuedOn must be a date written yyyy-MM-dd."));
                return;
            }
            issuedOn = day;
        }
        var reader = http.RequestServices.GetRequiredService<SourceFileReader>();
        if (http.Request.ContentLength > reader.Options.MaxFileBytes)
        {
            await HttpErrors.WriteAsync(http, new RequestTooLargeError(reader.Options.MaxFileBytes));
            return;
        }
        var read = await reader.ReadAsync(http.Request.Body, name.Length > 0 ? name : null, cancellationToken);
        if (!read.IsSuccess)
        {
            await HttpErrors.WriteAsync(http, read.Error!);
            return;
        }
        var extracted = read.Value;
        var importer = http.RequestServices.GetRequiredService<DirectiveImporter>();
        var request = new ImportRequest(extracted.Text) { SourceName = name.Length > 0 ? name : null, Publish = mode == "publish", IssuedOn = issuedOn };
        var prepared = await importer.PrepareAsync(request, importer.OrganizationsNamedAsync, cancellationToken);
        if (!prepared.IsSuccess)
        {
            await HttpErrors.WriteAsync(http, prepared.Error!);
            return;
        }
        var earlier = await importer.FindEarlierAsync(extracted.Text, cancellationToken);
        object? saved = null;
        if (mode != "preview")
        {
            var imported = await importer.ImportAsync(caller.Value, request, cancellationToken);
            if (!imported.IsSuccess)
            {
                await HttpErrors.WriteAsync(http, imported.Error!);
                return;
            }
            var directive = imported.Value.Directive;
            saved = new
            {
                id = GlobalId.Encode(nameof(Directive), directive.Id),
                status = EnumNames.ToConstant(directive.Status),
                imported.Value.AlreadyImported,
                match = imported.Value.Match is { } match ? EnumNames.ToConstant(match) : null,
            };
        }
        http.Response.ContentType = "application/json; charset=utf-8";
        await JsonSerializer.SerializeAsync(http.Response.Body, Answer(mode, extracted, prepared.Value, earlier, saved), Json, cancellationToken);
    }

    private static object Answer(string mode, ExtractedText extracted, PreparedImport prepared, EarlierImport? earlier, object? saved)
    {
        var d = prepared.Directive;
        return new
        {
            mode,
            file = new { format = extracted.Format.ToString().ToUpperInvariant(), extracted.ReadAs },
            text = extracted.Text,
            directive = new
            {
                d.Title,
                documentType = EnumNames.ToConstant(d.DocumentType),
                issuer = new { name = prepared.IssuerName, id = prepared.NewIssuer is null ? GlobalId.Encode(nameof(Organization), d.IssuerId) : null, isNew = prepared.NewIssuer is not null },
                d.DocumentNumber,
                d.Addressees,
                issuedOn = d.IssuedOn.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                d.Preamble,
                sections = d.Sections.Select(s => new { s.Number, s.Heading, s.Body }),
                d.Closing,
                contact = new { d.Contact.Emails, d.Contact.Phones, d.Contact.Text },
                d.Attachments,
            },
            warnings = prepared.Warnings.Select(w => new { w.Code, w.Message, w.Line }),
            alreadyImported = earlier is null ? null : new
            {
                id = GlobalId.Encode(nameof(Directive), earlier.Directive.Id),
                earlier.Directive.Title,
                match = EnumNames.ToConstant(earlier.Match),
            },
            saved,
        };
    }
}
