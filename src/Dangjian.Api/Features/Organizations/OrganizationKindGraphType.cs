using Dangjian.Api.GraphQL;
using Dangjian.Core.Documents;

namespace Dangjian.Api.Features.Organizations;

public sealed class OrganizationKindGraphType() : DescribedEnumType<OrganizationKind>("OrganizationKind",
    "The kind of party organisation (党组织).",
    new Dictionary<OrganizationKind, string>
    {
        [OrganizationKind.WorkingCommittee] = "机关工委: the municipal organs' party working committee, root of the tree.",
        [OrganizationKind.PartyCommittee] = "单位党委: a unit's party committee.",
        [OrganizationKind.PartyGroup] = "党组: a unit's leading party group.",
        [OrganizationKind.GeneralBranch] = "党总支: a general branch.",
        [OrganizationKind.Branch] = "党支部: a branch.",
        [OrganizationKind.TemporaryBranch] = "临时党组织 / 临时党支部: set up for a task and later dissolved.",
        [OrganizationKind.FrontLineBranch] = "火线党支部: a front-line branch set up in the field.",
        [OrganizationKind.External] = "An issuer outside the tree (中央, 省委, 市委 …).",
    });
