using System.Buffers;
using System.Globalization;
using System.Text;
using Dangjian.Core.Access;
using Dangjian.Core.Documents;
using Dangjian.Core.Storage;

namespace Dangjian.Core.Editorial;

/// <summary>
/// Collects every problem with an input before anything is written, so a client learns all of them at once, each
/// with the input field at fault.
/// </summary>
public sealed class InputRules
{
    public const int MaxTitle = 200;
    public const int MaxBody = 100_000;
    public const int MaxShortText = 2_000;
    public const int MaxListItems = 100;
    public const int MaxTag = 50;

    private readonly List<Error> _problems = [];

    public bool IsValid => _problems.Count == 0;

    public Error? Error => ValidationErrors.Of(_problems);

    public void Fail(string message, params string[] path) => _problems.Add(Core.Error.Validation(message, ["input", .. path]));

    public string Required(string? value, string field, int maxLength)
    {
        var trimmed = value?.Trim() ?? "";
        if (trimmed.Length == 0)
            Fail($"{field} is required.", field);
        else
            Text(trimmed, field, maxLength);
        return trimmed;
    }

    public string? Optional(string? value, string field, int maxLength)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
            return null;
        Text(trimmed, field, maxLength);
        return trimmed;
    }

    public IReadOnlyList<string> List(IReadOnlyList<string>? values, string field, int maxLength = MaxTag)
    {
        if (values is null)
            return [];
        if (values.Count > MaxListItems)
            Fail($"{field} may have at most {MaxListItems} items.", field);
        var cleaned = values.Select(v => v?.Trim() ?? "").Where(v => v.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        foreach (var value in cleaned)
            Text(value, field, maxLength);
        return cleaned;
    }

    /// <summary>
    /// A list of people's names (an activity's participants): each trimmed, its inner spaces made one, and kept once.
    /// Unlike tags, a blank name is refused rather than dropped (it says the list is not what the client meant to send),
    /// and so is a name with a line break, a control or formatting character (a right-to-left override would show a
    /// name other than the one stored) or a list separator (、，,；;): that is several names typed as one, which would then
    /// be found, filtered and shown as one person. Each problem names the item at fault (input.participants.3).
    /// </summary>
    public IReadOnlyList<string> Names(IReadOnlyList<string>? values, string field, int maxItems, int maxLength)
    {
        if (values is null)
            return [];
        if (values.Count > maxItems)
        {
            // Nothing more is read of a list this long: one error, not one per item.
            Fail($"{field} may name at most {maxItems} people (it has {values.Count}).", field);
            return [];
        }
        var names = new List<string>(values.Count);
        for (var i = 0; i < values.Count; i++)
        {
            var item = i.ToString(CultureInfo.InvariantCulture);
            // Spaces around a name go (a pasted "张三\n" is 张三); what is left may hold none of the characters below.
            var value = (values[i] ?? "").Trim();
            if (HasForbiddenCharacter(value))
            {
                Fail($"{field}[{i}] contains a line break, control or formatting character.", field, item);
                continue;
            }
            var name = string.Join(' ', value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
            if (name.Length == 0)
                Fail($"{field}[{i}] is empty: leave it out instead.", field, item);
            else if (name.Length > maxLength)
                Fail($"{field}[{i}] may be at most {maxLength} characters (it has {name.Length}).", field, item);
            else if (name.AsSpan().IndexOfAny(NameSeparators) >= 0)
                Fail($"{field}[{i}] ('{name}') holds a list separator: give one name per item.", field, item);
            else
                names.Add(name);
        }
        return names.Distinct(StringComparer.Ordinal).ToList();
    }

    private static readonly SearchValues<char> NameSeparators = SearchValues.Create("、，,；;");

    /// <summary>A character no name holds: a control, a formatting or line/paragraph separator, or half of a surrogate pair.</summary>
    private static bool HasForbiddenCharacter(string value)
    {
        for (var i = 0; i < value.Length;)
        {
            if (Rune.DecodeFromUtf16(value.AsSpan(i), out var rune, out var used) != OperationStatus.Done)
                return true;
            if (Rune.IsControl(rune) || Rune.GetUnicodeCategory(rune) is UnicodeCategory.Format
                    or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator)
                return true;
            i += used;
        }
        return false;
    }

    public void Range(int value, int min, int max, string field)
    {
        if (value < min || value > max)
            Fail($"{field} must be from {min} to {max}.", field);
    }

    public void NotBefore(DateTimeOffset? value, DateTimeOffset earliest, string field)
    {
        if (value < earliest)
            Fail($"{field} cannot be before {earliest:yyyy-MM-dd}.", field);
    }

    public void NotAfter(DateTimeOffset? value, DateTimeOffset latest, string field)
    {
        if (value > latest)
            Fail($"{field} cannot be in the future.", field);
    }

    /// <summary>The day the Communist Party of China was founded: no document of this archive can be dated before it.</summary>
    public static readonly DateOnly EarliestDate = new(1921, 7, 1);

    /// <summary>
    /// A historical date given by an editor or an import: not before <see cref="EarliestDate"/> and not after
    /// <paramref name="today"/> (China time), since a date of the past is what it is for.
    /// </summary>
    public void HistoricalDate(DateOnly value, DateOnly today, string field)
    {
        if (value < EarliestDate)
            Fail($"{field} cannot be before {EarliestDate:yyyy-MM-dd}.", field);
        else if (value > today)
            Fail($"{field} cannot be in the future (today is {today:yyyy-MM-dd} in China).", field);
    }

    /// <summary>Each id must name an existing document the caller may see (and that <paramref name="refusal"/>, when given, does not refuse).</summary>
    public async Task ExistAsync<T>(IDocumentStore store, Caller caller, DocumentKind<T> kind, IReadOnlyCollection<string> ids, string field,
        CancellationToken cancellationToken, Func<T, string?>? refusal = null) where T : Document
    {
        if (ids.Count == 0)
            return;
        var found = (await store.GetManyAsync(kind, ids, cancellationToken)).Where(d => Visibility.CanSee(d, caller)).ToDictionary(d => d.Id, StringComparer.Ordinal);
        foreach (var id in ids)
        {
            if (!found.TryGetValue(id, out var document))
                Fail($"{field}: no {kind.TypeName} with id '{id}'.", field);
            else if (refusal?.Invoke(document) is { } reason)
                Fail($"{field}: {reason}", field);
        }
    }

    /// <summary>
    /// Each id must name an organisation the caller may see that a story or an activity may belong to: not a draft
    /// import's provisional issuer. Readers do not see that one until a published directive names it, so a published
    /// story or any activity pointing at it would give its id away (in <c>/d/{id}</c> JSON and exports) while its
    /// <c>submittingOrganization</c> could not be shown.
    /// </summary>
    public Task OrganizationsExistAsync(IDocumentStore store, Caller caller, IReadOnlyCollection<string> ids, string field, CancellationToken cancellationToken) =>
        ExistAsync(store, caller, Kinds.Organization, ids, field, cancellationToken, organization => organization.Provisional
            ? $"{organization.Name} ('{organization.Id}') is provisional, the new issuer of a draft import: only a directive may name it until a published directive confirms it."
            : null);

    /// <summary>Each id must name a section of an existing directive the caller may see.</summary>
    public async Task SectionsExistAsync(IDocumentStore store, Caller caller, IReadOnlyCollection<string> sectionIds, string field,
        CancellationToken cancellationToken)
    {
        if (sectionIds.Count == 0)
            return;
        var directiveIds = sectionIds.Select(DirectiveSection.DirectiveIdOf).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var known = (await store.GetManyAsync(Kinds.Directive, directiveIds, cancellationToken))
            .Where(d => Visibility.CanSee(d, caller))
            .SelectMany(d => d.SectionIds)
            .ToHashSet(StringComparer.Ordinal);
        foreach (var missing in sectionIds.Where(id => !known.Contains(id)))
            Fail($"{field}: no directive section with id '{missing}'.", field);
    }

    private void Text(string value, string field, int maxLength)
    {
        if (value.Length > maxLength)
            Fail($"{field} may be at most {maxLength} characters (it has {value.Length}).", field);
        if (value.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')))
            Fail($"{field} contains control characters.", field);
    }
}
