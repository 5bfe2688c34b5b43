using GraphQL;
using GraphQL.Introspection;
using GraphQL.Resolvers;
using GraphQL.Types;

namespace Dangjian.Api.GraphQL;

/// <summary>
/// What GraphQL.NET 8's introspection types lack for the standard query of graphql-js (as GraphiQL, GraphQL Code
/// Generator, Apollo and Postman send it with all options): `__Type.specifiedByURL` and `includeDeprecated` on
/// `__Directive.args`. The rest (`isRepeatable`, deprecated arguments and input fields, `isOneOf`) are schema
/// features switched on in <see cref="DangjianSchema"/>.
/// </summary>
public static class StandardIntrospection
{
    /// <summary>Metadata key of a scalar's specification URL, shown as `specifiedByURL`.</summary>
    public const string SpecifiedByUrl = "specifiedByURL";

    public static void Complete(IGraphType type)
    {
        switch (type)
        {
            case __Type typeType when !typeType.HasField("specifiedByURL"):
                typeType.Field<StringGraphType>("specifiedByURL")
                    .Description("A URL of the specification of a custom scalar's format (null for other types).")
                    .Resolve(context => context.Source is ScalarGraphType scalar ? scalar.GetMetadata<string?>(SpecifiedByUrl) : null);
                break;
            case __Directive directiveType when directiveType.GetField("args") is { Arguments: null } args:
                args.Arguments = new QueryArguments(new QueryArgument<BooleanGraphType> { Name = "includeDeprecated", DefaultValue = false });
                var all = args.Resolver!;
                args.Resolver = new FuncFieldResolver<object?>(context => WithoutDeprecatedAsync(all, context));
                break;
        }
    }

    private static async ValueTask<object?> WithoutDeprecatedAsync(IFieldResolver all, IResolveFieldContext context)
    {
        var arguments = await all.ResolveAsync(context).ConfigureAwait(false);
        return context.GetArgument("includeDeprecated", false) || arguments is not IEnumerable<QueryArgument> list
            ? arguments
            : list.Where(a => string.IsNullOrWhiteSpace(a.DeprecationReason)).ToList();
    }
}
