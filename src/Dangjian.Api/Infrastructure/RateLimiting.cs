using System.Globalization;
using System.Text.Json;
using System.Threading.RateLimiting;
using Dangjian.Api.Auth;
using Microsoft.Extensions.Options;

namespace Dangjian.Api.Infrastructure;

public sealed class RateLimitOptions
{
    public const string Section = "Dangjian:RateLimit";

    public bool Enabled { get; set; } = true;

    /// <summary>Requests one client may make per window (a client is a token subject, else an IP address).</summary>
    public int PermitsPerWindow { get; set; } = 600;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>
/// Per-client rate limiting of the GraphQL endpoint with ASP.NET Core's limiter: a sliding window per token subject
/// (or per IP for anonymous callers), answering 429 with Retry-After when a client exceeds it.
/// </summary>
public static class RateLimiting
{
    public const string GraphQLPolicy = "graphql";

    public static IHostApplicationBuilder AddDangjianRateLimiting(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<RateLimitOptions>().Bind(builder.Configuration.GetSection(RateLimitOptions.Section))
            .Validate(o => o.PermitsPerWindow > 0 && o.Window > TimeSpan.Zero, "Dangjian:RateLimit needs a positive permit count and window.");
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(GraphQLPolicy, context =>
            {
                var options = context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;
                if (!options.Enabled)
                    return RateLimitPartition.GetNoLimiter("off");
                return RateLimitPartition.GetSlidingWindowLimiter(ClientKey(context), _ => new SlidingWindowRateLimiterOptions
                {
                    PermitLimit = options.PermitsPerWindow,
                    Window = options.Window,
                    SegmentsPerWindow = 6,
                    QueueLimit = 0,
                });
            });
            limiter.OnRejected = async (rejected, cancellationToken) =>
            {
                var response = rejected.HttpContext.Response;
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(10);
                response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                response.ContentType = "application/json; charset=utf-8";
                await JsonSerializer.SerializeAsync(response.Body, new
                {
                    errors = new[] { new { message = $"Too many requests; try again in {response.Headers.RetryAfter} s.", extensions = new { code = "RATE_LIMITED" } } },
                    extensions = new { requestId = rejected.HttpContext.TraceIdentifier },
                }, cancellationToken: cancellationToken);
            };
        });
        return builder;
    }

    /// <summary>The token's subject when a valid token was sent, else the caller's address.</summary>
    private static string ClientKey(HttpContext context) =>
        context.User.FindFirst(DangjianClaims.Subject)?.Value is { } subject
            ? "sub:" + subject
            : "ip:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
}
