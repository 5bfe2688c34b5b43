using Dangjian.Core.Editorial;

namespace Dangjian.Api.Infrastructure;

public static class EditorialRegistration
{
    /// <summary>The write side: one writer, and a service per kind that knows its rules and who may apply them.</summary>
    public static IHostApplicationBuilder AddDangjianEditorial(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<DocumentWriter>();
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
        return builder;
    }
}
