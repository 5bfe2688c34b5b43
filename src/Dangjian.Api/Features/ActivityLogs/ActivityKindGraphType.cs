using Dangjian.Api.GraphQL;
using Dangjian.Core.Documents;

namespace Dangjian.Api.Features.ActivityLogs;

public sealed class ActivityKindGraphType() : DescribedEnumType<ActivityKind>("ActivityKind",
    "What kind of activity a branch logged.",
    new Dictionary<ActivityKind, string>
    {
        [ActivityKind.OrganizationalLife] = "组织生活: regular branch meetings.",
        [ActivityKind.PoliticalStudy] = "政治学习: political study.",
        [ActivityKind.VolunteerService] = "志愿服务: volunteer service in the residential community.",
        [ActivityKind.GridDuty] = "网格员: serving as a neighbourhood grid member.",
        [ActivityKind.EpidemicDuty] = "疫情防控值守: epidemic-control duty.",
        [ActivityKind.TemporaryBranchSetup] = "建立临时党组织 / 火线党支部: setting up a temporary or front-line branch.",
        [ActivityKind.Publicity] = "宣传: publicising policy and prevention knowledge.",
        [ActivityKind.Other] = "Anything else.",
    });
