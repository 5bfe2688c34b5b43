using Dangjian.Core.Live;
using Dangjian.Core.Storage;
using Microsoft.Extensions.Options;

namespace Dangjian.Api.GraphQL.Subscriptions;

public static class SubscriptionRegistration
{
    /// <summary>The change notifier of this instance, the loop that feeds it from the store's change feed, and the per-client bounds.</summary>
    public static IHostApplicationBuilder AddDangjianSubscriptions(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<SubscriptionOptions>().Bind(builder.Configuration.GetSection(SubscriptionOptions.Section))
            .Validate(o => o.IsValid(), "Dangjian:Subscriptions: intervals, timeouts and limits must be positive.")
            .ValidateOnStart();
        services.AddSingleton(provider => new ChangeNotifier(provider.GetRequiredService<IDocumentStore>()));
        services.AddSingleton<SubscriptionBudget>();
        services.AddHostedService<ChangeFeedListening>();
        return builder;
    }
}

/// <summary>
/// Reads the store's change feed every <see cref="SubscriptionOptions.PollInterval"/> and hands changes to this
/// instance's subscribers. Events go out on these ticks, whatever work hidden changes cost in between. A failure (store
/// unreachable …) is logged and retried with a growing pause; the position is kept, so nothing is skipped.
/// </summary>
internal sealed class ChangeFeedListening(ChangeNotifier notifier, IOptions<SubscriptionOptions> options, TimeProvider time, ILogger<ChangeFeedListening> logger)
    : BackgroundService
{
    private static readonly TimeSpan MaxPause = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var pause = options.Value.PollInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var read = await notifier.PollAsync(stoppingToken);
                // Without subscribers a poll only notes where the feed ends: every instance and test host runs this
                // loop, so it idles at a tenth of the rate (a new subscriber may then see a change from just before it).
                pause = notifier.SubscriberCount == 0 ? options.Value.PollInterval * 10 : options.Value.PollInterval;
                if (read > 0)
                    continue;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                logger.LogError(e, "Reading the change feed for subscriptions failed after change {Sequence}; retrying in {Pause}", notifier.Position, pause);
                pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, MaxPause.Ticks));
            }
            try
            {
                await Task.Delay(pause, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }
}
