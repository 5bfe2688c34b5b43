using Dangjian.Core.Documents;
using GraphQL.Types;

namespace Dangjian.Api.GraphQL;

/// <summary>A GraphQL enum over a Core enum, with the CONSTANT_CASE names the stores use and a description per value.</summary>
public abstract class DescribedEnumType<TEnum> : EnumerationGraphType where TEnum : struct, Enum
{
    protected DescribedEnumType(string name, string description, IReadOnlyDictionary<TEnum, string> values)
    {
        Name = name;
        Description = description;
        foreach (var value in Enum.GetValues<TEnum>())
        {
            if (!values.TryGetValue(value, out var text))
                throw new InvalidOperationException($"{name}.{value} has no description.");
            Add(EnumNames.ToConstant(value), value, text);
        }
    }
}
