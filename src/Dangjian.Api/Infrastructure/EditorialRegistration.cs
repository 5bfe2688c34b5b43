using Dangjian.Core.Editorial;
using Dangjian.Core.Importing;
using Microsoft.Extensions.Options;

namespace Dangjian.Api.Infrastructure;

public static class EditorialRegistration
{
    /// <summary>The write side: one writer, and a service per kind that knows its rules and who may apply them.</summary>
    public static IHostApplicationBuilder AddDangjianEditorial(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        // The one write path reports each commit's sequence to the operation that made it: a mutation's consistency
        // token. Only the writer's view of the store is wrapped; the container still owns (and disposes) the store.
        services.AddSingleton(provider => new DocumentWriter(
            new CommitTrackingStore(provider.GetRequiredService<Dangjian.Core.Storage.IDocumentStore>(), provider.GetRequiredService<CommitTracker>()),
            provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton<StoryService>();
        services.AddSingleton<DirectiveService>();
        services.AddSingleton<StudyMaterialService>();
        services.AddSingleton<ActivityLogService>();
        services.AddSingleton<OrganizationService>();
        services.AddSingleton<MarkdownRenderer>();
        services.AddSingleton<Dangjian.Core.Knowledge.CoverageService>();
        services.AddSingleton<Dangjian.Core.Knowledge.StatisticsService>();
        services.AddSingleton<Dangjian.Core.Knowledge.TimelineService>();
        services.AddOptions<Features.Knowledge.PermalinkOptions>().Bind(builder.Configuration.GetSection(Features.Knowledge.PermalinkOptions.Section));
        services.AddSingleton<Features.Knowledge.Permalinks>();
        services.AddOptions<Features.Search.SearchExportOptions>().Bind(builder.Configuration.GetSection(Features.Search.SearchExportOptions.Section));
        services.AddOptions<ImportOptions>().Bind(builder.Configuration.GetSection(ImportOptions.Section))
            .Validate(o => o.MaxBytes > 0, "Dangjian:Import:MaxBytes must be a positive number of bytes.")
            .Validate(o => o.MaxFileBytes > 0 && o.MaxExpandedBytes > 0 && o.MaxArchiveEntries > 0 && o.MaxPdfPages > 0,
                "Dangjian:Import:MaxFileBytes, MaxExpandedBytes, MaxArchiveEntries and MaxPdfPages must be positive.")
            .Validate(o => o.BatchSize is >= 1 and <= ImportOptions.MaxBatchSize && o.BatchMaxBytes > 0,
                $"Dangjian:Import:BatchSize must be 1 to {ImportOptions.MaxBatchSize} files, and BatchMaxBytes a positive number of bytes.")
            // A wrong setting stops the start, naming itself, rather than the first import hours later.
            .ValidateOnStart();
        services.AddSingleton(provider => provider.GetRequiredService<IOptions<ImportOptions>>().Value);
        services.AddSingleton<DirectiveImporter>();
        services.AddSingleton<SourceFileReader>();
        return builder;
    }
}
