using System.Collections.Frozen;
using Dangjian.Api.Features.ActivityLogs;
using Dangjian.Api.Features.Directives;
using Dangjian.Api.Features.Organizations;
using Dangjian.Api.Features.Stories;
using Dangjian.Api.Features.StudyMaterials;
using Dangjian.Core.Documents;

namespace Dangjian.Api.GraphQL;

/// <summary>Which GraphQL enum type stands for which Core enum.</summary>
public static class EnumTypes
{
    public static readonly FrozenDictionary<Type, Type> ByClrType = new Dictionary<Type, Type>
    {
        [typeof(OrganizationKind)] = typeof(OrganizationKindGraphType),
        [typeof(DocumentType)] = typeof(DocumentTypeGraphType),
        [typeof(DirectiveStatus)] = typeof(DirectiveStatusGraphType),
        [typeof(StudyMaterialKind)] = typeof(StudyMaterialKindGraphType),
        [typeof(StudyMaterialStatus)] = typeof(StudyMaterialStatusGraphType),
        [typeof(ActivityKind)] = typeof(ActivityKindGraphType),
        [typeof(StoryStatus)] = typeof(StoryStatusGraphType),
    }.ToFrozenDictionary();

    public static Type GraphTypeFor(Type clrEnum) =>
        ByClrType.TryGetValue(clrEnum, out var type) ? type : throw new InvalidOperationException($"No GraphQL type for enum {clrEnum.Name}.");
}
