using Dangjian.Core.Knowledge;
using Dangjian.Api.GraphQL.Loading;
using Dangjian.Api.Features.Knowledge;
using Dangjian.Api.Features.ActivityLogs;
using Dangjian.Api.Features.Stories;
using Dangjian.Api.GraphQL;
using Dangjian.Api.GraphQL.Relay;
using Dangjian.Core.Documents;
using Dangjian.Core.Storage;
using GraphQL.Types;

namespace Dangjian.Api.Features.Organizations;

public sealed class OrganizationGraphType : ObjectGraphType<Organization>
{
    public OrganizationGraphType()
    {
        Name = Kinds.Organization.TypeName;
        Description = "A party organisation (党组织) in the tree under the working committee, or an issuer outside it.";
        this.AddDocumentFields();
        this.AddPermalinkAndCitation(Kinds.Organization.TypeName, o => o.Id, (c, url) => LoaderResults.Value<CitationSource?>(Citations.ForOrganization(c.Source, url)));
        Field(o => o.Name).Description("Full name, e.g. 中共娄底市中心医院委员会.");
        Field(o => o.ShortName, nullable: true).Description("Short name, when there is one.");
        Field<NonNullGraphType<OrganizationKindGraphType>>("kind").Description("What kind of organisation it is.").Resolve(c => c.Source.Kind);
        Field(o => o.Unit, nullable: true).Description("The unit (单位) it belongs to.");
        Field(o => o.Sector, nullable: true).Description("The sector (系统), e.g. 卫健, 公安, 交管, 市场监管.");
        Field<DateType>("establishedOn").Description("When it was set up.").Resolve(c => c.Source.EstablishedOn);
        Field<DateType>("dissolvedOn").Description("When a temporary or front-line branch was stood down.").Resolve(c => c.Source.DissolvedOn);
        Field<NonNullGraphType<BooleanGraphType>>("temporary")
            .Description("True for temporary and front-line branches (临时党组织, 火线党支部).")
            .Resolve(c => c.Source.IsTemporary);
        Field(o => o.Provisional)
            .Description("An outside issuer that only draft directives name so far (added by a draft import): editors see it; others do not, until a published directive names it.");
        Field<OrganizationGraphType>("parent")
            .Description("The organisation above it; null at the root and for outside issuers.")
            .Resolve(c => c.Source.ParentId is { } parent ? c.Request().Loader(Kinds.Organization).Load(parent) : null);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<OrganizationGraphType>>>>("ancestors")
            .Description("The organisations above it, from the root down to its parent.")
            .Resolve(c => c.Request().Loader(Kinds.Organization).LoadMany(c.Source.AncestorIds));
        this.Connection<Organization, OrganizationGraphType, Organization, ChildrenConnectionName>("children",
            "The organisations directly under it.",
            c => Filter.Eq("parentId", c.Source.Id));
        this.Connection<Organization, ActivityLogGraphType, ActivityLog>("activityLogs",
            "Activities it logged.",
            c => Filter.Eq("organizationId", c.Source.Id));
        this.Connection<Organization, StoryGraphType, Story>("stories",
            "Stories it submitted or that are about it.",
            c => Filter.Or(
                Filter.Eq("submittingOrganizationId", c.Source.Id),
                new ListCondition("organizationIds", ListQuantifier.Some, Filter.Eq(ListCondition.Element, c.Source.Id))));
    }
}
