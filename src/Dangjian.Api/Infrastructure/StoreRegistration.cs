using Dangjian.Core.Access;
using Dangjian.Core.Reading;
using Dangjian.Core.Seeding;
using Dangjian.Core.Storage;
using Dangjian.Core.Storage.Mongo;
using Dangjian.Core.Storage.Sqlite;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Dangjian.Api.Infrastructure;

public static class StoreRegistration
{
    /// <summary>The store the configuration names, opened (and seeded when empty) before the server takes requests.</summary>
    public static IHostApplicationBuilder AddDangjianStore(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<DangjianOptions>().Bind(builder.Configuration.GetSection(DangjianOptions.Section));
        services.AddOptions<PagingOptions>().Bind(builder.Configuration.GetSection(PagingOptions.Section))
            .Validate(o => o.DefaultPageSize >= 1 && o.DefaultPageSize <= o.MaxPageSize, "Paging: need 1 ≤ DefaultPageSize ≤ MaxPageSize.");
        services.AddOptions<MongoStoreOptions>().Bind(builder.Configuration.GetSection(MongoStoreOptions.Section));
        services.AddOptions<SqliteStoreOptions>().Bind(builder.Configuration.GetSection(SqliteStoreOptions.Section))
            .PostConfigure<IOptions<DangjianOptions>>((sqlite, dangjian) =>
            {
                if (sqlite.DatabasePath.Length == 0)
                    sqlite.DatabasePath = Path.Combine(dangjian.Value.FullDataDirectory, "dangjian.db");
            })
            .Validate(o => o.DocumentCacheMB >= 0, "Sqlite: DocumentCacheMB must be 0 (keep none) or more.");
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IDocumentStore>(provider =>
        {
            var options = provider.GetRequiredService<IOptions<DangjianOptions>>().Value;
            return options.Store.ToLowerInvariant() switch
            {
                "sqlite" => new SqliteDocumentStore(
                    provider.GetRequiredService<IOptions<SqliteStoreOptions>>().Value,
                    provider.GetRequiredService<TimeProvider>()),
                "mongodb" => new MongoDocumentStore(
                    provider.GetRequiredService<IOptions<MongoStoreOptions>>().Value,
                    provider.GetRequiredService<TimeProvider>()),
                var other => throw new InvalidOperationException($"Dangjian:Store is '{other}'; use 'sqlite' or 'mongodb'."),
            };
        });
        services.AddSingleton<SeedLoader>();
        services.AddSingleton<StoreOpener>();
        services.AddSingleton<CallerFactory>();
        services.AddScoped(provider => provider.GetRequiredService<IOptions<PagingOptions>>().Value);
        services.AddScoped<DocumentReaders>();
        services.AddHostedService<StoreStartup>();
        services.AddHealthChecks().AddCheck<StoreHealthCheck>("store", tags: ["ready"]);
        return builder;
    }
}

/// <summary>
/// Opens the store and seeds an empty one: what the server does before it takes requests, and what a command that
/// writes does first (otherwise a first `import` into a new data folder would leave it unseeded for good, since only an
/// empty store is seeded).
/// </summary>
public sealed class StoreOpener(IDocumentStore store, SeedLoader seeder, IOptions<DangjianOptions> options, ILogger<StoreOpener> logger)
{
    public async Task OpenAsync(CancellationToken cancellationToken)
    {
        await store.InitializeAsync(cancellationToken);
        if (!options.Value.SeedOnStart)
            return;
        var seeded = await seeder.SeedIfEmptyAsync(options.Value.FullSeedDirectory, cancellationToken);
        if (seeded > 0)
            logger.LogInformation("Seeded an empty store with {Count} sample documents from {Directory}", seeded, options.Value.FullSeedDirectory);
    }
}

/// <summary>Opens the store before the server listens (hosted services start before Kestrel).</summary>
internal sealed class StoreStartup(StoreOpener opener) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => opener.OpenAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

internal sealed class StoreHealthCheck(IDocumentStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var sequence = await store.GetLastSequenceAsync(cancellationToken);
            return HealthCheckResult.Healthy("The store answers.", new Dictionary<string, object> { ["lastChange"] = sequence });
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("The store does not answer.", e);
        }
    }
}
