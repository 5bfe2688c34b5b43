using Dangjian.Core;
using GraphQL;
using GraphQL.Types;

namespace Dangjian.Api.GraphQL.Mutations;

/// <summary>A mutation's outcome: what the service returned (usually the changed document), or the expected failures that kept it from changing.</summary>
public sealed record Payload(object? Result, IReadOnlyList<object>? Errors);

/// <summary>The error types a mutation can report; each mutation lists its own.</summary>
[Flags]
public enum MutationErrors
{
    Validation = 1,
    NotFound = 2,
    Forbidden = 4,
    VersionConflict = 8,
    ForbiddenTransition = 16,
    /// <summary>What every mutation of an existing document can report.</summary>
    Update = Validation | NotFound | Forbidden | VersionConflict,
}

public static class MutationFields
{
    /// <summary>A typed service result as the untyped one the payload holds.</summary>
    public static Result<object> Boxed<T>(this Result<T> result) where T : notnull =>
        result.IsSuccess ? Result<object>.Success(result.Value) : result.Error!;

    /// <summary>
    /// Adds <c>name(input: NameInput!): NamePayload!</c> in HotChocolate's mutation-convention shape: the payload has
    /// the result under <paramref name="resultField"/> and <c>errors: [NameError!]</c>, a union of the listed error types.
    /// </summary>
    public static void Mutation<TResultType, TInputType>(this ObjectGraphType mutation, string name, string description, string resultField,
        MutationErrors errors, Func<IResolveFieldContext, IDictionary<string, object?>, Task<Result<object>>> resolve)
        where TResultType : IGraphType
        where TInputType : IInputObjectGraphType =>
        mutation.Mutation<TInputType>(name, description, errors,
            payload => payload.Field(resultField, typeof(TResultType)).Description("The document as it is now; null when the mutation failed.")
                .Resolve(c => c.Source.Result),
            resolve);

    /// <summary>
    /// The same shape for a mutation whose payload says more than the document (importDirective's warnings):
    /// <paramref name="payloadFields"/> adds the payload's fields before <c>errors</c>, each reading what the service
    /// returned from <see cref="Payload.Result"/> (null when the mutation failed).
    /// </summary>
    public static void Mutation<TInputType>(this ObjectGraphType mutation, string name, string description, MutationErrors errors,
        Action<ObjectGraphType<Payload>> payloadFields, Func<IResolveFieldContext, IDictionary<string, object?>, Task<Result<object>>> resolve)
        where TInputType : IInputObjectGraphType
    {
        var pascal = char.ToUpperInvariant(name[0]) + name[1..];
        var union = new UnionGraphType { Name = pascal + "Error", Description = $"What can keep `{name}` from changing anything." };
        if (errors.HasFlag(MutationErrors.Validation))
            union.Type<ValidationErrorType>();
        if (errors.HasFlag(MutationErrors.NotFound))
            union.Type<NotFoundErrorType>();
        if (errors.HasFlag(MutationErrors.Forbidden))
            union.Type<ForbiddenErrorType>();
        if (errors.HasFlag(MutationErrors.VersionConflict))
            union.Type<VersionConflictErrorType>();
        if (errors.HasFlag(MutationErrors.ForbiddenTransition))
            union.Type<ForbiddenTransitionErrorType>();

        var payload = new ObjectGraphType<Payload> { Name = pascal + "Payload", Description = $"The result of `{name}`." };
        payloadFields(payload);
        payload.Field("errors", new ListGraphType(new NonNullGraphType(union)))
            .Description("Why nothing changed; null when the mutation succeeded.")
            .Resolve(c => c.Source.Errors);

        mutation.Field(name, new NonNullGraphType(payload))
            .Description(description)
            .Argument<NonNullGraphType<TInputType>>("input", $"What `{name}` needs.")
            .ResolveAsync(async context =>
            {
                var input = context.GetArgument<Dictionary<string, object?>>("input");
                var result = await resolve(context, input);
                return result.IsSuccess ? new Payload(result.Value, null) : new Payload(null, ToGraphErrors(result.Error!));
            });
    }

    /// <summary>Core errors as the GraphQL error objects above; a list of validation problems becomes one entry each.</summary>
    public static IReadOnlyList<object> ToGraphErrors(Error error) => error switch
    {
        ValidationErrors many => many.Problems.SelectMany(ToGraphErrors).ToList(),
        VersionConflictError or ForbiddenTransitionError => [error],
        { Code: ErrorCodes.NotFound } => [new NotFoundProblem(error)],
        { Code: ErrorCodes.Forbidden or ErrorCodes.Unauthenticated } => [new ForbiddenProblem(error)],
        _ => [new ValidationProblem(error)],
    };
}
