namespace Dangjian.Api.GraphQL.Subscriptions;

/// <summary>
/// Live subscriptions ("Dangjian:Subscriptions"), over WebSocket (graphql-transport-ws) and Server-Sent Events.
/// Every bound has a safe default; each refusal or close carries a code.
/// </summary>
public sealed class SubscriptionOptions
{
    public const string Section = "Dangjian:Subscriptions";

    /// <summary>How often this instance reads the store's change feed for subscribers (as the search indexer does).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>How often the server pings a WebSocket (a graphql-transport-ws `ping`) or writes an SSE comment, so that proxies keep the connection open.</summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>A WebSocket from which nothing (not even a `pong`) has arrived for this long is closed (4504): its client is gone.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a new WebSocket has to send `connection_init` (4408 after).</summary>
    public TimeSpan ConnectionInitTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Subscriptions one WebSocket may hold at once (TOO_MANY_SUBSCRIPTIONS beyond).</summary>
    public int MaxSubscriptionsPerConnection { get; set; } = 10;

    /// <summary>Subscriptions one client (token subject, else IP address) may hold at once on this instance, over all its connections.</summary>
    public int MaxSubscriptionsPerClient { get; set; } = 30;

    /// <summary>WebSockets one client may hold open at once on this instance.</summary>
    public int MaxConnectionsPerClient { get; set; } = 10;

    /// <summary>
    /// Events of one subscription accepted but not yet sent. A client that reads slower than events arrive reaches this
    /// and is dropped (WebSocket close 4503, SSE error SLOW_CONSUMER) rather than buffered without limit.
    /// </summary>
    public int MaxPendingEvents { get; set; } = 100;

    public bool IsValid() => PollInterval > TimeSpan.Zero && KeepAliveInterval > TimeSpan.Zero && IdleTimeout > TimeSpan.Zero
        && ConnectionInitTimeout > TimeSpan.Zero && MaxSubscriptionsPerConnection > 0 && MaxSubscriptionsPerClient > 0
        && MaxConnectionsPerClient > 0 && MaxPendingEvents > 0;
}
