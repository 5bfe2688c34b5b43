using Dangjian.Api.GraphQL;
using Dangjian.Core.Access;
using Dangjian.Core.Documents;
using Dangjian.Core.Editorial;
using GraphQL;
using GraphQL.Types;

namespace Dangjian.Api.Features.Stories;

public sealed class StoryTransitionGraphType : ObjectGraphType<StoryTransition>
{
    public StoryTransitionGraphType()
    {
        Name = "StoryTransition";
        Description = "One step of a story through the editorial workflow.";
        Field<NonNullGraphType<StoryStatusGraphType>>("from").Description("The status before.").Resolve(c => c.Source.From);
        Field<NonNullGraphType<StoryStatusGraphType>>("to").Description("The status after.").Resolve(c => c.Source.To);
        Field(t => t.Action).Description("The step, e.g. APPROVE.");
        Field(t => t.By).Description("Who took it (the token's subject).");
        Field<NonNullGraphType<DateTimeType>>("at").Description("When.").Resolve(c => c.Source.At);
        Field(t => t.Note, nullable: true).Description("The note given with it.");
    }
}

public sealed class StoryRevisionGraphType : ObjectGraphType<RevisionView>
{
    public StoryRevisionGraphType()
    {
        Name = "StoryRevision";
        Description = "A stored version of a story: who changed what, when, and the story as it was then.";
        RevisionFields.Add(this);
        Field<NonNullGraphType<StoryGraphType>>("story").Description("The story as it was at this version.").Resolve(c => (Story)c.Source.Document);
    }
}

public static class RevisionFields
{
    public static void Add(ObjectGraphType<RevisionView> type)
    {
        type.Field<NonNullGraphType<IntGraphType>>("version").Description("The version this revision made.").Resolve(c => checked((int)c.Source.Version));
        type.Field<NonNullGraphType<DateTimeType>>("at").Description("When it was made.").Resolve(c => c.Source.At);
        type.Field(r => r.Actor).Description("Who made it (the token's subject).");
        type.Field(r => r.Action).Description("What kind of change it was, e.g. update, approve, import.");
        type.Field(r => r.Note, nullable: true).Description("The note given with it.");
        type.Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("changedFields")
            .Description("The fields that differ from the previous revision (all fields for the first).").Resolve(c => c.Source.ChangedFields);
    }

    /// <summary>
    /// Revisions show text as it was before publication, so only editors (and a branch, for what it submitted) see them.
    /// </summary>
    public static async Task<IReadOnlyList<RevisionView>> LoadAsync(IResolveFieldContext context, DocumentKind kind, string id, string? ownerOrganizationId)
    {
        var caller = context.Request().Caller;
        var allowed = caller.IsEditor || (caller.Role == Role.Branch && ownerOrganizationId is not null && caller.InScope(ownerOrganizationId));
        if (!allowed)
            return [];
        return RevisionHistory.Describe(await context.Request().Reader.Store.GetRevisionsAsync(kind, id, context.CancellationToken));
    }
}
