using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace Dangjian.Core.Search;

/// <summary>
/// The documents one visibility rule lets through, per segment, and the ranking statistics over them alone.
/// <para>
/// BM25 scores a hit with statistics of the whole collection: how many documents hold each term (idf), how many
/// documents there are, and their average length. Taken over the whole index, as Lucene does, those numbers count
/// drafts, stories in review and archived material, so a reader's scores (and ranks, and cursors, which carry scores)
/// would move when an editor saves a hidden document with the same words, and anyone could count hidden documents
/// holding a word. Here every statistic is taken over the live documents the caller may see: the score of a hit is
/// then exactly what it would be in an index holding only those documents.
/// </para>
/// <para>
/// Cost: a bitset per segment and rule (built once per segment core), and per search the term counts of the query's
/// terms over visible documents, cached per segment state (core and deletions) and rule, so that only segments that
/// changed since the last search are counted again. Lengths come from the norms BM25 itself decodes, so the average
/// is over the very lengths the scores use.
/// </para>
/// </summary>
internal sealed class VisibleStatistics
{
    private const int MaxCachedTermsPerSegment = 8192;
    private const int MaxRulesPerSegment = 64;

    /// <summary>BM25's decoding of a one-byte norm into a field length (as <c>BM25Similarity.DecodeNormValue</c>).</summary>
    private static readonly float[] LengthOfNorm = BuildLengthTable();

    private readonly FilterBitsets _rules = new(MaxRulesPerSegment);
    private readonly ConditionalWeakTable<object, SegmentStatistics> _statisticsBySegment = new();

    /// <summary>A filter keeping the documents <paramref name="rule"/> matches, from the per-segment bitsets.</summary>
    public Filter FilterFor(Query rule) => new CachedConjunctionFilter([Clause(rule)]);

    /// <summary>The rule as a clause of a <see cref="CachedConjunctionFilter"/>, from the same per-segment bitsets.</summary>
    public (FilterBitsets Cache, Query Clause) Clause(Query rule) => (_rules, rule);

    /// <summary>A searcher over <paramref name="reader"/> whose term and collection statistics count only what <paramref name="rule"/> lets through.</summary>
    public IndexSearcher SearcherFor(IndexReader reader, Query rule) => new StatisticsSearcher(this, reader, rule);

    /// <summary>How many live documents in <paramref name="reader"/> the rule lets through.</summary>
    public long VisibleCount(IndexReader reader, Query rule) =>
        reader.Leaves.Sum(leaf => Segment(leaf.AtomicReader).Collection(this, leaf.AtomicReader, rule, field: null).Documents);

    /// <summary>Visible live documents holding <paramref name="term"/>.</summary>
    public long DocFreq(IndexReader reader, Query rule, Term term) =>
        reader.Leaves.Sum(leaf => Segment(leaf.AtomicReader).DocFreq(this, leaf.AtomicReader, rule, term));

    private FixedBitSet Visible(AtomicReader reader, Query rule) => _rules.Get(reader, rule);

    private SegmentStatistics Segment(AtomicReader reader) => _statisticsBySegment.GetValue(reader.CombinedCoreAndDeletesKey, _ => new SegmentStatistics());

    private static float[] BuildLengthTable()
    {
        var table = new float[256];
        for (var i = 0; i < 256; i++)
        {
            var f = SmallSingle.SByte315ToSingle((sbyte)i);
            table[i] = 1.0f / (f * f);
        }
        table[0] = 1.0f / table[255];
        return table;
    }

    /// <summary>Visible and live: what a statistic may count.</summary>
    private sealed class VisibleAndLive(FixedBitSet visible, IBits? live) : IBits
    {
        public int Length => visible.Length;

        public bool Get(int index) => visible.Get(index) && (live is null || live.Get(index));
    }

    private readonly record struct CollectionCounts(long Documents, long WithField, long SumLength);

