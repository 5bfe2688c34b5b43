namespace Dangjian.Api.Cli;

public static class CliRegistration
{
    public static IHostApplicationBuilder AddDangjianCommands(this IHostApplicationBuilder builder)
    {
        builder.Services.AddTransient<ICliCommand, SchemaCommand>();
        builder.Services.AddTransient<ICliCommand, TokenCommand>();
        builder.Services.AddTransient<ICliCommand, ReindexCommand>();
        builder.Services.AddTransient<ICliCommand, CheckCommand>();
        builder.Services.AddTransient<ICliCommand, ImportCommand>();
        builder.Services.AddTransient<ICliCommand, ExportCommand>();
        builder.Services.AddTransient<ICliCommand, RestoreCommand>();
        return builder;
    }
}
