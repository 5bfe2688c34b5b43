namespace Dangjian.Core.Access;

public enum Role
{
    /// <summary>Anyone, with or without a token: published material only.</summary>
    Reader,
    /// <summary>A branch secretary, bound to one organisation and its subtree.</summary>
    Branch,
    Editor,
    Admin,
}

/// <summary>
/// Who is asking. Every read and write in Core takes one, so that what a caller may see is decided below the API,
/// the same on every path.
/// </summary>
/// <param name="Subject">The token's subject; null for anonymous readers.</param>
/// <param name="OrganizationScope">For <see cref="Role.Branch"/>: the bound organisation and all its descendants.</param>
public sealed record Caller(string? Subject, Role Role, string? OrganizationId = null, IReadOnlySet<string>? OrganizationScope = null)
{
    public static readonly Caller Anonymous = new(null, Role.Reader);

    public static readonly Caller System = new("system", Role.Admin);

    public bool IsEditor => Role is Role.Editor or Role.Admin;

    public bool InScope(string organizationId) => OrganizationScope?.Contains(organizationId) == true;

    public override string ToString() => Subject is null ? "anonymous" : $"{Subject} ({Role})";
}
