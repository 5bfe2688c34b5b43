using Dangjian.Core;
using Dangjian.Core.Access;
using Dangjian.Core.Documents;
using Dangjian.Core.Storage;

namespace Dangjian.Tests.Access;

/// <summary>The rules in Access/, without a server: who sees what, and who may do what. The HTTP tests check the same through the API.</summary>
public sealed class AccessRulesTests
{
    private static readonly Caller Reader = Caller.Anonymous;
    private static readonly Caller SignedInReader = new("reader-li", Role.Reader);
    private static readonly Caller Branch = new("branch-wang", Role.Branch, "o1", new HashSet<string> { "o1", "o1a" });
    private static readonly Caller Editor = new("editor-zhao", Role.Editor);
    private static readonly Caller Admin = new("admin-qian", Role.Admin);

    private static Story StoryOf(string organizationId, StoryStatus status) => new()
    {
        Id = $"{organizationId}-{status}",
        Title = "故事",
        Body = "正文",
        SubmittingOrganizationId = organizationId,
        SubmittedAt = DateTimeOffset.UnixEpoch,
        Status = status,
    };

    private static Directive DirectiveOf(DirectiveStatus status) => new()
    {
        Id = $"d-{status}",
        Title = "通知",
        IssuerId = "o1",
        IssuedOn = new DateOnly(2020, 1, 29),
        Status = status,
    };

    private static StudyMaterial MaterialOf(StudyMaterialStatus status) => new()
    {
        Id = $"m-{status}",
        Title = "学习材料",
        Kind = StudyMaterialKind.ImportantInstruction,
        PublishedOn = new DateOnly(2020, 2, 1),
        Status = status,
    };

    public static TheoryData<string> Callers() => ["reader", "signed-in reader", "branch", "editor", "admin"];

    private static Caller Named(string name) => name switch
    {
        "reader" => Reader,
        "signed-in reader" => SignedInReader,
        "branch" => Branch,
        "editor" => Editor,
        _ => Admin,
    };

    /// <summary>Every document of every status: what the filter a store runs and the test on a loaded document must agree on.</summary>
    private static IEnumerable<Document> Everything() =>
        Enum.GetValues<StoryStatus>().SelectMany(s => new[] { StoryOf("o1", s), StoryOf("o1a", s), StoryOf("o2", s) }).Cast<Document>()
            .Concat(Enum.GetValues<DirectiveStatus>().Select(DirectiveOf))
            .Concat(Enum.GetValues<StudyMaterialStatus>().Select(MaterialOf))
            .Append(new Organization { Id = "o1", Name = "支部", Kind = OrganizationKind.WorkingCommittee, AncestorIds = [] })
            .Append(new ActivityLog { Id = "a1", OrganizationId = "o2", Kind = ActivityKind.OrganizationalLife, Title = "学习", OccurredAt = DateTimeOffset.UnixEpoch });

    [Theory]
    [MemberData(nameof(Callers))]
    public void The_store_filter_and_the_document_test_say_the_same(string caller)
    {
        foreach (var document in Everything())
        {
            var kind = Kinds.Of(document);
            var filter = Visibility.FilterFor(kind, Named(caller));
            Assert.True(Matches(filter, kind, document) == Visibility.CanSee(document, Named(caller)), $"{caller} on {kind} {document.Id}");
        }
    }

    [Fact]
    public void Readers_see_published_material_only_and_a_branch_also_what_its_subtree_submitted()
    {
        Assert.True(Visibility.CanSee(StoryOf("o2", StoryStatus.Published), Reader));
        Assert.False(Visibility.CanSee(StoryOf("o1", StoryStatus.Submitted), Reader));
        Assert.True(Visibility.CanSee(StoryOf("o1a", StoryStatus.Submitted), Branch));
        Assert.False(Visibility.CanSee(StoryOf("o2", StoryStatus.InReview), Branch));
        Assert.True(Visibility.CanSee(DirectiveOf(DirectiveStatus.Rescinded), Reader));
        Assert.False(Visibility.CanSee(DirectiveOf(DirectiveStatus.Draft), Branch));
        Assert.False(Visibility.CanSee(MaterialOf(StudyMaterialStatus.Archived), Reader));
        Assert.True(Visibility.CanSee(MaterialOf(StudyMaterialStatus.Archived), Editor));
        Assert.Null(Visibility.FilterFor(Kinds.Story, Editor));
    }

