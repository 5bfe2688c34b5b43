using Dangjian.Api.GraphQL.Relay;
using Microsoft.Extensions.Options;

namespace Dangjian.Api.Features.Knowledge;

public sealed class PermalinkOptions
{
    public const string Section = "Dangjian:Permalinks";

    /// <summary>The public address permalinks start with, e.g. https://dangjian.example.org. Unset: the address the request came to.</summary>
    public string? PublicBaseUrl { get; set; }
}

/// <summary>Permalinks: /d/{global id}, one address per document and per directive section, stable as long as its id.</summary>
public sealed class Permalinks(IOptions<PermalinkOptions> options, IHttpContextAccessor http)
{
    public const string PathPrefix = "/d/";

    public string For(string typeName, string localId) => Base() + PathPrefix + Uri.EscapeDataString(GlobalId.Encode(typeName, localId));

    private string Base()
    {
        if (!string.IsNullOrWhiteSpace(options.Value.PublicBaseUrl))
            return options.Value.PublicBaseUrl.TrimEnd('/');
        var request = http.HttpContext?.Request;
        return request is null ? "http://localhost:5000" : $"{request.Scheme}://{request.Host}{request.PathBase}";
    }
}
