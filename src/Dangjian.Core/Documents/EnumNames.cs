using System.Text.Json;

namespace Dangjian.Core.Documents;

/// <summary>
/// Enum values as the API, the JSON documents and both stores spell them: CONSTANT_CASE (InReview → IN_REVIEW),
/// the convention of GraphQL and of HotChocolate's schemas. One naming policy serves all of them.
/// </summary>
public static class EnumNames
{
    public static JsonNamingPolicy Policy => JsonNamingPolicy.SnakeCaseUpper;

    public static string ToConstant(Enum value) => Policy.ConvertName(value.ToString());

    public static bool TryParse(Type enumType, string constant, out Enum value)
    {
        foreach (var candidate in Enum.GetValues(enumType).Cast<Enum>())
        {
            if (ToConstant(candidate) == constant)
            {
                value = candidate;
                return true;
            }
        }
        value = null!;
        return false;
    }

    public static bool TryParse<TEnum>(string constant, out TEnum value) where TEnum : struct, Enum
    {
        if (TryParse(typeof(TEnum), constant, out var parsed))
        {
            value = (TEnum)parsed;
            return true;
        }
        value = default;
        return false;
    }
}
