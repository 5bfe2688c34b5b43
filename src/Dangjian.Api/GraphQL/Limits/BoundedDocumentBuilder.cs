using System.Globalization;
using Dangjian.Core;
using GraphQL;
using GraphQL.Execution;
using GraphQLParser;
using GraphQLParser.AST;
using GraphQLParser.Exceptions;
using Microsoft.Extensions.Options;

namespace Dangjian.Api.GraphQL.Limits;

/// <summary>
/// The parser, bounding the two shapes of a document that validation itself would choke on, before any rule sees it:
/// <list type="bullet">
/// <item>Nesting. GraphQLParser stops at 128 levels of syntax (about 60 of selection sets, list literals or
/// `{ and: [ … ] }`) to protect its stack, but its exception is not a syntax error to GraphQL.NET, which answered
/// INTERNAL_SERVER_ERROR and logged a stack trace for what is only a hostile document. It is MAX_DEPTH here.</item>
/// <item>Fragment expansion. Thirty fragments that each spread the next twice are a 1 KB document of 2^30 fields;
/// GraphQL.NET's complexity analyser walks every one of them (minutes of CPU) before it can say COMPLEXITY. Here the
/// expanded size is counted once per fragment, and a document larger than the complexity limit is COMPLEXITY at
/// once: every field weighs at least 1.</item>
/// </list>
/// </summary>
public sealed class BoundedDocumentBuilder(IOptions<GraphQLOptions> options) : IDocumentBuilder
{
    /// <summary>GraphQLParser's own default, stated so that the message can say it.</summary>
    public const int MaxSyntaxDepth = 128;

    private readonly GraphQLDocumentBuilder _parser = new() { MaxDepth = MaxSyntaxDepth };

    public GraphQLDocument Build(string body)
    {
        GraphQLDocument document;
        try
        {
            document = _parser.Build(body);
        }
        catch (GraphQLMaxDepthExceededException)
        {
            throw new ExecutionError($"The document nests more than {MaxSyntaxDepth} levels of syntax (selections, lists or input objects within each other).")
            {
                Code = ErrorCodes.MaxDepth,
            };
        }
        var limit = options.Value.MaxComplexity;
        var sizes = new Dictionary<string, long>();
        foreach (var operation in document.Definitions.OfType<GraphQLOperationDefinition>())
        {
            var size = ExpandedSize(document, operation.SelectionSet, sizes, []);
            if (size > limit)
            {
                throw new ExecutionError(string.Create(CultureInfo.InvariantCulture,
                    $"The operation expands to {(size >= Saturated ? "billions of" : size.ToString("N0", CultureInfo.InvariantCulture))} fields through its fragments; at most {limit:N0} are allowed."))
                {
                    Code = ErrorCodes.Complexity,
                };
            }
        }
        return document;
    }

    private const long Saturated = 1L << 40;

    /// <summary>Fields after spreading fragments, each fragment counted once and remembered; a fragment cycle counts nothing (NoFragmentCycles reports it).</summary>
    private static long ExpandedSize(GraphQLDocument document, GraphQLSelectionSet set, Dictionary<string, long> sizes, HashSet<string> onPath)
    {
        long size = 0;
        foreach (var selection in set.Selections)
        {
            size += selection switch
            {
                GraphQLField field => 1 + (field.SelectionSet is { } children ? ExpandedSize(document, children, sizes, onPath) : 0),
                GraphQLInlineFragment inline => ExpandedSize(document, inline.SelectionSet, sizes, onPath),
                GraphQLFragmentSpread spread when document.FindFragmentDefinition(spread.FragmentName.Name.Value) is { } fragment => SizeOf(fragment),
                _ => 0,
            };
            size = Math.Min(size, Saturated);
        }
        return size;

        long SizeOf(GraphQLFragmentDefinition fragment)
        {
            var name = fragment.FragmentName.Name.StringValue;
            if (sizes.TryGetValue(name, out var known))
                return known;
            if (!onPath.Add(name))
                return 0;
            var computed = ExpandedSize(document, fragment.SelectionSet, sizes, onPath);
            onPath.Remove(name);
            return sizes[name] = computed;
        }
    }
}
