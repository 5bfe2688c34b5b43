using Dangjian.Core.Access;
using Dangjian.Core.Documents;
using Dangjian.Core.Editorial;
using GraphQL;
using GraphQL.Types;

namespace Dangjian.Api.GraphQL;

/// <summary>The fields every revision type has (stories, directives), and loading a document's revisions as the caller may read them.</summary>
public static class RevisionFields
{
    public static void Add(ObjectGraphType<RevisionView> type)
    {
        type.Field<NonNullGraphType<IntGraphType>>("version").Description("The version this revision made.").Resolve(c => checked((int)c.Source.Version));
        type.Field<NonNullGraphType<DateTimeType>>("at").Description("When it was made.").Resolve(c => c.Source.At);
        type.Field(r => r.Actor).Description("Who made it (the token's subject).");
        type.Field<NonNullGraphType<DocumentActionGraphType>>("action").Description("What kind of change it was, e.g. UPDATE, APPROVE, IMPORT.")
            .Resolve(c => DocumentActions.Parse(c.Source.Action));
        type.Field(r => r.Note, nullable: true).Description("The note given with it.");
        type.Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("changedFields")
            .Description("The fields that differ from the previous revision (all fields for the first).").Resolve(c => c.Source.ChangedFields);
    }

    /// <summary>The document's revisions as the caller may read them (<see cref="Permissions.CanReadRevisions"/>).</summary>
    public static async Task<IReadOnlyList<RevisionView>> LoadAsync(IResolveFieldContext context, Document document) =>
        RevisionHistory.Describe(await context.Request().Reader.GetRevisionsAsync(document, context.CancellationToken));
}
