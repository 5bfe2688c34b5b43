using Dangjian.Core.Documents;
using Dangjian.Core.Reading;
using GraphQL.Types;

namespace Dangjian.Api.GraphQL.Relay;

/// <summary>Names connections after the node kind's plural (StoriesConnection, StoriesEdge), as HotChocolate does.</summary>
internal static class ConnectionNames
{
    public static string Plural(string typeName) =>
        typeName.EndsWith('y') ? typeName[..^1] + "ies" : typeName + "s";

    public static string PluralOf<T>() where T : Document => Plural(Kinds.Of<T>().TypeName);
}

public sealed class PageInfoType : ObjectGraphType<PageInfo>
{
    public PageInfoType()
    {
        Name = "PageInfo";
        Description = "Information about pagination in a connection.";
        Field(p => p.HasNextPage).Description("True when more items follow this page (paging forwards with `first`/`after`).");
        Field(p => p.HasPreviousPage).Description("True when more items precede this page (paging backwards with `last`/`before`).");
        Field(p => p.StartCursor, nullable: true).Description("The cursor of the first item on this page; pass it as `before` to page backwards.");
        Field(p => p.EndCursor, nullable: true).Description("The cursor of the last item on this page; pass it as `after` to page forwards.");
    }
}

public sealed class EdgeType<TNodeType, T> : ObjectGraphType<Edge<T>>
    where TNodeType : IGraphType
    where T : Document
{
    public EdgeType()
    {
        Name = ConnectionNames.PluralOf<T>() + "Edge";
        Description = $"An edge in a connection of {Kinds.Of<T>().TypeName} items.";
        Field<NonNullGraphType<StringGraphType>>("cursor").Description("An opaque cursor for this edge, for `after`/`before`.").Resolve(c => c.Source.Cursor);
        Field<NonNullGraphType<TNodeType>>("node").Description("The item at the end of the edge.").Resolve(c => c.Source.Node);
    }
}

public sealed class ConnectionType<TNodeType, T> : ObjectGraphType<Page<T>>
    where TNodeType : IGraphType
    where T : Document
{
    public ConnectionType()
    {
        Name = ConnectionNames.PluralOf<T>() + "Connection";
        Description = $"A page of {Kinds.Of<T>().TypeName} items with cursors, in the Relay connection shape.";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<EdgeType<TNodeType, T>>>>>("edges")
            .Description("The items on this page, each with its cursor.").Resolve(c => c.Source.Edges);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<TNodeType>>>>("nodes")
            .Description("The items on this page, without cursors.").Resolve(c => c.Source.Nodes);
        Field<NonNullGraphType<PageInfoType>>("pageInfo").Description("Where this page lies in the whole list.").Resolve(c => c.Source.PageInfo);
        Field<NonNullGraphType<IntGraphType>>("totalCount")
            .Description("How many items match the filter in all (counted only when asked for).")
            .ResolveAsync(async c => (object?)checked((int)await c.Source.CountAsync(c.CancellationToken)));
    }
}
