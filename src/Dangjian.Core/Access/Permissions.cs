using Dangjian.Core.Access;
using Dangjian.Core.Documents;

namespace Dangjian.Core.Editorial;

/// <summary>Who may write what, besides the story workflow (which keeps its own table).</summary>
public static class Permissions
{
    /// <summary>Directives, study materials and the organisation tree are the editors' (and admins').</summary>
    public static Error? RequireEditor(Caller caller, string what) => caller switch
    {
        { IsEditor: true } => null,
        { Subject: null } => Error.Unauthenticated($"Sign in to {what}: send a bearer token."),
        _ => Error.Forbidden($"Only editors may {what}; you are {EnumNames.ToConstant(caller.Role)}."),
    };

    /// <summary>Activity logs: editors for anyone, a branch for its own organisation and those under it.</summary>
    public static Error? RequireScope(Caller caller, string organizationId, string what) => caller switch
    {
        { IsEditor: true } => null,
        { Subject: null } => Error.Unauthenticated($"Sign in to {what}: send a bearer token."),
        { Role: Role.Branch } when caller.InScope(organizationId) => null,
        { Role: Role.Branch } => Error.Forbidden($"A branch may {what} only for its own organisation and the organisations under it."),
        _ => Error.Forbidden($"A {EnumNames.ToConstant(caller.Role)} may not {what}."),
    };
}
