namespace Dangjian.Core.Search;

/// <summary>The settings under "Dangjian:Search".</summary>
public sealed class SearchOptions
{
    public const string Section = "Dangjian:Search";

    /// <summary>The index folder; relative paths are under the data directory. One per API instance: never share it.</summary>
    public string IndexDirectory { get; set; } = "index";

    /// <summary>How often the indexer asks the change feed for new changes when it has caught up.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// How often applied changes are committed to disk with their checkpoint. Between commits they are searchable
    /// (near-real-time) but a crash forgets them, and the indexer replays them from the change feed on the next start.
    /// </summary>
    public TimeSpan CommitInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Change-feed entries read and applied per batch.</summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>
    /// While the indexer applies full batches back to back (a new instance catching up, a burst of imports), how long
    /// their changes may wait to become searchable: each time they are, Lucene flushes a segment and applies the
    /// batch's deletes to every segment, a quarter of a catch-up's time when done per batch. A batch that reaches the
    /// feed's head is searchable at once. Zero: every batch at once.
    /// </summary>
    public TimeSpan PublishInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long the feed must have been quiet (nothing new applied) before the indexer merges the index's small
    /// segments (<see cref="QuietSegments"/>): each batch made searchable adds a segment, and a search pays for each.
    /// Zero: never (Lucene's own merging only).
    /// </summary>
    public TimeSpan QuietMergeAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How many segments a quiet merge leaves: with 2, the large segment a rebuild or restore left stays as it is and
    /// only the small ones written since are merged; 1 rewrites the whole index each time (about 18 s at a million documents).
    /// </summary>
    public int QuietSegments { get; set; } = 2;

    /// <summary>/health/ready turns unhealthy while the index is more than this many changes behind the store.</summary>
    public long MaxReadyLag { get; set; } = 1_000;

    /// <summary>
    /// How far behind the feed's head (as it was when the instance started) a starting instance may be and take traffic:
    /// 0, it has replayed everything committed before it started. Until then /health/ready is unhealthy whatever
    /// <see cref="MaxReadyLag"/> says: a fresh instance with an empty index, a few hundred changes behind, would
    /// otherwise answer searches with almost nothing.
    /// </summary>
    public long StartReadyLag { get; set; }

    /// <summary>
    /// Source tiers by kind type name (Directive, StudyMaterial, ActivityLog, Story), for the default relevance order:
    /// a higher tier comes first whatever the scores, kinds not named are tier 0. None by default: on the judged set
    /// (bench/relevance) putting every directive first cost more than it gained (网格员: the party members serving as
    /// grid workers are in stories and logs), so the default order is the match; a deployment whose readers want
    /// primary sources first sets e.g. Directive = 1.
    /// </summary>
    public Dictionary<string, int> KindTiers { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// How much a match in the title weighs against one in the text. Less than 1: measured on the judged set
    /// (bench/relevance, docs/performance.md), a title that names the query (every article of a law titled with it,
    /// an interpretation whose title names a court) said less about a hit than its text; 3 cost 0.04 nDCG@10, and
    /// with the pool extended 0.1 did better than 0.3 (0.703 against 0.684 together with <see cref="SynonymBoost"/> 1).
    /// </summary>
    public float TitleBoost { get; set; } = 0.1f;

    /// <summary>What a whole SmartCn word adds beside its bigrams, so that 防控 as a word ranks above 预防控制.</summary>
    public float WordBoost { get; set; } = 1.5f;

    /// <summary>What an unquoted run of words (a question, a term written together) adds where it occurs exactly as typed.</summary>
    public float ExactBoost { get; set; } = 2f;

    /// <summary>What each bigram of a long word of a question adds (停车位 → 车位): recall for words the text says otherwise.</summary>
    public float PartialBoost { get; set; } = 0.3f;

    /// <summary>
    /// Longest one search may collect hits before it is stopped with a TIMEOUT error: a query of very common words
    /// over a large archive must not hold a core for the whole request's time.
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// What a synonym's match weighs against a match of what was typed: 1, the same, since the list holds forms of one
    /// meaning (新冠 = 新冠肺炎); on the judged set 0.8 and 0.5 each cost the abbreviations (0.755 → 0.719 → 0.673).
    /// </summary>
    public float SynonymBoost { get; set; } = 1f;

    /// <summary>
    /// The synonym list editors maintain (one group a line, see <see cref="SynonymList"/>), relative to the data
    /// directory; read again when it changes. Created with the curated default list when missing; empty for none.
    /// </summary>
    public string SynonymsFile { get; set; } = "synonyms.txt";

    /// <summary>
    /// A search that finds this many documents or fewer is offered a corrected query ("did you mean") when one
    /// spelling a character away finds more (习进平 → 习近平).
    /// </summary>
    public int SuggestBelow { get; set; } = 3;

    /// <summary>How many times more documents a corrected word must find than the word as typed (which may be a rare real word).</summary>
    public int SuggestFactor { get; set; } = 5;

    /// <summary>The longest query accepted, in characters.</summary>
    public int MaxQueryLength { get; set; } = 256;

    /// <summary>The most words and phrases one query may have.</summary>
    public int MaxQueryTerms { get; set; } = 32;

    /// <summary>Characters per highlighted fragment of the text (titles are highlighted whole).</summary>
    public int FragmentSize { get; set; } = 100;

    /// <summary>Fragments per highlighted text.</summary>
    public int MaxFragments { get; set; } = 3;

    /// <summary>How many organisations and tags the facets list, most frequent first.</summary>
    public int MaxFacetValues { get; set; } = 20;

    /// <summary>
    /// The most threads one search is scored on (slices of the index, merged); 1 scores every search on the caller's
    /// thread. More than the cores helps nothing.
    /// </summary>
    public int SearchSlices { get; set; } = Environment.ProcessorCount;

    /// <summary>
    /// A search is cut into one slice per this many documents in the index (up to <see cref="SearchSlices"/>): below it
    /// handing work to another thread costs more than it saves.
    /// </summary>
    public int MinDocumentsPerSlice { get; set; } = 250_000;

    /// <summary>Documents read from the store per batch when rebuilding the index.</summary>
    public int RebuildBatchSize { get; set; } = 500;

    /// <summary>The indexing buffer before Lucene flushes a segment, in MB.</summary>
    public double RamBufferMB { get; set; } = 48;

    /// <summary>Index snapshots: where, how often, how many are kept, and whether a new instance starts from one.</summary>
    public SnapshotOptions Snapshots { get; set; } = new();

    public string FullIndexDirectory(string dataDirectory) => Path.GetFullPath(Path.Combine(dataDirectory, IndexDirectory));
}
