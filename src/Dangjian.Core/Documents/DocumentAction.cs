namespace Dangjian.Core.Documents;

/// <summary>
/// What a change did to a document: the one vocabulary of revisions, audit entries, story transitions, change events
/// and refused steps. The stores keep it as text (revisions and the audit log in lower case, start_review; story
/// transitions in CONSTANT_CASE, START_REVIEW, as written before this enum); everything outside the store shows the
/// enum, CONSTANT_CASE, so a front end compares one spelling.
/// </summary>
public enum DocumentAction
{
    Create,
    Update,
    Submit,
    StartReview,
    RequestChanges,
    Resubmit,
    Approve,
    Publish,
    Reject,
    Archive,
    Feature,
    Unfeature,
    Rescind,
    Confirm,
    Correct,
    Dissolve,
    Log,
    Import,
    Seed,
    Restore,
}

public static class DocumentActions
{
    /// <summary>The action stored as <paramref name="stored"/> in either spelling (start_review, START_REVIEW), or null.</summary>
    public static DocumentAction? Parse(string? stored) =>
        stored is not null && EnumNames.TryParse<DocumentAction>(stored.ToUpperInvariant(), out var action) ? action : null;

    /// <summary>How revisions and the audit log store an action: start_review.</summary>
    public static string Stored(DocumentAction action) => EnumNames.ToConstant(action).ToLowerInvariant();

    /// <summary>The action as the stores hold it, from the API's CONSTANT_CASE (or stored) spelling: how filters reach them.</summary>
    public static string? StoredName(string? constant) => Parse(constant) is { } action ? Stored(action) : null;
}