    /// <summary>Counts over one segment in one state (its core and its deletions), per rule.</summary>
    private sealed class SegmentStatistics
    {
        private readonly ConcurrentDictionary<(Query Rule, string? Field), CollectionCounts> _collections = new();
        private readonly ConcurrentDictionary<(Query Rule, Term Term), long> _docFreqs = new();

        public CollectionCounts Collection(VisibleStatistics owner, AtomicReader reader, Query rule, string? field) =>
            _collections.GetOrAdd((rule, field), key =>
            {
                var visible = owner.Visible(reader, key.Rule);
                var live = reader.LiveDocs;
                var norms = key.Field is null ? null : reader.GetNormValues(key.Field);
                long documents = 0, withField = 0, sumLength = 0;
                for (var doc = visible.NextSetBit(0); doc >= 0; doc = doc + 1 < visible.Length ? visible.NextSetBit(doc + 1) : -1)
                {
                    if (live is not null && !live.Get(doc))
                        continue;
                    documents++;
                    if (norms is null)
                        continue;
                    var norm = (byte)norms.Get(doc);
                    if (norm == 0)
                        continue;
                    withField++;
                    // Whole lengths, summed as integers: the total is then the same however the documents fall into
                    // segments (float sums depend on their order), so equal visible sets give bit-equal scores.
                    sumLength += (long)Math.Round(LengthOfNorm[norm]);
                }
                return new CollectionCounts(documents, withField, sumLength);
            });

        public long DocFreq(VisibleStatistics owner, AtomicReader reader, Query rule, Term term)
        {
            if (_docFreqs.TryGetValue((rule, term), out var cached))
                return cached;
            var terms = reader.GetTerms(term.Field)?.GetEnumerator();
            long count = 0;
            if (terms is not null && terms.SeekExact(term.Bytes))
            {
                var docs = terms.Docs(new VisibleAndLive(owner.Visible(reader, rule), reader.LiveDocs), null, DocsFlags.NONE);
                while (docs.NextDoc() != DocIdSetIterator.NO_MORE_DOCS)
                    count++;
            }
            if (_docFreqs.Count >= MaxCachedTermsPerSegment)
                _docFreqs.Clear();
            // Terms are immutable once built; a copy keeps the key from sharing a caller's mutable bytes.
            _docFreqs[(rule, new Term(term.Field, BytesRef.DeepCopyOf(term.Bytes)))] = count;
            return count;
        }
    }

    /// <summary>
    /// An <see cref="IndexSearcher"/> whose statistics are those of the visible documents only. Term queries and phrase
    /// queries take their idf from <see cref="TermStatistics"/>, BM25 its document count and average field length from
    /// <see cref="CollectionStatistics"/>; nothing else in scoring reads the collection.
    /// </summary>
    private sealed class StatisticsSearcher : IndexSearcher
    {
        private readonly VisibleStatistics _owner;
        private readonly Query _rule;

        public StatisticsSearcher(VisibleStatistics owner, IndexReader reader, Query rule) : base(reader)
        {
            _owner = owner;
            _rule = rule;
            Similarity = SearchIndex.Similarity;
        }

        public override TermStatistics TermStatistics(Term term, TermContext context) =>
            // Total term frequency is not used by BM25; "unknown" (-1) cannot carry anything hidden either.
            new(term.Bytes, _owner.DocFreq(IndexReader, _rule, term), -1);

        public override CollectionStatistics CollectionStatistics(string field)
        {
            long documents = 0, withField = 0, sumLength = 0;
            foreach (var leaf in IndexReader.Leaves)
            {
                var counts = _owner.Segment(leaf.AtomicReader).Collection(_owner, leaf.AtomicReader, _rule, field);
                documents += counts.Documents;
                withField += counts.WithField;
                sumLength += counts.SumLength;
            }
            // maxDoc is what BM25 divides by (idf and average length): the visible documents, not the index's.
            return new CollectionStatistics(field, documents, withField, sumLength, -1);
        }
    }
}
