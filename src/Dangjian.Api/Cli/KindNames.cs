using Dangjian.Core.Documents;

namespace Dangjian.Api.Cli;

/// <summary>The kinds the export and restore commands take, by their plural, dashed names.</summary>
internal static class KindNames
{
    public static readonly IReadOnlyDictionary<string, DocumentKind> ByName = new Dictionary<string, DocumentKind>(StringComparer.OrdinalIgnoreCase)
    {
        ["organizations"] = Kinds.Organization,
        ["directives"] = Kinds.Directive,
        ["study-materials"] = Kinds.StudyMaterial,
        ["activity-logs"] = Kinds.ActivityLog,
        ["stories"] = Kinds.Story,
    };

    public static string List => string.Join("|", ByName.Keys);
}
