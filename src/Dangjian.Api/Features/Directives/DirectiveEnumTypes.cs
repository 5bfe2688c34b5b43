using Dangjian.Api.GraphQL;
using Dangjian.Core.Documents;

namespace Dangjian.Api.Features.Directives;

public sealed class DocumentTypeGraphType() : DescribedEnumType<DocumentType>("DocumentType",
    "The type of official document (公文种类).",
    new Dictionary<DocumentType, string>
    {
        [DocumentType.Notice] = "通知: a notice.",
        [DocumentType.Decision] = "决定: a decision.",
        [DocumentType.Opinion] = "意见: an opinion (guidance).",
        [DocumentType.Bulletin] = "通报: a bulletin.",
        [DocumentType.Letter] = "函: a letter.",
        [DocumentType.Instruction] = "指示: an instruction.",
        [DocumentType.Other] = "Any other type.",
    });

public sealed class DirectiveStatusGraphType() : DescribedEnumType<DirectiveStatus>("DirectiveStatus",
    "Where a directive stands.",
    new Dictionary<DirectiveStatus, string>
    {
        [DirectiveStatus.Draft] = "Being prepared; visible to editors only.",
        [DirectiveStatus.Published] = "In force and visible to everyone.",
        [DirectiveStatus.Rescinded] = "Withdrawn (撤销); kept and visible for the record.",
    });
