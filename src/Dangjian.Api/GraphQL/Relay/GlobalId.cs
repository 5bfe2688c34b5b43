using System.Buffers.Text;
using System.Text;
using Dangjian.Core;

namespace Dangjian.Api.GraphQL.Relay;

/// <summary>
/// Relay global ids: base64 of "TypeName:localId", the shape HotChocolate uses, so ids are opaque to clients,
/// unique across kinds, and stable as long as the local id is.
/// </summary>
public readonly record struct GlobalId(string TypeName, string LocalId)
{
    private const int MaxLength = 300;

    public static string Encode(string typeName, string localId) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{typeName}:{localId}"));

    public override string ToString() => Encode(TypeName, LocalId);

    public static Result<GlobalId> Decode(string? value, string? expectedType = null)
    {
        if (string.IsNullOrEmpty(value) || value.Length > MaxLength || !Base64.IsValid(value))
            return Invalid(value);
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(Convert.FromBase64String(value));
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            return Invalid(value);
        }
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == text.Length - 1)
            return Invalid(value);
        var id = new GlobalId(text[..colon], text[(colon + 1)..]);
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
