using Dangjian.Core.Documents;
using GraphQL.Types;

namespace Dangjian.Api.Features.Stories;

/// <summary>A story that may be the same as another one (a repost), and how similar the two are.</summary>
public sealed record PossibleDuplicate(Story Story, double Similarity);

public sealed class PossibleDuplicateGraphType : ObjectGraphType<PossibleDuplicate>
{
    public PossibleDuplicateGraphType()
    {
        Name = "PossibleDuplicate";
        Description = "Another story that may be the same as this one (a repost, the same text submitted again with a few words changed), for an editor to compare.";
        Field<NonNullGraphType<StoryGraphType>>("story").Description("The other story.").Resolve(c => c.Source.Story);
        Field<NonNullGraphType<FloatGraphType>>("similarity")
            .Description("How much of the two texts is the same, from 0.5 to 1: the Jaccard index of their sets of three-character shingles over letters and digits (punctuation, spaces, Markdown and full-width forms ignored). 1 means the same text.")
            .Resolve(c => Math.Round(c.Source.Similarity, 3));
    }
}