    [Fact]
    public void Revisions_are_for_editors_and_the_branch_that_submitted_the_story()
    {
        Assert.True(Permissions.CanReadRevisions(Editor, DirectiveOf(DirectiveStatus.Published)));
        Assert.True(Permissions.CanReadRevisions(Branch, StoryOf("o1a", StoryStatus.Published)));
        Assert.False(Permissions.CanReadRevisions(Branch, StoryOf("o2", StoryStatus.Published)));
        Assert.False(Permissions.CanReadRevisions(Branch, DirectiveOf(DirectiveStatus.Published))); // even one its organisation issued
        Assert.False(Permissions.CanReadRevisions(Reader, StoryOf("o1", StoryStatus.Published)));
        Assert.False(Permissions.CanReadRevisions(SignedInReader, StoryOf("o1", StoryStatus.Published)));
    }

    [Fact]
    public void The_audit_log_is_for_admins()
    {
        Assert.Null(Permissions.RequireAdmin(Admin, "read the audit log"));
        Assert.Equal(ErrorCodes.Unauthenticated, Permissions.RequireAdmin(Reader, "read the audit log")!.Code);
        Assert.Equal(ErrorCodes.Forbidden, Permissions.RequireAdmin(Editor, "read the audit log")!.Code);
        Assert.Equal(ErrorCodes.Forbidden, Permissions.RequireAdmin(Branch, "read the audit log")!.Code);
    }

    [Fact]
    public void Editors_write_directives_and_a_branch_logs_activities_in_its_subtree()
    {
        Assert.Null(Permissions.RequireEditor(Editor, "create directives"));
        Assert.Equal(ErrorCodes.Unauthenticated, Permissions.RequireEditor(Reader, "create directives")!.Code);
        Assert.Equal(ErrorCodes.Forbidden, Permissions.RequireEditor(Branch, "create directives")!.Code);
        Assert.Null(Permissions.RequireScope(Branch, "o1a", "log activities"));
        Assert.Equal(ErrorCodes.Forbidden, Permissions.RequireScope(Branch, "o2", "log activities")!.Code);
        Assert.Equal(ErrorCodes.Forbidden, Permissions.RequireScope(SignedInReader, "o1", "log activities")!.Code);
        Assert.Equal(ErrorCodes.Unauthenticated, Permissions.RequireScope(Reader, "o1", "log activities")!.Code);
    }

    [Fact]
    public void A_branch_submits_and_edits_its_own_stories_while_they_are_with_it()
    {
        Assert.Null(Permissions.CanSubmitStory(Branch, "o1a"));
        Assert.Equal(ErrorCodes.Forbidden, Permissions.CanSubmitStory(Branch, "o2")!.Code);
        Assert.Equal(ErrorCodes.Unauthenticated, Permissions.CanSubmitStory(Reader, "o1")!.Code);
        Assert.Null(Permissions.CanSubmitStory(Editor, "o2"));

        Assert.Null(Permissions.CanEditStory(Branch, StoryOf("o1", StoryStatus.ChangesRequested)));
        Assert.Equal(ErrorCodes.ForbiddenTransition, Permissions.CanEditStory(Branch, StoryOf("o1", StoryStatus.InReview))!.Code);
        Assert.Equal(ErrorCodes.Forbidden, Permissions.CanEditStory(Branch, StoryOf("o2", StoryStatus.Submitted))!.Code);
        Assert.Null(Permissions.CanEditStory(Editor, StoryOf("o2", StoryStatus.Published)));
        Assert.Equal(ErrorCodes.ForbiddenTransition, Permissions.CanEditStory(Editor, StoryOf("o2", StoryStatus.Archived))!.Code);
        Assert.Equal(ErrorCodes.Forbidden, Permissions.CanEditStory(SignedInReader, StoryOf("o2", StoryStatus.Submitted))!.Code);

        Assert.Null(Permissions.CanFeatureStories(Admin));
        Assert.Equal(ErrorCodes.Forbidden, Permissions.CanFeatureStories(Branch)!.Code);
        Assert.Equal(ErrorCodes.Unauthenticated, Permissions.CanFeatureStories(Reader)!.Code);
    }

    /// <summary>The visibility filters use only equality and membership on scalar fields: enough to evaluate them here.</summary>
    private static bool Matches(Filter? filter, DocumentKind kind, Document document) => filter switch
    {
        null => true,
        AndFilter and => and.Operands.All(f => Matches(f, kind, document)),
        OrFilter or => or.Operands.Any(f => Matches(f, kind, document)),
        NotFilter not => !Matches(not.Operand, kind, document),
        Condition { Operator: Operator.Eq } c => Equals(kind.FieldsByName[c.Field].Read(document), c.Value),
        Condition { Operator: Operator.In, Value: IEnumerable<object?> values } c => values.Contains(kind.FieldsByName[c.Field].Read(document)),
        _ => throw new NotSupportedException($"The visibility rules do not use {filter}."),
    };
}
