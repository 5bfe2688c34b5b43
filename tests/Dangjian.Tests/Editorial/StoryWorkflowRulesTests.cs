using Dangjian.Core;
using Dangjian.Core.Access;
using Dangjian.Core.Documents;
using Dangjian.Core.Editorial;

namespace Dangjian.Tests.Editorial;

/// <summary>The story workflow's table, without a server: every action from every status, for each role.</summary>
public sealed class StoryWorkflowRulesTests
{
    private static readonly DateTimeOffset Now = new(2020, 2, 10, 9, 0, 0, TimeSpan.FromHours(8));
    private static readonly Caller Editor = new("editor-zhao", Role.Editor);
    private static readonly Caller OwnBranch = new("branch-wang", Role.Branch, "o1", new HashSet<string> { "o1" });
    private static readonly Caller OtherBranch = new("branch-li", Role.Branch, "o2", new HashSet<string> { "o2" });

    private static Story StoryIn(StoryStatus status) => new()
    {
        Id = "s1",
        Title = "故事",
        Body = "正文",
        SubmittingOrganizationId = "o1",
        SubmittedAt = Now.AddDays(-3),
        Status = status,
        Featured = status == StoryStatus.Published,
    };

    [Fact]
    public void Each_action_moves_exactly_one_status_to_another_and_refuses_the_rest()
    {
        foreach (var (action, step) in StoryWorkflow.Steps)
        {
            foreach (var status in Enum.GetValues<StoryStatus>())
            {
                var result = StoryWorkflow.Apply(StoryIn(status), action, Editor, null, Now);
                if (status == step.From)
                    Assert.Equal(step.To, result.Value.Status);
                else
                    Assert.Equal(ErrorCodes.ForbiddenTransition, result.Error!.Code);
            }
        }
    }

    [Fact]
    public void Only_resubmit_is_a_branch_step_and_only_for_its_own_story()
    {
        foreach (var (action, step) in StoryWorkflow.Steps)
        {
            var own = StoryWorkflow.Apply(StoryIn(step.From), action, OwnBranch, null, Now);
            var other = StoryWorkflow.Apply(StoryIn(step.From), action, OtherBranch, null, Now);
            if (action == StoryAction.Resubmit)
                Assert.Equal(step.To, own.Value.Status);
            else
                Assert.Equal(ErrorCodes.Forbidden, own.Error!.Code);
            Assert.Equal(ErrorCodes.Forbidden, other.Error!.Code);
            Assert.Equal(ErrorCodes.Forbidden, StoryWorkflow.Apply(StoryIn(step.From), action, Caller.Anonymous, null, Now).Error!.Code);
        }
    }

    [Fact]
    public void A_step_is_recorded_with_who_when_and_why_and_publishing_stamps_the_date()
    {
        var published = StoryWorkflow.Apply(StoryIn(StoryStatus.Approved), StoryAction.Publish, Editor, "可以发布", Now).Value;
        var archived = StoryWorkflow.Apply(published, StoryAction.Archive, Editor, null, Now.AddDays(1)).Value;

        Assert.Equal(Now, published.PublishedAt);
        Assert.Equal(new StoryTransition(StoryStatus.Approved, StoryStatus.Published, "PUBLISH", "editor-zhao", Now, "可以发布"), Assert.Single(published.Transitions));
        Assert.Equal(2, archived.Transitions.Count);
        Assert.Equal(Now, archived.PublishedAt); // archiving keeps when it was published
        Assert.False(archived.Featured); // only a published story is featured
    }

    [Fact]
    public void The_allowed_actions_are_exactly_those_Apply_would_take()
    {
        Caller[] callers = [Editor, OwnBranch, OtherBranch, Caller.Anonymous];
        foreach (var status in Enum.GetValues<StoryStatus>())
        {
            foreach (var caller in callers)
            {
                var story = StoryIn(status);
                var works = StoryWorkflow.Steps.Keys.Where(a => StoryWorkflow.Apply(story, a, caller, null, Now).IsSuccess).Order();
                Assert.Equal(works, StoryWorkflow.AllowedActions(story, caller));
            }
        }
        Assert.Equal([StoryAction.RequestChanges, StoryAction.Approve, StoryAction.Reject], StoryWorkflow.AllowedActions(StoryIn(StoryStatus.InReview), Editor));
        Assert.Equal([StoryAction.Resubmit], StoryWorkflow.AllowedActions(StoryIn(StoryStatus.ChangesRequested), OwnBranch));
        Assert.Empty(StoryWorkflow.AllowedActions(StoryIn(StoryStatus.ChangesRequested), OtherBranch));
    }

    [Fact]
    public void Only_an_editor_may_feature_and_only_a_published_story()
    {
        foreach (var status in Enum.GetValues<StoryStatus>())
        {
            Assert.Equal(status == StoryStatus.Published, StoryWorkflow.MayFeature(StoryIn(status), Editor));
            Assert.False(StoryWorkflow.MayFeature(StoryIn(status), OwnBranch));
            Assert.False(StoryWorkflow.MayFeature(StoryIn(status), Caller.Anonymous));
        }
    }
}
