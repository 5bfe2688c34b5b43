using Dangjian.Api.GraphQL;
using Dangjian.Core.Documents;

namespace Dangjian.Api.Features.StudyMaterials;

public sealed class StudyMaterialKindGraphType() : DescribedEnumType<StudyMaterialKind>("StudyMaterialKind",
    "What a study material is.",
    new Dictionary<StudyMaterialKind, string>
    {
        [StudyMaterialKind.ImportantInstruction] = "重要指示精神: important instructions.",
        [StudyMaterialKind.Policy] = "政策文件: policy.",
        [StudyMaterialKind.PreventionKnowledge] = "疫情防范知识: epidemic-prevention knowledge.",
        [StudyMaterialKind.PartyTheory] = "党的理论: party theory.",
        [StudyMaterialKind.CaseStudy] = "典型案例: a case study.",
        [StudyMaterialKind.Other] = "Anything else.",
    });

public sealed class StudyMaterialStatusGraphType() : DescribedEnumType<StudyMaterialStatus>("StudyMaterialStatus",
    "Whether a study material is current.",
    new Dictionary<StudyMaterialStatus, string>
    {
        [StudyMaterialStatus.Published] = "Current and visible to everyone.",
        [StudyMaterialStatus.Archived] = "Withdrawn from use; visible to editors only.",
    });
