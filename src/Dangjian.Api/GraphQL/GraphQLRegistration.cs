using System.Text.Encodings.Web;
using Dangjian.Api.GraphQL.Operations;
using GraphQL;
using GraphQL.MicrosoftDI;
using GraphQL.Validation.Complexity;
using GraphQL.Validation.Rules.Custom;
using Dangjian.Api.GraphQL.Http;
using Dangjian.Api.GraphQL.Limits;
using GraphQL.Execution;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Dangjian.Api.GraphQL;

public static class GraphQLRegistration
{
    public static IHostApplicationBuilder AddDangjianGraphQL(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<GraphQLOptions>().Bind(builder.Configuration.GetSection(GraphQLOptions.Section))
            .Validate(o => o.MaxBodyBytes > 0 && o.MaxQueryLength > 0 && o.MaxBatchSize > 0 && o.MaxDepth > 0 && o.MaxComplexity > 0 && o.MaxAliases >= 0
                     && o.MaxResponseBytes > 0 && o.AutomaticPersistedQueryCacheSize >= 0 && o.MaxRelationFilterMatches > 0,
                "Dangjian:GraphQL limits must be positive.")
            .ValidateOnStart();
        builder.Services.AddSingleton<OperationCatalog>();
        builder.Services.AddSingleton<AutomaticPersistedQueries>();
        builder.Services.AddSingleton<GraphQLTransportServices>();
        builder.Services.AddSingleton<GraphQLHttpTransport>();
        builder.Services.AddSingleton<GraphQLSseTransport>();
        builder.Services.AddSingleton<GraphQLWebSocketTransport>();
        builder.Services.AddSingleton(services => new ValidatedDocuments(services.GetRequiredService<IOptions<GraphQLOptions>>().Value.ValidatedDocumentCacheSize));
        // Added to each request's rules by the transport (not with AddComplexityAnalyzer), so that it also runs on
        // documents validated before: their page sizes may come from this request's variables. Depth is MaxDepthRule's
        // and introspection is IntrospectionDepthRule's: the standard introspection query weighs millions by list sizes
        // that introspection does not have.
        builder.Services.AddSingleton(services =>
        {
            var limits = services.GetRequiredService<IOptions<GraphQLOptions>>().Value;
            var complexity = new ComplexityOptions { MaxComplexity = limits.MaxComplexity };
            var impact = complexity.DefaultComplexityImpactDelegate;
            complexity.DefaultComplexityImpactDelegate = context => context.FieldAst.Name.Value.Span is "__schema" or "__type"
                ? new FieldComplexityResult(0, 0)
                : impact(context);
            return new ComplexityValidationRule(complexity);
        });
        builder.Services.AddGraphQL(graphQL => graphQL
            // Graph types are created on demand, so adding a type to a feature folder needs no registration.
            .AddSchema(provider => new DangjianSchema(new SelfActivatingServiceProvider(provider)))
            // Chinese text stays readable in responses instead of \uXXXX escapes.
            .AddSystemTextJson(json => json.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping)
            .AddErrorInfoProvider<ErrorShaping>()
            .AddExecutionStrategy<Subscriptions.PerEventSubscriptionExecutionStrategy>(GraphQLParser.AST.OperationType.Subscription)
            .UsePersistedDocuments<OperationCatalog>(global::GraphQL.DI.ServiceLifetime.Singleton, (persisted, services) =>
                persisted.AllowOnlyPersistedDocuments = services.GetRequiredService<IOptions<GraphQLOptions>>().Value.PersistedOperationsOnly)
            .ConfigureExecutionOptions(options =>
            {
                var services = options.RequestServices!;
                options.Timeout = services.GetRequiredService<IOptions<GraphQLOptions>>().Value.ExecutionTimeout;
                var logger = services.GetRequiredService<ILogger<DangjianSchema>>();
                var requestId = services.GetService<IHttpContextAccessor>()?.HttpContext?.TraceIdentifier;
                options.UnhandledExceptionDelegate = context =>
                {
                    logger.LogError(context.OriginalException, "Unhandled error in GraphQL request {RequestId}", requestId);
                    context.ErrorMessage = $"An internal error occurred; it has been logged with request id {requestId}.";
                    return Task.CompletedTask;
                };
            }));
        // The parser's nesting limit answered as MAX_DEPTH, not as an internal error.
        builder.Services.Replace(ServiceDescriptor.Singleton<IDocumentBuilder, BoundedDocumentBuilder>());
        builder.Services.AddHttpContextAccessor();
        return builder;
    }
}
