using System.Globalization;
using Dangjian.Api.GraphQL.Relay;
using Dangjian.Core;

namespace Dangjian.Api.GraphQL.Mutations;

/// <summary>
/// Reads a mutation's input object (already type-checked by GraphQL) into Core values, decoding global IDs and
/// collecting every bad id with its path. A field left out (or null) means "leave as it is".
/// </summary>
public sealed class InputReader(IDictionary<string, object?> input)
{
    private readonly List<Error> _problems = [];

    public Error? Error => ValidationErrors.Of(_problems);

    public string? String(string name) => input.TryGetValue(name, out var value) ? value as string : null;

    public int? Int(string name) => input.TryGetValue(name, out var value) && value is int i ? i : null;

    public bool? Bool(string name) => input.TryGetValue(name, out var value) && value is bool b ? b : null;

    public DateOnly? Date(string name) => input.TryGetValue(name, out var value) && value is DateOnly d ? d : null;

    public DateTimeOffset? DateTime(string name) => input.TryGetValue(name, out var value) && value is DateTimeOffset d ? d : null;

    public TEnum? Enum<TEnum>(string name) where TEnum : struct, System.Enum =>
        input.TryGetValue(name, out var value) && value is TEnum e ? e : null;

    public IReadOnlyList<string>? Strings(string name) => List<string>(name);

    /// <summary>A list of values GraphQL already parsed (strings, enum values); null when left out.</summary>
    public IReadOnlyList<T>? List<T>(string name) =>
        input.TryGetValue(name, out var value) && value is IEnumerable<object?> items ? items.OfType<T>().ToList() : null;

    /// <summary>The version the client read; required on every change to an existing document.</summary>
    public long Version(string name = "expectedVersion") => Int(name) ?? 0;

    public IDictionary<string, object?>? Object(string name) =>
        input.TryGetValue(name, out var value) ? value as IDictionary<string, object?> : null;

    public IReadOnlyList<IDictionary<string, object?>>? Objects(string name) =>
        input.TryGetValue(name, out var value) && value is IEnumerable<object?> items ? items.OfType<IDictionary<string, object?>>().ToList() : null;

    /// <summary>The local id behind a global ID of <paramref name="type"/>; null (and a recorded problem) when it is not one.</summary>
    public string? Id(string name, string type)
    {
        var raw = String(name);
        return raw is null ? null : Decode(raw, type, ["input", name]);
    }

    public IReadOnlyList<string>? Ids(string name, string type)
    {
        var raw = Strings(name);
        return raw?.Select((id, i) => Decode(id, type, ["input", name, i.ToString(CultureInfo.InvariantCulture)])).OfType<string>().ToList();
    }

    /// <summary>Records a problem found by the caller (e.g. in a nested input).</summary>
    public void Fail(Error error) => _problems.Add(error);

    public string? Decode(string raw, string type, string[] path)
    {
        var decoded = GlobalId.Decode(raw, type);
        if (decoded.IsSuccess)
            return decoded.Value.LocalId;
        _problems.Add(decoded.Error! with { Path = path });
        return null;
    }
}
