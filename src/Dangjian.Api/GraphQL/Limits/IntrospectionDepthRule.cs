using Dangjian.Core;
using GraphQL.Validation;
using GraphQLParser;
using GraphQLParser.AST;

namespace Dangjian.Api.GraphQL.Limits;

/// <summary>
/// Introspection's own bound (MAX_INTROSPECTION_DEPTH), in place of the depth and complexity limits: the list fields
/// that lead from one type to others (`fields`, `inputFields`, `interfaces`, `possibleTypes`) may nest within each
/// other at most twice. The standard introspection query of graphql-js, GraphiQL, GraphQL Code Generator and Apollo
/// nests them once; `__schema { types { fields { type { fields { type { fields … } } } } } }` grows its answer with
/// the schema's size to the power of its depth, and is refused. graphql-js's MaxIntrospectionDepthRule draws the
/// same line.
/// </summary>
public sealed class IntrospectionDepthRule : ValidationRuleBase
{
    public const int MaxNesting = 2;

    public static readonly IntrospectionDepthRule Instance = new();

    private static readonly HashSet<string> Branching = ["fields", "inputFields", "interfaces", "possibleTypes"];

    /// <summary>The fields that start an introspection subtree.</summary>
    public static bool IsEntryPoint(GraphQLField field) => field.Name.Value.Span is "__schema" or "__type";

    public override ValueTask<INodeVisitor?> GetPreNodeVisitorAsync(ValidationContext context)
    {
        if (context.Operation is { } operation && TooDeep(context.Document, operation.SelectionSet, nesting: -1, [], []))
        {
            context.ReportError(new ValidationError(context.Document.Source, null,
                $"Introspection may nest fields, inputFields, interfaces and possibleTypes within each other at most {MaxNesting} times; the standard introspection query needs once.",
                operation)
            { Code = ErrorCodes.MaxIntrospectionDepth });
        }
        return default;
    }

    /// <param name="nesting">-1 outside introspection; inside, how many branching fields are on the path.</param>
    /// <param name="seen">Fragments already walked at a nesting, found not too deep: a fragment spread many times is walked once per nesting.</param>
    private static bool TooDeep(GraphQLDocument document, GraphQLSelectionSet set, int nesting, HashSet<string> fragmentsOnPath, HashSet<(string, int)> seen)
    {
        foreach (var selection in set.Selections)
        {
            var tooDeep = selection switch
            {
                GraphQLField { SelectionSet: { } children } field => Nested(field, nesting) is var inner && (inner > MaxNesting || TooDeep(document, children, inner, fragmentsOnPath, seen)),
                GraphQLInlineFragment inline => TooDeep(document, inline.SelectionSet, nesting, fragmentsOnPath, seen),
                GraphQLFragmentSpread spread => document.FindFragmentDefinition(spread.FragmentName.Name.Value) is { } fragment
                                                && !seen.Contains((fragment.FragmentName.Name.StringValue, nesting))
                                                && fragmentsOnPath.Add(fragment.FragmentName.Name.StringValue)
                                                && Visit(fragment),
                _ => false,
            };
            if (tooDeep)
                return true;
        }
        return false;

        bool Visit(GraphQLFragmentDefinition fragment)
        {
            var name = fragment.FragmentName.Name.StringValue;
            var result = TooDeep(document, fragment.SelectionSet, nesting, fragmentsOnPath, seen);
            fragmentsOnPath.Remove(name);
            seen.Add((name, nesting));
            return result;
        }
    }

    private static int Nested(GraphQLField field, int nesting)
    {
        if (nesting < 0)
            return IsEntryPoint(field) ? 0 : -1;
        return Branching.Contains(field.Name.StringValue) ? nesting + 1 : nesting;
    }
}
