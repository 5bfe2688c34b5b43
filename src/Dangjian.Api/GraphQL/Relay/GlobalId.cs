using Dangjian.Core;
using Dangjian.Core.Documents;

namespace Dangjian.Api.GraphQL.Relay;

/// <summary>
/// Relay global ids: base64 of "TypeName:localId", the shape HotChocolate uses, so ids are opaque to clients,
/// unique across kinds, and stable as long as the local id is.
/// </summary>
public readonly record struct GlobalId(string TypeName, string LocalId)
{
    public static string Encode(string typeName, string localId) => GlobalIds.Encode(typeName, localId);

    public override string ToString() => Encode(TypeName, LocalId);

    public static Result<GlobalId> Decode(string? value, string? expectedType = null)
    {
        if (GlobalIds.TryDecode(value) is not { } decoded)
            return Invalid(value);
        var id = new GlobalId(decoded.TypeName, decoded.LocalId);
        if (!IsSafeLocalId(id.LocalId) || !id.TypeName.All(char.IsAsciiLetter))
            return Invalid(value);
        if (expectedType is not null && id.TypeName != expectedType)
            return new Error(ErrorCodes.InvalidId, $"The ID '{Shorten(value)}' is a {id.TypeName} ID; a {expectedType} ID is needed here.");
        return id;
    }

    /// <summary>Local ids are short and plain: letters, digits, '-', '_' and '.' (section ids).</summary>
    public static bool IsSafeLocalId(string id) =>
        id.Length is > 0 and <= 100 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    private static Error Invalid(string? value) =>
        new(ErrorCodes.InvalidId, $"'{Shorten(value)}' is not a valid ID. Use an id returned by this API.");

    private static string Shorten(string? value) => value is null ? "" : value.Length > 40 ? value[..40] + "…" : value;
}
