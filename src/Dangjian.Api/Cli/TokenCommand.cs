using Dangjian.Api.Auth;
using Dangjian.Api.GraphQL.Relay;
using Dangjian.Core.Access;
using Dangjian.Core.Documents;
using Dangjian.Core.Storage;

namespace Dangjian.Api.Cli;

/// <summary>`token --role EDITOR [--org ID] [--days N] [--subject NAME]`: a bearer token signed with the local key.</summary>
public sealed class TokenCommand(TokenIssuer issuer, IDocumentStore store) : ICliCommand
{
    public string Name => "token";

    public string Usage => "token --role READER|BRANCH|EDITOR|ADMIN [--org ID] [--days N] [--subject NAME]   mint a token for local use";

    public async Task<int> RunAsync(CliArguments arguments, CliConsole console, CancellationToken cancellationToken)
    {
        if (!EnumNames.TryParse<Role>((arguments.Option("role") ?? "").ToUpperInvariant(), out var role))
        {
            await console.Error.WriteLineAsync("--role must be READER, BRANCH, EDITOR or ADMIN.");
            return 2;
        }
        if (!int.TryParse(arguments.Option("days") ?? "30", out var days) || days is < 1 or > 366)
        {
            await console.Error.WriteLineAsync("--days must be a whole number from 1 to 366.");
            return 2;
        }
        string? organization = null;
        if (arguments.Option("org") is { } org)
        {
            // Accept the global ID the API shows as well as the local id.
            organization = GlobalId.Decode(org, Kinds.Organization.TypeName) is { IsSuccess: true } global ? global.Value.LocalId : org;
            await store.InitializeAsync(cancellationToken);
            if (await store.GetAsync(Kinds.Organization, organization, cancellationToken) is null)
            {
                await console.Error.WriteLineAsync($"No organization '{org}' in the store.");
                return 1;
            }
        }
        if (role == Role.Branch && organization is null)
        {
            await console.Error.WriteLineAsync("A BRANCH token needs --org: the organization it acts for.");
            return 2;
        }
        var subject = arguments.Option("subject") ?? $"local-{EnumNames.ToConstant(role).ToLowerInvariant()}";
        await console.Out.WriteLineAsync(issuer.Issue(subject, role, organization, TimeSpan.FromDays(days)));
        await console.Error.WriteLineAsync($"Token for {subject} ({EnumNames.ToConstant(role)}{(organization is null ? "" : $", org {organization}")}), valid {days} days. Send it as: Authorization: Bearer <token>");
        return 0;
    }
}
