using Dangjian.Core.Documents;
using GraphQL.Types;

namespace Dangjian.Api.GraphQL;

/// <summary>The API's enums of kinds (search, timeline, subscriptions) made from <see cref="Kinds"/>: a new kind appears in each by itself.</summary>
public static class KindEnums
{
    /// <summary>Adds one value per kind: its constant (STUDY_MATERIAL), the kind itself, and <paramref name="describe"/>'s text.</summary>
    public static void AddKinds(this EnumerationGraphType type, IEnumerable<DocumentKind> kinds, Func<DocumentKind, string> describe)
    {
        foreach (var kind in kinds)
            type.Add(kind.Constant, kind, describe(kind));
    }
}
