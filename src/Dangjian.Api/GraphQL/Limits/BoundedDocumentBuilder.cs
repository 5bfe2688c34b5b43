using Dangjian.Core;
using GraphQL;
using GraphQL.Execution;
using GraphQLParser.AST;
using GraphQLParser.Exceptions;

namespace Dangjian.Api.GraphQL.Limits;

/// <summary>
/// The parser, with its nesting limit answered as MAX_DEPTH. GraphQLParser stops at 128 levels of syntax (about 60
/// of selection sets, list literals or `{ and: [ … ] }`) to protect its stack, but its exception is not a syntax
/// error to GraphQL.NET, which answered INTERNAL_SERVER_ERROR and logged a stack trace for what is only a hostile
/// document.
/// </summary>
public sealed class BoundedDocumentBuilder : IDocumentBuilder
{
    /// <summary>GraphQLParser's own default, stated so that the message can say it.</summary>
    public const int MaxSyntaxDepth = 128;

    private readonly GraphQLDocumentBuilder _parser = new() { MaxDepth = MaxSyntaxDepth };

    public GraphQLDocument Build(string body)
    {
        try
        {
            return _parser.Build(body);
        }
        catch (GraphQLMaxDepthExceededException)
        {
            throw new ExecutionError($"The document nests more than {MaxSyntaxDepth} levels of syntax (selections, lists or input objects within each other).")
            {
                Code = ErrorCodes.MaxDepth,
            };
        }
    }
}
