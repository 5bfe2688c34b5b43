using Dangjian.Api.Features.Directives;
using Dangjian.Api.GraphQL;
using Dangjian.Api.GraphQL.Loading;
using Dangjian.Api.GraphQL.Relay;
using Dangjian.Core;
using Dangjian.Core.Documents;
using GraphQL;
using GraphQL.DataLoader;
using GraphQL.Types;

namespace Dangjian.Api.Features.Nodes;

public static class NodeQueries
{
    public const int MaxIds = 100;

    public static void Add(ObjectGraphType query)
    {
        query.Field<NodeInterface>("node")
            .Description("Fetches any object by its global ID; null when it does not exist or you may not see it.")
            .Argument<NonNullGraphType<IdGraphType>>("id", "A global ID returned by this API.")
            .Resolve(c =>
            {
                var result = Load(c, c.GetArgument<string>("id"));
                return result.IsSuccess ? result.Value : c.Fail(result.Error!.WithPath("id"));
            });
        query.Field<NonNullGraphType<ListGraphType<NodeInterface>>>("nodes")
            .Description($"Fetches objects by their global IDs (at most {MaxIds}), in the order given; null for each one that does not exist or you may not see.")
            .Argument<NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>>("ids", "Global IDs returned by this API.")
            .Resolve(c =>
            {
                var ids = c.GetArgument<List<string>>("ids");
                // The list itself is non-null: errors are reported and the list stays empty or holds nulls.
                if (ids.Count > MaxIds)
                {
                    c.Fail(new Error(ErrorCodes.InvalidId, $"Ask for at most {MaxIds} ids at once, not {ids.Count}.", ["ids"]));
                    return Array.Empty<object?>();
                }
                var results = new List<IDataLoaderResult<object?>>(ids.Count);
                foreach (var id in ids)
                {
                    var result = Load(c, id);
                    if (result.IsSuccess)
                    {
                        results.Add(result.Value);
                        continue;
                    }
                    c.Fail(result.Error!.WithPath("ids"));
                    results.Add(LoaderResults.Null<object?>());
                }
                return new AllResults(results);
            });
    }

    private static Result<IDataLoaderResult<object?>> Load(IResolveFieldContext context, string id)
    {
        var decoded = GlobalId.Decode(id);
        if (!decoded.IsSuccess)
            return decoded.Error!;
        var (typeName, localId) = decoded.Value;
        var request = context.Request();
        IDataLoaderResult<object?>? pending = Kinds.FromTypeName(typeName) is { } kind
            ? request.Load(kind, localId).Then(d => (object?)d)
            : typeName == DirectiveSection.TypeName ? context.LoadSection(localId).Then(s => (object?)s)
            : null;
        return pending is null
            ? new Error(ErrorCodes.InvalidId, $"'{id}' is not the ID of anything this API serves.")
            : Result<IDataLoaderResult<object?>>.Success(pending);
    }

    private sealed class AllResults(IReadOnlyList<IDataLoaderResult<object?>> parts) : IDataLoaderResult<IReadOnlyList<object?>>
    {
        public async Task<IReadOnlyList<object?>> GetResultAsync(CancellationToken cancellationToken = default)
        {
            var values = new object?[parts.Count];
            for (var i = 0; i < parts.Count; i++)
                values[i] = await parts[i].GetResultAsync(cancellationToken);
            return values;
        }

        async Task<object?> IDataLoaderResult.GetResultAsync(CancellationToken cancellationToken) => await GetResultAsync(cancellationToken);
    }
}
