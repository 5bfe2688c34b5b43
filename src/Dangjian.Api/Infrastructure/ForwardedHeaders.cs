using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace Dangjian.Api.Infrastructure;

/// <summary>
/// The reverse proxies whose X-Forwarded-For and X-Forwarded-Proto are believed ("Dangjian:ForwardedHeaders"). None by
/// default: without a proxy in front, anyone could name any address in the header and so escape the per-address rate
/// limit, or spend another client's.
/// </summary>
public sealed class ForwardedHeadersSettings
{
    public const string Section = "Dangjian:ForwardedHeaders";

    /// <summary>Addresses of trusted proxies, e.g. 172.30.0.10 (the compose deployment's HAProxy).</summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Networks of trusted proxies in CIDR notation, e.g. 10.0.0.0/8.</summary>
    public string[] KnownNetworks { get; set; } = [];

    /// <summary>
    /// How many proxies' entries are read from the right of X-Forwarded-For: 1 for one proxy in front. An entry added
    /// by the client itself is further left and is never read, unless a trusted proxy stands there.
    /// </summary>
    public int ForwardLimit { get; set; } = 1;

    public bool Enabled => KnownProxies.Length > 0 || KnownNetworks.Length > 0;

    /// <summary>Entries that are not an address or a network; the start stops on them rather than trusting less (or more) than meant.</summary>
    public IEnumerable<string> Invalid() =>
        KnownProxies.Where(p => !IPAddress.TryParse(p, out _)).Concat(KnownNetworks.Where(n => !System.Net.IPNetwork.TryParse(n, out _)));
}

public static class ForwardedHeadersRegistration
{
    public static IHostApplicationBuilder AddDangjianForwardedHeaders(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ForwardedHeadersSettings>().Bind(builder.Configuration.GetSection(ForwardedHeadersSettings.Section))
            .Validate(o => !o.Invalid().Any(), "Dangjian:ForwardedHeaders: KnownProxies must be IP addresses and KnownNetworks CIDR networks (10.0.0.0/8).")
            .Validate(o => o.ForwardLimit is >= 1 and <= 10, "Dangjian:ForwardedHeaders:ForwardLimit must be 1 to 10.")
            .ValidateOnStart();
        builder.Services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ForwardedHeadersSettings>>((forwarded, settings) =>
        {
            // Host is not taken from the proxy: permalinks have their own configured public address.
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            forwarded.ForwardLimit = settings.Value.ForwardLimit;
            // The framework trusts loopback by default; here only what the configuration names is trusted.
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var proxy in settings.Value.KnownProxies)
                forwarded.KnownProxies.Add(IPAddress.Parse(proxy));
            foreach (var network in settings.Value.KnownNetworks)
                forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
        });
        return builder;
    }

    /// <summary>
    /// The client's own address (and scheme) from a trusted proxy's headers, before anything reads it (the rate limit,
    /// the subscription limits, the logs). Not installed at all when no proxy is configured: the framework's
    /// middleware with empty lists would believe every sender.
    /// </summary>
    public static IApplicationBuilder UseDangjianForwardedHeaders(this IApplicationBuilder app)
    {
        if (app.ApplicationServices.GetRequiredService<IOptions<ForwardedHeadersSettings>>().Value.Enabled)
            app.UseForwardedHeaders();
        return app;
    }
}
