using Dangjian.Core.Documents;
using Dangjian.Core.Reading;
using GraphQL.Types;

namespace Dangjian.Api.GraphQL.Relay;

/// <summary>
/// What a connection's types are called: HotChocolate names a connection after its field (<c>stories</c> →
/// StoriesConnection and StoriesEdge, <c>children</c> → ChildrenConnection), so fields of one name share one type.
/// A type parameter, because GraphQL.NET knows a graph type by its CLR type: two names need two CLR types.
/// </summary>
public interface IConnectionName
{
    /// <summary>The field's name with a capital, the prefix of the connection's and the edge's type names.</summary>
    static abstract string Prefix { get; }
}

/// <summary>A connection whose field is named as the plural of its kind (stories, activityLogs): StoriesConnection.</summary>
public sealed class NamedAfterKind<T> : IConnectionName where T : Document
{
    public static string Prefix => ConnectionNames.PluralOf<T>();
}

/// <summary><c>Organization.children</c>: ChildrenConnection, ChildrenEdge.</summary>
public sealed class ChildrenConnectionName : IConnectionName
{
    public static string Prefix => "Children";
}

internal static class ConnectionNames
{
    public static string Plural(string typeName) =>
        typeName.EndsWith('y') ? typeName[..^1] + "ies" : typeName + "s";

    public static string PluralOf<T>() where T : Document => Plural(Kinds.Of<T>().TypeName);

    /// <summary>The prefix HotChocolate gives the connection of a field: the field's name with a capital.</summary>
    public static string OfField(string fieldName) => char.ToUpperInvariant(fieldName[0]) + fieldName[1..];
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

public sealed class EdgeType<TNodeType, T, TName> : ObjectGraphType<Edge<T>>
    where TNodeType : IGraphType
    where T : Document
    where TName : IConnectionName
{
    public EdgeType()
    {
        Name = TName.Prefix + "Edge";
        Description = $"An edge in a connection of {Kinds.Of<T>().TypeName} items.";
        Field<NonNullGraphType<StringGraphType>>("cursor").Description("An opaque cursor for this edge, for `after`/`before`.").Resolve(c => c.Source.Cursor);
        Field<NonNullGraphType<TNodeType>>("node").Description("The item at the end of the edge.").Resolve(c => c.Source.Node);
    }
}

public sealed class ConnectionType<TNodeType, T, TName> : ObjectGraphType<Page<T>>
    where TNodeType : IGraphType
    where T : Document
    where TName : IConnectionName
{
    public ConnectionType()
    {
        Name = TName.Prefix + "Connection";
        Description = $"A page of {Kinds.Of<T>().TypeName} items with cursors, in the Relay connection shape.";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<EdgeType<TNodeType, T, TName>>>>>("edges")
            .Description("The items on this page, each with its cursor.").Resolve(c => c.Source.Edges);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<TNodeType>>>>("nodes")
            .Description("The items on this page, without cursors.").Resolve(c => c.Source.Nodes);
        Field<NonNullGraphType<PageInfoType>>("pageInfo").Description("Where this page lies in the whole list.").Resolve(c => c.Source.PageInfo);
        Field<NonNullGraphType<IntGraphType>>("totalCount")
            .Description("How many items match the filter in all (counted only when asked for).")
            .ResolveAsync(async c => (object?)checked((int)await c.Source.CountAsync(c.CancellationToken)));
    }
}
