using System.Globalization;
using Dangjian.Core;
using GraphQL.Validation;
using GraphQLParser;
using GraphQLParser.AST;

namespace Dangjian.Api.GraphQL.Limits;

/// <summary>
/// Refuses an operation whose fields nest deeper than allowed (MAX_DEPTH). Depth counts fields that have a selection
/// set, through fragments, as GraphQL.NET's complexity analyser did: `{ stories { nodes { title } } }` is 2.
/// Introspection (`__schema`, `__type`) is left to <see cref="IntrospectionDepthRule"/>: the standard introspection
/// query is 15 deep by its `ofType` chain, which says nothing about cost.
/// </summary>
public sealed class MaxDepthRule(int maxDepth) : ValidationRuleBase
{
    public override ValueTask<INodeVisitor?> GetPreNodeVisitorAsync(ValidationContext context)
    {
        if (context.Operation is { } operation)
        {
            var depth = Depth(context.Document, operation.SelectionSet, [], []);
            if (depth > maxDepth)
            {
                context.ReportError(new ValidationError(context.Document.Source, null,
                    string.Create(CultureInfo.InvariantCulture, $"The operation nests {depth} levels deep; at most {maxDepth} are allowed. Ask for fewer nested relations, or in a second request."),
                    operation)
                { Code = ErrorCodes.MaxDepth });
            }
        }
        return default;
    }

    /// <param name="fragmentDepths">Each fragment's depth once known: a fragment spread many times is walked once.</param>
    private static int Depth(GraphQLDocument document, GraphQLSelectionSet set, HashSet<string> fragmentsOnPath, Dictionary<string, int> fragmentDepths)
    {
        var deepest = 0;
        foreach (var selection in set.Selections)
        {
            switch (selection)
            {
                case GraphQLField field when field.SelectionSet is not null && !IntrospectionDepthRule.IsEntryPoint(field):
                    deepest = Math.Max(deepest, 1 + Depth(document, field.SelectionSet, fragmentsOnPath, fragmentDepths));
                    break;
                case GraphQLInlineFragment inline:
                    deepest = Math.Max(deepest, Depth(document, inline.SelectionSet, fragmentsOnPath, fragmentDepths));
                    break;
                // A fragment already on the path is a cycle, which NoFragmentCycles reports.
                case GraphQLFragmentSpread spread when document.FindFragmentDefinition(spread.FragmentName.Name.Value) is { } fragment:
                    var name = fragment.FragmentName.Name.StringValue;
                    if (!fragmentDepths.TryGetValue(name, out var fragmentDepth) && fragmentsOnPath.Add(name))
                    {
                        fragmentDepth = fragmentDepths[name] = Depth(document, fragment.SelectionSet, fragmentsOnPath, fragmentDepths);
                        fragmentsOnPath.Remove(name);
                    }
                    deepest = Math.Max(deepest, fragmentDepth);
                    break;
            }
        }
        return deepest;
    }
}
