using Dangjian.Core.Documents;

namespace Dangjian.Core.Access;

/// <summary>
/// Who may do what, besides seeing documents (<see cref="Visibility"/>) and moving stories through the workflow
/// (<c>StoryWorkflow</c>'s table). A new access rule goes here, and is applied by the reader or a service in Core.
/// </summary>
public static class Permissions
{
    /// <summary>
    /// Revisions show text as it was before publication, so only editors (and a branch, for the stories its subtree
    /// submitted) read them.
    /// </summary>
    public static bool CanReadRevisions(Caller caller, Document document) => caller.IsEditor
        || (caller.Role == Role.Branch && document is Story story && caller.InScope(story.SubmittingOrganizationId));

    /// <summary>The audit log names every actor and change: admins only.</summary>
    public static Error? RequireAdmin(Caller caller, string what) => caller switch
    {
        { Role: Role.Admin } => null,
        { Subject: null } => Error.Unauthenticated($"Sign in as an admin to {what}."),
        _ => Error.Forbidden($"Only admins may {what}."),
    };

    /// <summary>Directives, study materials and the organisation tree are the editors' (and admins').</summary>
    /// <summary>
    /// Who is told which other stories a story may be a repost of: editors, who curate across branches. A branch
    /// would learn of other branches' unpublished stories through it.
    /// </summary>
    public static bool CanSeePossibleDuplicates(Caller caller) => caller.IsEditor;

    public static Error? RequireEditor(Caller caller, string what) => caller switch
    {
        { IsEditor: true } => null,
        { Subject: null } => Error.Unauthenticated($"Sign in to {what}: send a bearer token."),
        _ => Error.Forbidden($"Only editors may {what}; you are {EnumNames.ToConstant(caller.Role)}."),
    };

    /// <summary>Activity logs: editors for anyone, a branch for its own organisation and those under it.</summary>
    public static Error? RequireScope(Caller caller, string organizationId, string what) => caller switch
    {
        { IsEditor: true } => null,
        { Role: Role.Branch } when caller.InScope(organizationId) => null,
        { Role: Role.Branch } => Error.Forbidden($"A branch may {what} only for its own organisation and the organisations under it."),
        _ => Refuse(caller, what),
    };

    /// <summary>Anyone with a token (a reader's role may still refuse them): a branch or an editor.</summary>
    public static Error? RequireSignedIn(Caller caller, string what) =>
        caller.Role == Role.Reader ? Refuse(caller, what) : null;

    /// <summary>Stories: a branch submits for its own organisation and those under it; editors for any.</summary>
    public static Error? CanSubmitStory(Caller caller, string submittingOrganizationId) => caller switch
    {
        { Role: Role.Reader } => Refuse(caller, "submit stories"),
        { IsEditor: false } when !caller.InScope(submittingOrganizationId) =>
            Error.Forbidden("A branch may submit stories only for its own organisation and the organisations under it."),
        _ => null,
    };

    /// <summary>Editors may edit any story that is not archived; a branch only its own, while it is with the branch.</summary>
    public static Error? CanEditStory(Caller caller, Story story)
    {
        if (caller.Role == Role.Reader)
            return Refuse(caller, "edit stories");
        if (story.Status == StoryStatus.Archived)
            return new ForbiddenTransitionError("ARCHIVED", "UPDATE", "An archived story is kept as it was; it cannot be edited.");
        if (caller.IsEditor)
            return null;
        if (!caller.InScope(story.SubmittingOrganizationId))
            return Error.Forbidden("A branch may edit only stories its own organisation submitted.");
        return story.Status is StoryStatus.Submitted or StoryStatus.ChangesRequested
            ? null
            : new ForbiddenTransitionError(EnumNames.ToConstant(story.Status), "UPDATE",
                $"A branch may edit a story only while it is SUBMITTED or CHANGES_REQUESTED; this one is {EnumNames.ToConstant(story.Status)}.");
    }

    /// <summary>Featuring a story on the front page is the editors'.</summary>
    public static Error? CanFeatureStories(Caller caller) => caller switch
    {
        { IsEditor: true } => null,
        { Role: Role.Reader } => Refuse(caller, "feature stories"),
        _ => Error.Forbidden("Only editors may feature stories."),
    };

    /// <summary>The refusal of something a caller's role may not do: sign in first, or it is not theirs to do.</summary>
    private static Error Refuse(Caller caller, string what) => caller.Subject is null
        ? Error.Unauthenticated($"Sign in to {what}: send a bearer token.")
        : Error.Forbidden($"A {EnumNames.ToConstant(caller.Role)} may not {what}.");
}
