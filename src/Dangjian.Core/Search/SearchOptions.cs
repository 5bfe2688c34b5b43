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

    /// <summary>/health/ready turns unhealthy while the index is more than this many changes behind the store.</summary>
    public long MaxReadyLag { get; set; } = 1_000;

    /// <summary>
    /// Source tiers by kind type name (Directive, StudyMaterial, ActivityLog, Story), for the default relevance order:
    /// a higher tier comes first whatever the scores, kinds not named are tier 0. Researchers of a publicity archive
    /// expect primary sources (the directives) before the stories and logs that quote them, as policy databases list
    /// them; under BM25 alone a short story titled with the query outscores a long directive that uses it once.
    /// </summary>
    public Dictionary<string, int> KindTiers { get; set; } = new(StringComparer.OrdinalIgnoreCase) { [Documents.Kinds.Directive.TypeName] = 1 };

    /// <summary>How much heavier a match in the title weighs than one in the text.</summary>
    public float TitleBoost { get; set; } = 3f;

    /// <summary>
    /// Longest one search may collect hits before it is stopped with a TIMEOUT error: a query of very common words
    /// over a large archive must not hold a core for the whole request's time.
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(2);

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

    /// <summary>Documents read from the store per batch when rebuilding the index.</summary>
    public int RebuildBatchSize { get; set; } = 500;

    /// <summary>The indexing buffer before Lucene flushes a segment, in MB.</summary>
    public double RamBufferMB { get; set; } = 48;

    public string FullIndexDirectory(string dataDirectory) => Path.GetFullPath(Path.Combine(dataDirectory, IndexDirectory));
}
