using Dangjian.Api.GraphQL;
using Dangjian.Api.GraphQL.Mutations;
using Dangjian.Core.Documents;
using Dangjian.Core.Editorial;
using GraphQL;
using GraphQL.Types;

namespace Dangjian.Api.Features.Organizations;

public static class OrganizationMutations
{
    public static void Add(ObjectGraphType mutation)
    {
        mutation.Mutation<OrganizationGraphType, CreateOrganizationInputType>("createOrganization",
            "An editor adds an organisation under a parent, e.g. a temporary or front-line branch (临时党组织, 火线党支部) set up for the epidemic.",
            "organization", MutationErrors.Validation | MutationErrors.Forbidden,
            async (c, input) =>
            {
                var reader = new InputReader(input);
                var parent = reader.Id("parentId", Kinds.Organization.TypeName);
                var organization = new NewOrganization
                {
                    Name = reader.String("name"),
                    ShortName = reader.String("shortName"),
                    Kind = reader.Enum<OrganizationKind>("kind") ?? OrganizationKind.Branch,
                    ParentId = parent,
                    Unit = reader.String("unit"),
                    Sector = reader.String("sector"),
                    EstablishedOn = reader.Date("establishedOn"),
                };
                return reader.Error ?? (await Service(c).CreateAsync(c.Request().Caller, organization, c.CancellationToken)).Boxed();
            });
        mutation.Mutation<OrganizationGraphType, DissolveOrganizationInputType>("dissolveOrganization",
            "An editor records that an organisation (typically a temporary or front-line branch) was stood down. It stays in the tree and the archive.",
            "organization", MutationErrors.Update | MutationErrors.ForbiddenTransition,
            async (c, input) =>
            {
                var reader = new InputReader(input);
                var id = reader.Id("id", Kinds.Organization.TypeName);
                return reader.Error ?? (await Service(c).DissolveAsync(c.Request().Caller, id!, reader.Version(), reader.Date("dissolvedOn"), reader.String("note"), c.CancellationToken)).Boxed();
            });
    }

    private static OrganizationService Service(IResolveFieldContext context) => context.RequestServices!.GetRequiredService<OrganizationService>();
}

public sealed class CreateOrganizationInputType : InputObjectGraphType
{
    public CreateOrganizationInputType()
    {
        Name = "CreateOrganizationInput";
        Description = "A new organisation in the tree.";
        Field<NonNullGraphType<StringGraphType>>("name").Description("Full name, e.g. 市中心医院发热门诊火线党支部.");
        Field<StringGraphType>("shortName").Description("Short name.");
        Field<NonNullGraphType<OrganizationKindGraphType>>("kind").Description("What kind of organisation it is.");
        Field<IdGraphType>("parentId").Description("The organisation above it (required except for an outside issuer).");
        Field<StringGraphType>("unit").Description("The unit it belongs to (default: the parent's).");
        Field<StringGraphType>("sector").Description("The sector (default: the parent's).");
        Field<DateType>("establishedOn").Description("When it was set up (default: today).");
    }
}

public sealed class DissolveOrganizationInputType : StepInputType
{
    public DissolveOrganizationInputType() : base("DissolveOrganizationInput", "organisation", "Which organisation was stood down, and when.")
    {
        Field<DateType>("dissolvedOn").Description("When it was stood down (default: today).");
    }
}
