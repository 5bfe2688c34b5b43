using Dangjian.Api.GraphQL.Loading;
using Dangjian.Api.Features.ActivityLogs;
using Dangjian.Api.Features.Organizations;
using Dangjian.Api.Features.Search;
using Dangjian.Api.Features.Stories;
using Dangjian.Api.GraphQL;
using Dangjian.Api.GraphQL.Relay;
using Dangjian.Core.Documents;
using Dangjian.Api.Features.Knowledge;
using Dangjian.Core.Editorial;
using Dangjian.Core.Knowledge;
using Dangjian.Core.Storage;
using GraphQL.Types;
using Directive = Dangjian.Core.Documents.Directive;

namespace Dangjian.Api.Features.Directives;

public sealed class DirectiveGraphType : ObjectGraphType<Directive>
{
    public DirectiveGraphType()
    {
        Name = Kinds.Directive.TypeName;
        Description = "An official document (公文: 通知, 决定, 意见 …) with its numbered sections.";
        this.AddDocumentFields();
        this.AddPermalinkAndCitation(Kinds.Directive.TypeName, d => d.Id, (c, url) =>
            c.Request().Loader(Kinds.Organization).Load(c.Source.IssuerId).Then(issuer => (CitationSource?)Citations.ForDirective(c.Source, issuer?.Name ?? "佚名", url)));
        Field(d => d.Title).Description("The title, e.g. 关于动员市直基层党组织和党员干部在疫情防控阻击战中冲在前、勇担当、作表率的通知.");
        Field<NonNullGraphType<DocumentTypeGraphType>>("documentType").Description("通知, 决定, 意见 …").Resolve(c => c.Source.DocumentType);
        Field(d => d.DocumentNumber, nullable: true).Description("文号, e.g. 娄直工发〔2020〕3号; many notices have none.");
        Field<NonNullGraphType<OrganizationGraphType>>("issuer")
            .Description("The issuing organisation (发文机关).")
            .Resolve(c => c.Request().Loader(Kinds.Organization).Load(c.Source.IssuerId));
        Field<NonNullGraphType<DateType>>("issuedOn").Description("The date on the document (成文日期).").Resolve(c => c.Source.IssuedOn);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("addressees")
            .Description("主送: who it is addressed to, as written (e.g. 市直各基层党组织).").Resolve(c => c.Source.Addressees);
        Field(d => d.Preamble).Description("The text before the first numbered section.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<DirectiveSectionGraphType>>>>("sections")
            .Description("The numbered sections (一、二、…), in order.")
            .Resolve(c => c.Source.Sections.Select(s => new SectionView(c.Source, s)));
        Field(d => d.Closing, nullable: true).Description("The closing formula, e.g. 特此通知.");
        Field<NonNullGraphType<ContactGraphType>>("contact").Description("Contact details given in the document.").Resolve(c => c.Source.Contact);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("attachments")
            .Description("附件: attachment titles.").Resolve(c => c.Source.Attachments);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("references")
            .Description("Higher directives it carries out (中央、省委、市委 …), as written.").Resolve(c => c.Source.References);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("tags").Description("Subject tags.").Resolve(c => c.Source.Tags);
        Field<NonNullGraphType<DirectiveStatusGraphType>>("status").Description("Draft, published or rescinded.").Resolve(c => c.Source.Status);
        Field<OriginalTextGraphType>("original").Description("The text it was imported from, verbatim, when it was imported.").Resolve(c => c.Source.Original);
        Field<NonNullGraphType<DirectiveCoverageGraphType>>("coverage")
            .Description("How the directive was carried out: addressed organisations, who reported on which section, who did not, and when.")
            .ResolveAsync(async c => await c.RequestServices!.GetRequiredService<CoverageService>().ForDirectiveAsync(c.Source, c.Request().Caller, c.CancellationToken));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<DirectiveRevisionGraphType>>>>("revisions")
            .Description("Every stored version, newest first, with who changed what. Editors only; empty for others.")
            .ResolveAsync(async c => await RevisionFields.LoadAsync(c, c.Source));
        this.Connection<Directive, ActivityLogGraphType, ActivityLog>("activityLogs",
            "Activities that carry out any of its sections.",
            c => SectionsFilter(c.Source));
        this.Connection<Directive, StoryGraphType, Story>("stories",
            "Stories that exemplify any of its sections.",
            c => SectionsFilter(c.Source));
        this.AddRelatedField();
    }

    private static Filter SectionsFilter(Directive directive) =>
        new ListCondition("sectionIds", ListQuantifier.Some, Filter.In(ListCondition.Element, directive.SectionIds.Cast<object?>().ToList()));
}

public sealed class DirectiveRevisionGraphType : ObjectGraphType<RevisionView>
{
    public DirectiveRevisionGraphType()
    {
        Name = "DirectiveRevision";
        Description = "A stored version of a directive: who changed what, when, and the directive as it was then.";
        RevisionFields.Add(this);
        Field<NonNullGraphType<DirectiveGraphType>>("directive").Description("The directive as it was at this version.").Resolve(c => (Directive)c.Source.Document);
    }
}

public sealed class DirectiveSectionGraphType : ObjectGraphType<SectionView>
{
    public DirectiveSectionGraphType()
    {
        Name = DirectiveSection.TypeName;
        Description = "A numbered section of a directive (一、二、…), with a stable ID that activities, stories and citations point at.";
        Interface<NodeInterface>();
        this.AddPermalinkAndCitation(DirectiveSection.TypeName, v => v.Section.Id, (c, url) =>
            c.Request().Loader(Kinds.Organization).Load(c.Source.Directive.IssuerId)
                .Then(issuer => (CitationSource?)Citations.ForSection(c.Source.Directive, c.Source.Section, issuer?.Name ?? "佚名", url)));
        Field<NonNullGraphType<IdGraphType>>("id").Description("The globally unique, opaque ID; it stays when sections are renumbered.")
            .Resolve(c => GlobalId.Encode(DirectiveSection.TypeName, c.Source.Section.Id));
        Field<NonNullGraphType<IntGraphType>>("number").Description("Its number: 1 for 一、, 2 for 二、 …").Resolve(c => c.Source.Section.Number);
        Field<NonNullGraphType<StringGraphType>>("heading")
            .Description("The heading: the section's first phrase, e.g. 在政治坚定狠抓落实上作表率.").Resolve(c => c.Source.Section.Heading);
        Field<NonNullGraphType<StringGraphType>>("anchor")
            .Description("The fragment of the directive's page that shows this section, e.g. section-3 (/d/{directive id}#section-3).")
            .Resolve(c => "section-" + c.Source.Section.Number.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Field<NonNullGraphType<StringGraphType>>("body").Description("The text after the heading.").Resolve(c => c.Source.Section.Body);
        Field<NonNullGraphType<DirectiveGraphType>>("directive").Description("The directive it belongs to.").Resolve(c => c.Source.Directive);
        Field<NonNullGraphType<SectionCoverageGraphType>>("coverage")
            .Description("How this section was carried out: who reported, who did not, and when.")
            .ResolveAsync(async c =>
            {
                var coverage = await c.RequestServices!.GetRequiredService<CoverageService>().ForDirectiveAsync(c.Source.Directive, c.Request().Caller, c.CancellationToken);
                return coverage.Sections.Single(s => s.Section.Id == c.Source.Section.Id);
            });
        this.Connection<SectionView, ActivityLogGraphType, ActivityLog>("activityLogs",
            "Activities that carry out this section.",
            c => new ListCondition("sectionIds", ListQuantifier.Some, Filter.Eq(ListCondition.Element, c.Source.Section.Id)));
        this.Connection<SectionView, StoryGraphType, Story>("stories",
            "Stories that exemplify this section.",
            c => new ListCondition("sectionIds", ListQuantifier.Some, Filter.Eq(ListCondition.Element, c.Source.Section.Id)));
    }
}

public sealed class ContactGraphType : ObjectGraphType<ContactDetails>
{
    public ContactGraphType()
    {
        Name = "Contact";
        Description = "Contact details in a directive.";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("emails").Description("E-mail addresses.").Resolve(c => c.Source.Emails);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("phones").Description("Telephone numbers.").Resolve(c => c.Source.Phones);
        Field(c => c.Text, nullable: true).Description("The contact line as written.");
    }
}

public sealed class OriginalTextGraphType : ObjectGraphType<OriginalText>
{
    public OriginalTextGraphType()
    {
        Name = "OriginalText";
        Description = "The text a directive was imported from, kept verbatim so researchers can check the structure against it.";
        Field(o => o.Text).Description("The text exactly as imported.");
        Field(o => o.Sha256).Description("SHA-256 of the text (UTF-8), in lowercase hex.");
        Field(o => o.SourceName, nullable: true).Description("The file or source it came from.");
    }
}
