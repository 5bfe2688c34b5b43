using Dangjian.Core.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace Dangjian.Core.Search;

/// <summary>
/// Counts kinds, years, top-level organisations and tags over every match, from doc values. Counting is by
/// ordinal within a segment (an array increment per value); ordinals become strings once per segment, for the
/// values that occurred, so the cost per match stays a few array reads.
/// </summary>
internal sealed class FacetCollector : ICollector
{
    private readonly Dictionary<string, int> _kinds = new(StringComparer.Ordinal);
    private readonly Dictionary<int, int> _years = [];
    private readonly Dictionary<string, int> _organizations = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _tags = new(StringComparer.Ordinal);
    private readonly BytesRef _scratch = new();

    // Years 1900–2099 are counted in an array; any other in the dictionary.
    private const int FirstYear = 1900;
    private const int YearSpan = 200;
    private readonly int[] _yearCounts = new int[YearSpan];
    private int _year;
    private long _yearStart = long.MaxValue;
    private long _yearEnd = long.MinValue;

    private SortedDocValues? _kind;
    private int[] _kindCounts = [];
    private NumericDocValues? _date;
    private SortedSetDocValues? _organization;
    private int[] _organizationCounts = [];
    private SortedSetDocValues? _tag;
    private int[] _tagCounts = [];

    public bool AcceptsDocsOutOfOrder => true;

    public void SetScorer(Scorer scorer)
    {
    }

    public void SetNextReader(AtomicReaderContext context)
    {
        FlushSegment();
        var reader = context.AtomicReader;
        _kind = reader.GetSortedDocValues(SearchFields.Kind);
        _kindCounts = new int[_kind?.ValueCount ?? 0];
        _date = reader.GetNumericDocValues(SearchFields.Date);
        _organization = reader.GetSortedSetDocValues(SearchFields.TopOrganization);
        _organizationCounts = new int[_organization?.ValueCount ?? 0];
        _tag = reader.GetSortedSetDocValues(SearchFields.Tag);
        _tagCounts = new int[_tag?.ValueCount ?? 0];
    }

    public void Collect(int doc)
    {
        if (_kind is not null && _kind.GetOrd(doc) is var kind and >= 0)
            _kindCounts[kind]++;
        if (_date is not null)
            CountYear(_date.Get(doc));
        CountOrdinals(_organization, _organizationCounts, doc);
        CountOrdinals(_tag, _tagCounts, doc);
    }

    /// <summary>
    /// Matches cluster in few years, so the year of the previous match is kept with its range in Unix milliseconds:
    /// most matches cost two comparisons and an array increment instead of a calendar conversion and a dictionary update.
    /// </summary>
    private void CountYear(long unixMilliseconds)
    {
        if (unixMilliseconds < _yearStart || unixMilliseconds >= _yearEnd)
        {
            _year = SearchDocumentMapper.YearOf(unixMilliseconds);
            _yearStart = YearStart(_year);
            _yearEnd = YearStart(_year + 1);
        }
        if (_year - FirstYear is >= 0 and < YearSpan)
            _yearCounts[_year - FirstYear]++;
        else
            _years[_year] = _years.GetValueOrDefault(_year) + 1;
    }

    private static long YearStart(int year) =>
        year is > 1 and < 9999 ? new DateTimeOffset(year, 1, 1, 0, 0, 0, ChinaTime.Offset).ToUnixTimeMilliseconds() : year <= 1 ? long.MinValue : long.MaxValue;

    public SearchFacets Result(int maxValues) => Merge([this], maxValues);

    /// <summary>The counts of collectors that each saw part of the matches (the slices of one search), added up.</summary>
    public static SearchFacets Merge(IReadOnlyList<FacetCollector> parts, int maxValues)
    {
        var kinds = new Dictionary<string, int>(StringComparer.Ordinal);
        var years = new Dictionary<int, int>();
        var organizations = new Dictionary<string, int>(StringComparer.Ordinal);
        var tags = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var part in parts)
        {
            part.Finish();
            AddAll(kinds, part._kinds);
            AddAll(years, part._years);
            AddAll(organizations, part._organizations);
            AddAll(tags, part._tags);
        }
        return new SearchFacets(
            kinds.Select(k => new FacetCount<DocumentKind>(Kinds.FromTypeName(k.Key)!, k.Value))
                .OrderByDescending(f => f.Count).ThenBy(f => f.Value.TypeName, StringComparer.Ordinal).ToList(),
            years.Select(y => new FacetCount<int>(y.Key, y.Value)).OrderByDescending(f => f.Value).ToList(),
            Top(organizations, maxValues),
            Top(tags, maxValues));
    }

    /// <summary>Folds the current segment's ordinal counts and the year array into the dictionaries.</summary>
    private void Finish()
    {
        FlushSegment();
        for (var i = 0; i < YearSpan; i++)
        {
            if (_yearCounts[i] > 0)
                _years[FirstYear + i] = _years.GetValueOrDefault(FirstYear + i) + _yearCounts[i];
        }
        Array.Clear(_yearCounts);
    }

    private static void AddAll<TKey>(Dictionary<TKey, int> into, Dictionary<TKey, int> counts) where TKey : notnull
    {
        foreach (var (key, count) in counts)
            into[key] = into.GetValueOrDefault(key) + count;
    }

    private static List<FacetCount<string>> Top(Dictionary<string, int> counts, int max) =>
        counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).Take(max)
            .Select(c => new FacetCount<string>(c.Key, c.Value)).ToList();

    private static void CountOrdinals(SortedSetDocValues? values, int[] counts, int doc)
    {
        if (values is null)
            return;
        values.SetDocument(doc);
        long ord;
        while ((ord = values.NextOrd()) != SortedSetDocValues.NO_MORE_ORDS)
            counts[ord]++;
    }

    private void FlushSegment()
    {
        for (var ord = 0; ord < _kindCounts.Length; ord++)
        {
            if (_kindCounts[ord] == 0)
                continue;
            _kind!.LookupOrd(ord, _scratch);
            Add(_kinds, _scratch.Utf8ToString(), _kindCounts[ord]);
        }
        Flush(_organization, _organizationCounts, _organizations);
        Flush(_tag, _tagCounts, _tags);
        _kindCounts = _organizationCounts = _tagCounts = [];
    }

    private void Flush(SortedSetDocValues? values, int[] counts, Dictionary<string, int> into)
    {
        for (var ord = 0; ord < counts.Length; ord++)
        {
            if (counts[ord] == 0)
                continue;
            values!.LookupOrd(ord, _scratch);
            Add(into, _scratch.Utf8ToString(), counts[ord]);
        }
    }

    private static void Add(Dictionary<string, int> counts, string value, int count) =>
        counts[value] = counts.GetValueOrDefault(value) + count;
}
