using Dangjian.Api.GraphQL.Filtering;
using Dangjian.Core.Documents;
using Dangjian.Core.Reading;
using Dangjian.Core.Storage;
using GraphQL;
using GraphQL.Types;
using Microsoft.Extensions.Options;

namespace Dangjian.Api.GraphQL.Relay;

public static class ConnectionFields
{
    /// <summary>
    /// Adds a connection field (first/after/last/before, where, order) over <typeparamref name="T"/>, limited to
    /// <paramref name="scope"/> when given (e.g. "the stories of this organisation"). Visibility is added below.
    /// </summary>
    public static void Connection<TSource, TNodeType, T>(this ObjectGraphType<TSource> type, string name, string description,
        Func<IResolveFieldContext<TSource>, Filter?>? scope = null)
        where TNodeType : IGraphType
        where T : Document
    {
        type.Connection<TSource, TNodeType, T, NamedAfterKind<T>>(name, description, scope);
    }

    /// <summary>As above, with the connection's and edge's types named by <typeparamref name="TName"/> (after the field).</summary>
    public static void Connection<TSource, TNodeType, T, TName>(this ObjectGraphType<TSource> type, string name, string description,
        Func<IResolveFieldContext<TSource>, Filter?>? scope = null)
        where TNodeType : IGraphType
        where T : Document
        where TName : IConnectionName
    {
        // HotChocolate names a connection after its field: a field not named as its kind's plural needs its own name type.
        if (ConnectionNames.OfField(name) != TName.Prefix)
            throw new InvalidOperationException($"{type.Name}.{name}: HotChocolate would name its connection {ConnectionNames.OfField(name)}Connection, not {TName.Prefix}Connection; pass an IConnectionName.");
        var kind = Kinds.Of<T>();
        type.Field<ConnectionType<TNodeType, T, TName>>(name)
            .Description(description)
            .Argument<IntGraphType>("first", "Return the first n items (default 20, at most 100).")
            .Argument<StringGraphType>("after", "Return items after this cursor.")
            .Argument<IntGraphType>("last", "Return the last n items (at most 100).")
            .Argument<StringGraphType>("before", "Return items before this cursor.")
            .Argument<DocumentFilterInputType<T>>("where", "Only items matching these conditions.")
            .Argument<ListGraphType<NonNullGraphType<DocumentSortInputType<T>>>>("order", "The order of the items; the default is oldest first.")
            .ResolveAsync(async context =>
            {
                var parsed = FilterParser.Parse(kind, context.GetArgument<object?>("where"));
                if (!parsed.IsSuccess)
                    return context.Fail(parsed.Error!);
                // Conditions through relations read the linked kind's matching ids (as this caller may see them) first.
                var maxMatches = context.RequestServices!.GetRequiredService<IOptions<GraphQLOptions>>().Value.MaxRelationFilterMatches;
                var where = await context.Request().Reader.ResolveRelationsAsync(kind, parsed.Value, maxMatches, context.CancellationToken);
                if (!where.IsSuccess)
                    return context.Fail(where.Error!);
                var order = FilterParser.ParseOrder(kind, context.GetArgument<object?>("order"));
                if (!order.IsSuccess)
                    return context.Fail(order.Error!);
                var request = new PageRequest
                {
                    First = context.GetArgument<int?>("first"),
                    After = context.GetArgument<string?>("after"),
                    Last = context.GetArgument<int?>("last"),
                    Before = context.GetArgument<string?>("before"),
                    Where = where.Value,
                    Order = order.Value.Count > 0 ? order.Value : DefaultOrder,
                    // The field and, below a document, that document: another list's cursor is refused here.
                    Connection = $"{context.ParentType.Name}.{context.FieldDefinition.Name}" + (context.Source is Document parent ? ":" + parent.Id : ""),
                };
                var page = await context.Request().Reader.PageAsync(kind, request, scope?.Invoke(context), context.CancellationToken);
                return page.IsSuccess ? page.Value : context.Fail(page.Error!);
            });
    }

    /// <summary>Oldest first, like a HotChocolate list over a MongoDB collection with no order given.</summary>
    private static readonly IReadOnlyList<SortField> DefaultOrder = [new SortField("createdAt", SortDirection.Ascending)];
}
