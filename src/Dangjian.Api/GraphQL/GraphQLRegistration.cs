using System.Text.Encodings.Web;
using GraphQL;
using GraphQL.MicrosoftDI;

namespace Dangjian.Api.GraphQL;

public static class GraphQLRegistration
{
    public static IHostApplicationBuilder AddDangjianGraphQL(this IHostApplicationBuilder builder)
    {
        builder.Services.AddGraphQL(graphQL => graphQL
            // Graph types are created on demand, so adding a type to a feature folder needs no registration.
            .AddSchema(provider => new DangjianSchema(new SelfActivatingServiceProvider(provider)))
            // Chinese text stays readable in responses instead of \uXXXX escapes.
            .AddSystemTextJson(json => json.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping)
            .AddErrorInfoProvider(options =>
            {
                options.ExposeExceptionDetails = false;
                options.ExposeCode = true;
                options.ExposeCodes = false;
                options.ExposeData = true;
            })
            .ConfigureExecutionOptions(options =>
            {
                var logger = options.RequestServices!.GetRequiredService<ILogger<DangjianSchema>>();
                options.UnhandledExceptionDelegate = context =>
                {
                    logger.LogError(context.OriginalException, "Unhandled error while executing a GraphQL request");
                    context.ErrorMessage = "An internal error occurred; it has been logged.";
                    return Task.CompletedTask;
                };
            }));
        return builder;
    }
}
