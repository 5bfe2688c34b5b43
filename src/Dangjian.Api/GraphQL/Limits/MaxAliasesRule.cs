using Dangjian.Core;
using GraphQL.Validation;
using GraphQLParser.AST;

namespace Dangjian.Api.GraphQL.Limits;

/// <summary>
/// Refuses an operation with more aliased fields than allowed. Depth and complexity limits do not catch a flat
/// query that asks for one costly field a thousand times under different aliases; this does.
/// </summary>
public sealed class MaxAliasesRule(int maxAliases) : ValidationRuleBase
{
    public const string Code = ErrorCodes.TooManyAliases;

    public override ValueTask<INodeVisitor?> GetPreNodeVisitorAsync(ValidationContext context)
    {
        var count = CountAliases(context.Document);
        if (count > maxAliases)
        {
            context.ReportError(new ValidationError(context.Document.Source, null,
                $"The request uses {count} aliases; at most {maxAliases} are allowed. Ask for lists with one field and a page size instead.",
                context.Operation)
            { Code = Code });
        }
        return default;
    }

    /// <summary>Aliases in the whole document: operations and fragments (a fragment spread twice still counts once).</summary>
    private static int CountAliases(ASTNode node)
    {
        var count = node is GraphQLField { Alias: not null } ? 1 : 0;
        switch (node)
        {
            case GraphQLDocument document:
                foreach (var definition in document.Definitions)
                    count += CountAliases(definition);
                break;
            case IHasSelectionSetNode { SelectionSet: { } set }:
                foreach (var selection in set.Selections)
                    count += CountAliases(selection);
                break;
        }
        return count;
    }
}
