using System.Runtime.CompilerServices;
using Dangjian.Core.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace Dangjian.Core.Search;

/// <summary>
/// Counts kinds, years, top-level organisations and tags over every match, from each segment's
/// <see cref="SegmentFacetValues"/>. Counting is by ordinal within a segment (an array increment per value);
/// ordinals become strings once per segment, for the values that occurred, so the cost per match stays a few array reads.
/// </summary>
internal sealed class FacetCollector(FacetValueCache values) : ICollector
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

    private SortedDocValues? _kind;
    private int[] _kindCounts = [];
    private SortedSetDocValues? _organization;
    private int[] _organizationCounts = [];
    private SortedSetDocValues? _tag;
    private int[] _tagCounts = [];
    private SegmentFacetValues _segment = SegmentFacetValues.Empty;

    public bool AcceptsDocsOutOfOrder => true;

    public void SetScorer(Scorer scorer)
    {
    }

    public void SetNextReader(AtomicReaderContext context)
    {
        FlushSegment();
        var reader = context.AtomicReader;
        // The doc values only name the ordinals that occurred (FlushSegment); what each document holds is read from arrays.
        _kind = reader.GetSortedDocValues(SearchFields.Kind);
        _kindCounts = new int[_kind?.ValueCount ?? 0];
        _organization = reader.GetSortedSetDocValues(SearchFields.TopOrganization);
        _organizationCounts = new int[_organization?.ValueCount ?? 0];
        _tag = reader.GetSortedSetDocValues(SearchFields.Tag);
        _tagCounts = new int[_tag?.ValueCount ?? 0];
        _segment = values.Get(reader);
    }

    public void Collect(int doc)
    {
        var segment = _segment;
        if (segment.Kinds[doc] is var kind and >= 0)
            _kindCounts[kind]++;
        var year = segment.Years[doc];
        if (year - FirstYear is >= 0 and < YearSpan)
            _yearCounts[year - FirstYear]++;
        else
            _years[year] = _years.GetValueOrDefault(year) + 1;
        CountOrdinals(segment.Organizations, _organizationCounts, doc);
        CountOrdinals(segment.Tags, _tagCounts, doc);
    }

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

    private static void CountOrdinals(SegmentFacetValues.Ordinals values, int[] counts, int doc)
    {
        for (int i = values.Starts[doc], end = values.Starts[doc + 1]; i < end; i++)
            counts[values.Values[i]]++;
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

/// <summary>
/// What each document of a segment counts under in the facets, as arrays: the kind's ordinal, the year, the ordinals of
/// its top-level organisations and tags. Lucene.Net reads doc values from the memory-mapped file a byte at a time through
/// several layers; at a million documents those reads were a third of a faceted search of 54,000 matches. Built once per
/// segment core on its first faceted search (about 9 bytes a document plus 4 per organisation and tag) and dropped with it.
/// </summary>
internal sealed class SegmentFacetValues
{
    public static readonly SegmentFacetValues Empty = new([], [], new([0], []), new([0], []));

    private SegmentFacetValues(sbyte[] kinds, short[] years, Ordinals organizations, Ordinals tags)
    {
        Kinds = kinds;
        Years = years;
        Organizations = organizations;
        Tags = tags;
    }

    /// <summary>The kind's ordinal in the segment's kind doc values, -1 for none (there are four kinds).</summary>
    public sbyte[] Kinds { get; }

    /// <summary>The year of the document's date in China.</summary>
    public short[] Years { get; }

    public Ordinals Organizations { get; }

    public Ordinals Tags { get; }

    /// <summary>A document's ordinals are <c>Values[Starts[doc]..Starts[doc + 1]]</c>.</summary>
    public sealed record Ordinals(int[] Starts, int[] Values);

    public static SegmentFacetValues Build(AtomicReader reader)
    {
        var count = reader.MaxDoc;
        var kinds = new sbyte[count];
        var kind = reader.GetSortedDocValues(SearchFields.Kind);
        if (kind is not null && kind.ValueCount > sbyte.MaxValue)
            throw new InvalidOperationException("More kinds than a facet array holds.");
        for (var doc = 0; doc < count; doc++)
            kinds[doc] = (sbyte)(kind?.GetOrd(doc) ?? -1);
        var years = new short[count];
        var date = reader.GetNumericDocValues(SearchFields.Date);
        long start = long.MaxValue, end = long.MinValue;
        short year = 0;
        for (var doc = 0; doc < count; doc++)
        {
            // Documents cluster in few years: the previous year's range answers most of them without a calendar conversion.
            var milliseconds = date?.Get(doc) ?? 0;
            if (milliseconds < start || milliseconds >= end)
            {
                var found = SearchDocumentMapper.YearOf(milliseconds);
                year = (short)found;
                start = YearStart(found);
                end = YearStart(found + 1);
            }
            years[doc] = year;
        }
        return new SegmentFacetValues(kinds, years, Read(reader.GetSortedSetDocValues(SearchFields.TopOrganization), count),
            Read(reader.GetSortedSetDocValues(SearchFields.Tag), count));
    }

    private static long YearStart(int year) =>
        year is > 1 and < 9999 ? new DateTimeOffset(year, 1, 1, 0, 0, 0, ChinaTime.Offset).ToUnixTimeMilliseconds() : year <= 1 ? long.MinValue : long.MaxValue;

    private static Ordinals Read(SortedSetDocValues? values, int count)
    {
        var starts = new int[count + 1];
        var all = new List<int>(count);
        for (var doc = 0; doc < count; doc++)
        {
            starts[doc] = all.Count;
            if (values is null)
                continue;
            values.SetDocument(doc);
            long ord;
            while ((ord = values.NextOrd()) != SortedSetDocValues.NO_MORE_ORDS)
                all.Add((int)ord);
        }
        starts[count] = all.Count;
        return new Ordinals(starts, all.ToArray());
    }
}

/// <summary>Each segment core's <see cref="SegmentFacetValues"/>, built once (a merged-away segment takes its values with it).</summary>
internal sealed class FacetValueCache
{
    private readonly ConditionalWeakTable<object, Lazy<SegmentFacetValues>> _byCore = new();

    public SegmentFacetValues Get(AtomicReader reader) =>
        _byCore.GetValue(reader.CoreCacheKey, _ => new Lazy<SegmentFacetValues>(() => SegmentFacetValues.Build(reader))).Value;
}
