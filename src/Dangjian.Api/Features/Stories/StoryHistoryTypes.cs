using Dangjian.Api.GraphQL;
using Dangjian.Core.Documents;
using Dangjian.Core.Editorial;
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
        Field<NonNullGraphType<DocumentActionGraphType>>("action").Description("The step, e.g. APPROVE.").Resolve(c => DocumentActions.Parse(c.Source.Action));
        Field(t => t.By, nullable: true).Description("Who took it (the token's subject); null for callers other than editors and the submitting branch.");
        Field<NonNullGraphType<DateTimeType>>("at").Description("When.").Resolve(c => c.Source.At);
        Field(t => t.Note, nullable: true).Description("The note given with it; null for callers other than editors and the submitting branch.");
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
