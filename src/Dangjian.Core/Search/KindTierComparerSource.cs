using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace Dangjian.Core.Search;

/// <summary>
/// Sorts hits by their kind's source tier (<see cref="SearchOptions.KindTiers"/>), read from the kind's doc values.
/// The tier is looked up per segment ordinal, not stored in the index, so changing the tier table needs no reindex.
/// </summary>
internal sealed class KindTierComparerSource(IReadOnlyDictionary<string, int> tiersByTypeName) : FieldComparerSource
{
    // No tiers configured (the default) puts every kind in tier 0: the sort key is then the same for every hit, and
    // reading it from doc values for each of a broad search's hundreds of thousands of matches is pure cost.
    private readonly bool _uniform = tiersByTypeName.Values.All(tier => tier == 0);

    public override FieldComparer NewComparer(string fieldname, int numHits, int sortPos, bool reversed) =>
        new Comparer(tiersByTypeName, numHits, _uniform);

    private sealed class Comparer(IReadOnlyDictionary<string, int> tiers, int numHits, bool uniform) : FieldComparer<J2N.Numerics.Int32>
    {
        private readonly int[] _slots = new int[numHits];
        private readonly BytesRef _scratch = new();
        private SortedDocValues? _kinds;
        private int[] _tierOfOrdinal = [];
        private int _bottom;
        private int _top;

        public override J2N.Numerics.Int32 this[int slot] => _slots[slot];

        public override int Compare(int slot1, int slot2) => _slots[slot1].CompareTo(_slots[slot2]);

        public override void SetBottom(int slot) => _bottom = _slots[slot];

        public override void SetTopValue(J2N.Numerics.Int32 value) => _top = value;

        public override int CompareBottom(int doc) => _bottom.CompareTo(TierOf(doc));

        public override int CompareTop(int doc) => _top.CompareTo(TierOf(doc));

        public override void Copy(int slot, int doc) => _slots[slot] = TierOf(doc);

        public override FieldComparer SetNextReader(AtomicReaderContext context)
        {
            if (uniform)
                return this;
            _kinds = context.AtomicReader.GetSortedDocValues(SearchFields.Kind);
            // A segment holds at most the four searchable kinds: one lookup each, then an array read per hit.
            _tierOfOrdinal = new int[_kinds?.ValueCount ?? 0];
            for (var ord = 0; ord < _tierOfOrdinal.Length; ord++)
            {
                _kinds!.LookupOrd(ord, _scratch);
                _tierOfOrdinal[ord] = tiers.GetValueOrDefault(_scratch.Utf8ToString());
            }
            return this;
        }

        private int TierOf(int doc) => _kinds is not null && _kinds.GetOrd(doc) is var ord and >= 0 ? _tierOfOrdinal[ord] : 0;
    }
}
