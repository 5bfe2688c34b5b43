using Dangjian.Api.GraphQL.Relay;
using Dangjian.Core.Documents;
using GraphQL.Types;

namespace Dangjian.Api.GraphQL;

public static class DocumentFields
{
    /// <summary>The fields every document type has: its global id (it is a Node), version and times.</summary>
    public static void AddDocumentFields<T>(this ObjectGraphType<T> type) where T : Document
    {
        var typeName = Kinds.Of<T>().TypeName;
        type.Interface<NodeInterface>();
        type.Field<NonNullGraphType<IdGraphType>>("id")
            .Description("The globally unique, opaque ID.")
            .Resolve(c => GlobalId.Encode(typeName, c.Source.Id));
        type.Field<NonNullGraphType<IntGraphType>>("version")
            .Description("Grows by one on every change; updates send the version they read, so no edit is lost.")
            .Resolve(c => checked((int)c.Source.Version));
        type.Field<NonNullGraphType<DateTimeType>>("createdAt").Description("When the document was first stored.").Resolve(c => c.Source.CreatedAt);
        type.Field<NonNullGraphType<DateTimeType>>("updatedAt").Description("When the document last changed.").Resolve(c => c.Source.UpdatedAt);
    }
}
