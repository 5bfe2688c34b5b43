using Dangjian.Core;
using Dangjian.Core.Documents;
using GraphQL.Types;

namespace Dangjian.Api.GraphQL.Mutations;

// Mutation errors in HotChocolate's convention: each mutation's payload has `errors: [XyzError!]`, a union of the
// error types it can return, all implementing the `Error` interface (message, code, path).

/// <summary>The input was invalid (missing, too long, unknown ids …).</summary>
public sealed record ValidationProblem(Error Error);

/// <summary>The thing to change does not exist, or the caller may not see it.</summary>
public sealed record NotFoundProblem(Error Error);

/// <summary>The caller may not do this (or must sign in first).</summary>
public sealed record ForbiddenProblem(Error Error);

public sealed class ErrorInterface : InterfaceGraphType
{
    public ErrorInterface()
    {
        Name = "Error";
        Description = "An expected failure of a mutation. Nothing was changed.";
        Field<NonNullGraphType<StringGraphType>>("message").Description("What went wrong, for people.");
        Field<NonNullGraphType<StringGraphType>>("code").Description("What went wrong, for programs: stable, e.g. VERSION_CONFLICT.");
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("path").Description("The input field at fault, e.g. [\"input\", \"title\"], when there is one.");
    }
}

internal static class ErrorFields
{
    public static void Add<T>(ObjectGraphType<T> type, Func<T, Error> error)
    {
        type.Interface<ErrorInterface>();
        type.Field<NonNullGraphType<StringGraphType>>("message").Description("What went wrong, for people.").Resolve(c => error(c.Source).Message);
        type.Field<NonNullGraphType<StringGraphType>>("code").Description("What went wrong, for programs.").Resolve(c => error(c.Source).Code);
        type.Field<ListGraphType<NonNullGraphType<StringGraphType>>>("path").Description("The input field at fault, when there is one.").Resolve(c => error(c.Source).Path);
    }
}

public sealed class ValidationErrorType : ObjectGraphType<ValidationProblem>
{
    public ValidationErrorType()
    {
        Name = "ValidationError";
        Description = "The input was invalid: a required field is missing, a text too long, an id unknown. `path` names the field (code VALIDATION_ERROR or INVALID_ID).";
        ErrorFields.Add(this, p => p.Error);
    }
}

public sealed class NotFoundErrorType : ObjectGraphType<NotFoundProblem>
{
    public NotFoundErrorType()
    {
        Name = "NotFoundError";
        Description = "The document does not exist, or you may not see it (code NOT_FOUND).";
        ErrorFields.Add(this, p => p.Error);
    }
}

public sealed class ForbiddenErrorType : ObjectGraphType<ForbiddenProblem>
{
    public ForbiddenErrorType()
    {
        Name = "ForbiddenError";
        Description = "You may not do this: your role or organisation does not allow it (code FORBIDDEN), or you sent no token (code UNAUTHENTICATED).";
        ErrorFields.Add(this, p => p.Error);
    }
}

public sealed class VersionConflictErrorType : ObjectGraphType<VersionConflictError>
{
    public VersionConflictErrorType()
    {
        Name = "VersionConflictError";
        Description = "Someone changed the document since you read it; nothing was overwritten (code VERSION_CONFLICT). Reload, reapply and send `currentVersion`.";
        ErrorFields.Add(this, e => e);
        Field<NonNullGraphType<IntGraphType>>("expectedVersion").Description("The version your change was based on.").Resolve(c => checked((int)c.Source.ExpectedVersion));
        Field<NonNullGraphType<IntGraphType>>("currentVersion").Description("The version the document is at now.").Resolve(c => checked((int)c.Source.CurrentVersion));
    }
}

public sealed class ForbiddenTransitionErrorType : ObjectGraphType<ForbiddenTransitionError>
{
    public ForbiddenTransitionErrorType()
    {
        Name = "ForbiddenTransitionError";
        Description = "The workflow does not allow this step from the document's current state (code FORBIDDEN_TRANSITION).";
        ErrorFields.Add(this, e => e);
        Field<NonNullGraphType<StringGraphType>>("from").Description("The state the document is in.").Resolve(c => c.Source.From);
        Field<NonNullGraphType<DocumentActionGraphType>>("action").Description("The step that was refused.").Resolve(c => DocumentActions.Parse(c.Source.Action));
    }
}
