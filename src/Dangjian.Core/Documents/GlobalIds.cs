using System.Buffers.Text;
using System.Text;

namespace Dangjian.Core.Documents;

/// <summary>
/// The id a document has outside the store: base64 of "TypeName:localId" (HotChocolate's Relay shape). GraphQL,
/// permalinks, exports and the command line all show this one id, so a client needs one id type; only the store
/// keeps local ids. The API's <c>GlobalId</c> decodes it with typed errors; this is the codec itself.
/// </summary>
public static class GlobalIds
{
    public const int MaxLength = 300;

    public static string Encode(string typeName, string localId) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{typeName}:{localId}"));

    /// <summary>The type name and local id in <paramref name="value"/>, or null when it is not a global id.</summary>
    public static (string TypeName, string LocalId)? TryDecode(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > MaxLength || !Base64.IsValid(value))
            return null;
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(Convert.FromBase64String(value));
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            return null;
        }
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == text.Length - 1)
            return null;
        return (text[..colon], text[(colon + 1)..]);
    }
}
