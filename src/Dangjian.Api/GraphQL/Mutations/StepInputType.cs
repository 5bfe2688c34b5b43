using GraphQL.Types;

namespace Dangjian.Api.GraphQL.Mutations;

/// <summary>
/// The input of a workflow step on an existing document: which document, the version the client read, and a note
/// for the record. Each mutation gets its own named input (HotChocolate's convention), built from this.
/// </summary>
public abstract class StepInputType : InputObjectGraphType
{
    protected StepInputType(string name, string documentType, string description, bool withNote = true)
    {
        Name = name;
        Description = description;
        Field<NonNullGraphType<IdGraphType>>("id").Description($"The {documentType}'s ID.");
        Field<NonNullGraphType<IntGraphType>>("expectedVersion")
            .Description("The version you read. If the document changed since, nothing is written and you get a VersionConflictError.");
        if (withNote)
            Field<StringGraphType>("note").Description("Why, for the record (kept in the revision and the audit log).");
    }
}

public static class InputFields
{
    /// <summary>
    /// A field that a create input requires and an update input leaves optional ("leave as it is"): the same name,
    /// type and description either way, so the two inputs cannot drift apart.
    /// </summary>
    public static void Content<TScalar>(this InputObjectGraphType type, string name, bool required, string description)
        where TScalar : IGraphType =>
        type.Field(name, required ? typeof(NonNullGraphType<TScalar>) : typeof(TScalar)).Description(description);
}
