using System.Threading.RateLimiting;
using Dangjian.Api.Auth;
using Dangjian.Api.GraphQL.Http;
using Microsoft.Extensions.Options;

namespace Dangjian.Api.Infrastructure;

public sealed class RateLimitOptions
{
    public const string Section = "Dangjian:RateLimit";

    public bool Enabled { get; set; } = true;

    /// <summary>Operations one client may run per window (a client is a token subject, else an IP address); a batch counts each of its operations.</summary>
    public int PermitsPerWindow { get; set; } = 600;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>
/// Per-client rate limiting of everything the API answers, counted in operations rather than HTTP requests: a
/// sliding window per token subject (or per IP for anonymous callers). Every request takes one permit on arrival,
/// before its body is read; a GraphQL batch then takes one more for each further operation, so ten batches of ten
/// cost what a hundred single requests do. A refusal is <see cref="RateLimitedError"/> (429 with Retry-After).
/// </summary>
public sealed class OperationRateLimiter : IDisposable
{
    private readonly RateLimitOptions _options;
    private readonly PartitionedRateLimiter<HttpContext>? _limiter;

    public OperationRateLimiter(IOptions<RateLimitOptions> options)
    {
        _options = options.Value;
        if (_options.Enabled)
        {
            _limiter = PartitionedRateLimiter.Create<HttpContext, string>(context => RateLimitPartition.GetSlidingWindowLimiter(ClientKey(context),
                _ => new SlidingWindowRateLimiterOptions
                {
                    PermitLimit = _options.PermitsPerWindow,
                    Window = _options.Window,
                    SegmentsPerWindow = 6,
                    QueueLimit = 0,
                }));
        }
    }

    /// <summary>Takes permits for <paramref name="operations"/> operations of this client's; a refusal when the window has too few left.</summary>
    public RateLimitedError? Acquire(HttpContext context, int operations)
    {
        if (_limiter is null || operations <= 0)
            return null;
        if (operations > _options.PermitsPerWindow)
            return new RateLimitedError(_options.Window);
        using var lease = _limiter.AttemptAcquire(context, operations);
        if (lease.IsAcquired)
            return null;
        return new RateLimitedError(lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : _options.Window / 6);
    }

    public void Dispose() => _limiter?.Dispose();

    /// <summary>The token's subject when a valid token was sent, else the caller's address.</summary>
    private static string ClientKey(HttpContext context) =>
        context.User.FindFirst(DangjianClaims.Subject)?.Value is { } subject
            ? "sub:" + subject
            : "ip:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
}

public static class RateLimiting
{
    public static IHostApplicationBuilder AddDangjianRateLimiting(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<RateLimitOptions>().Bind(builder.Configuration.GetSection(RateLimitOptions.Section))
            .Validate(o => o.PermitsPerWindow > 0 && o.Window > TimeSpan.Zero, "Dangjian:RateLimit needs a positive permit count and window.");
        builder.Services.AddSingleton<OperationRateLimiter>();
        return builder;
    }

    /// <summary>Marks an endpoint as limited per client (the API's endpoints; not health probes or the IDE's files).</summary>
    public static TBuilder RequireOperationRateLimit<TBuilder>(this TBuilder endpoint) where TBuilder : IEndpointConventionBuilder =>
        endpoint.WithMetadata(RateLimitedEndpoint.Instance);

    /// <summary>
    /// One permit for every request to a limited endpoint, taken before the endpoint reads anything, so that malformed
    /// and refused requests count too; GraphQL batches take the rest in the transport once their size is known.
    /// </summary>
    public static IApplicationBuilder UseDangjianRateLimiting(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (context.GetEndpoint()?.Metadata.GetMetadata<RateLimitedEndpoint>() is not null
                && context.RequestServices.GetRequiredService<OperationRateLimiter>().Acquire(context, 1) is { } refused)
            {
                await HttpErrors.WriteAsync(context, refused);
                return;
            }
            await next(context);
        });
}

internal sealed class RateLimitedEndpoint
{
    public static readonly RateLimitedEndpoint Instance = new();
}
