using Dangjian.Core.Access;
using Dangjian.Core.Documents;

namespace Dangjian.Core.Editorial;

public sealed record NewOrganization
{
    public string? Name { get; init; }
    public string? ShortName { get; init; }
    public OrganizationKind Kind { get; init; }
    public string? ParentId { get; init; }
    public string? Unit { get; init; }
    public string? Sector { get; init; }
    public DateOnly? EstablishedOn { get; init; }
}

/// <summary>Growing the organisation tree: new branches (including temporary and front-line ones) and dissolving them.</summary>
public sealed class OrganizationService(DocumentWriter writer)
{
    public async Task<Result<Organization>> CreateAsync(Caller caller, NewOrganization input, CancellationToken cancellationToken)
    {
        if (Permissions.RequireEditor(caller, "create organisations") is { } denied)
            return denied;
        var rules = new InputRules();
        var name = rules.Required(input.Name, "name", InputRules.MaxTitle);
        Organization? parent = null;
        if (input.ParentId is not null)
        {
            parent = await writer.Store.GetAsync(Kinds.Organization, input.ParentId, cancellationToken);
            if (parent is null)
                rules.Fail($"parentId: no organisation with id '{input.ParentId}'.", "parentId");
            else if (parent.DissolvedOn is not null)
                rules.Fail($"parentId: {parent.Name} was dissolved on {parent.DissolvedOn:yyyy-MM-dd}.", "parentId");
            else if (parent.Kind == OrganizationKind.External)
                rules.Fail("parentId: an outside issuer cannot have organisations under it.", "parentId");
        }
        else if (input.Kind != OrganizationKind.External)
        {
            rules.Fail("parentId is required: every organisation but an outside issuer sits under another.", "parentId");
        }
        if (input.Kind == OrganizationKind.WorkingCommittee)
            rules.Fail("kind: the tree has one working committee at its root already.", "kind");
        var organization = new Organization
        {
            Id = DocumentWriter.NewId(),
            Name = name,
            ShortName = rules.Optional(input.ShortName, "shortName", InputRules.MaxTitle),
            Kind = input.Kind,
            ParentId = parent?.Id,
            AncestorIds = parent is null ? [] : [.. parent.AncestorIds, parent.Id],
            Unit = rules.Optional(input.Unit, "unit", InputRules.MaxTitle) ?? parent?.Unit,
            Sector = rules.Optional(input.Sector, "sector", 50) ?? parent?.Sector,
            EstablishedOn = input.EstablishedOn ?? DateOnly.FromDateTime(writer.Now.UtcDateTime),
        };
        return rules.IsValid ? await writer.CreateAsync(caller, organization, "create", null, cancellationToken) : rules.Error!;
    }

    public Task<Result<Organization>> DissolveAsync(Caller caller, string id, long expectedVersion, DateOnly? on, string? note,
        CancellationToken cancellationToken)
    {
        if (Permissions.RequireEditor(caller, "dissolve organisations") is { } denied)
            return Task.FromResult<Result<Organization>>(denied);
        return writer.UpdateAsync(caller, Kinds.Organization, id, expectedVersion, organization =>
        {
            if (organization.DissolvedOn is not null)
                return new ForbiddenTransitionError("DISSOLVED", "DISSOLVE", $"{organization.Name} was already dissolved on {organization.DissolvedOn:yyyy-MM-dd}.");
            if (organization.Kind is OrganizationKind.WorkingCommittee or OrganizationKind.External)
                return new ForbiddenTransitionError(EnumNames.ToConstant(organization.Kind), "DISSOLVE", "The working committee and outside issuers are not dissolved.");
            var date = on ?? DateOnly.FromDateTime(writer.Now.UtcDateTime);
            if (organization.EstablishedOn is { } established && date < established)
                return Error.Validation($"dissolvedOn cannot be before the organisation was established ({established:yyyy-MM-dd}).", "input", "dissolvedOn");
            return organization with { DissolvedOn = date };
        }, "dissolve", note, cancellationToken);
    }
}
