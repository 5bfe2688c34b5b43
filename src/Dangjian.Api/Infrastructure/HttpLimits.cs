using Dangjian.Api.GraphQL.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace Dangjian.Api.Infrastructure;

/// <summary>Limits on the request line and headers of every request ("Dangjian:Http").</summary>
public sealed class HttpLimitOptions
{
    public const string Section = "Dangjian:Http";

    /// <summary>Longest URL, path and query string (414 URI_TOO_LONG beyond): a GET query must fit.</summary>
    public int MaxUrlLength { get; set; } = 8 * 1024;

    /// <summary>Most bytes of request headers together (431 HEADERS_TOO_LARGE beyond).</summary>
    public int MaxHeaderBytes { get; set; } = 32 * 1024;

    /// <summary>
    /// Kestrel refuses what exceeds its own limits with an empty body, before any application code runs; it is given
    /// this many times ours, so that everything between is refused here with a coded body. Only beyond that does a
    /// client get Kestrel's bare 414/431.
    /// </summary>
    public const int KestrelHeadroom = 4;
}

public static class HttpLimits
{
    public static WebApplicationBuilder AddDangjianHttpLimits(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<HttpLimitOptions>().Bind(builder.Configuration.GetSection(HttpLimitOptions.Section))
            .Validate(o => o.MaxUrlLength > 0 && o.MaxHeaderBytes > 0, "Dangjian:Http limits must be positive.")
            .ValidateOnStart();
        builder.Services.AddOptions<KestrelServerOptions>().Configure<IOptions<HttpLimitOptions>>((kestrel, options) =>
        {
            var limits = options.Value;
            kestrel.Limits.MaxRequestLineSize = Math.Max(kestrel.Limits.MaxRequestLineSize, limits.MaxUrlLength * HttpLimitOptions.KestrelHeadroom);
            kestrel.Limits.MaxRequestHeadersTotalSize = Math.Max(kestrel.Limits.MaxRequestHeadersTotalSize, limits.MaxHeaderBytes * HttpLimitOptions.KestrelHeadroom);
            kestrel.Limits.Http2.MaxRequestHeaderFieldSize = Math.Max(kestrel.Limits.Http2.MaxRequestHeaderFieldSize, limits.MaxHeaderBytes * HttpLimitOptions.KestrelHeadroom);
        });
        return builder;
    }

    /// <summary>Refuses an over-long URL (414) or header block (431) with a coded body, before anything else reads the request.</summary>
    public static IApplicationBuilder UseDangjianHttpLimits(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var limits = context.RequestServices.GetRequiredService<IOptions<HttpLimitOptions>>().Value;
            var request = context.Request;
            var urlLength = request.PathBase.Value?.Length + request.Path.Value?.Length + request.QueryString.Value?.Length ?? 0;
            if (urlLength > limits.MaxUrlLength)
            {
                await HttpErrors.WriteAsync(context, new UriTooLongError(limits.MaxUrlLength));
                return;
            }
            if (HeaderBytes(request.Headers) > limits.MaxHeaderBytes)
            {
                await HttpErrors.WriteAsync(context, new HeadersTooLargeError(limits.MaxHeaderBytes));
                return;
            }
            await next(context);
        });

    /// <summary>Headers as they were sent: "name: value" and a line end each, as Kestrel counts them.</summary>
    private static long HeaderBytes(IHeaderDictionary headers)
    {
        long total = 0;
        foreach (var (name, values) in headers)
        {
            foreach (var value in values)
                total += name.Length + 4 + (value?.Length ?? 0);
        }
        return total;
    }
}
