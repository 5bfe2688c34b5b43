using Dangjian.Core.Documents;
using Dangjian.Core.Storage;

namespace Dangjian.Core.Access;

/// <summary>
/// What a caller may see, stated twice in one place: as a filter the store applies (lists, counts, search)
/// and as a test on a loaded document (lookups by id, links). Both say the same thing; the tests hold them to it.
/// </summary>
public static class Visibility
{
    private static readonly object Published = EnumNames.ToConstant(StoryStatus.Published);

    /// <summary>The filter to AND into any query of <paramref name="kind"/>; null when the caller sees everything.</summary>
    public static Filter? FilterFor(DocumentKind kind, Caller caller)
    {
        if (caller.IsEditor)
            return null;
        if (kind == Kinds.Story)
        {
            var published = Filter.Eq("status", Published);
            return caller.Role == Role.Branch && caller.OrganizationScope is { Count: > 0 } scope
                ? Filter.Or(published, Filter.In("submittingOrganizationId", scope.Cast<object?>().ToList()))
                : published;
        }
        if (kind == Kinds.Directive)
        {
            return Filter.In("status", [EnumNames.ToConstant(DirectiveStatus.Published), EnumNames.ToConstant(DirectiveStatus.Rescinded)]);
        }
        if (kind == Kinds.StudyMaterial)
            return Filter.Eq("status", EnumNames.ToConstant(StudyMaterialStatus.Published));
        if (kind == Kinds.Organization)
            return Filter.Eq("provisional", false);
        return null;
    }

    public static bool CanSee(Document document, Caller caller) => caller.IsEditor || document switch
    {
        Story story => story.Status == StoryStatus.Published
            || (caller.Role == Role.Branch && caller.InScope(story.SubmittingOrganizationId)),
        Directive directive => directive.Status is DirectiveStatus.Published or DirectiveStatus.Rescinded,
        StudyMaterial material => material.Status == StudyMaterialStatus.Published,
        Organization organization => !organization.Provisional,
        _ => true,
    };
}
