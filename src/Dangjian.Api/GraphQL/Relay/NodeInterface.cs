using GraphQL.Types;

namespace Dangjian.Api.GraphQL.Relay;

public sealed class NodeInterface : InterfaceGraphType
{
    public NodeInterface()
    {
        Name = "Node";
        Description = "An object with a globally unique, opaque and stable ID, fetchable with `node(id:)`.";
        Field<NonNullGraphType<IdGraphType>>("id").Description("The globally unique ID of the object.");
    }
}
