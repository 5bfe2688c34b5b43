namespace Dangjian.Core.Importing;

/// <summary>The settings under "Dangjian:Import" (environment: Dangjian__Import__MaxBytes).</summary>
public sealed class ImportOptions
{
    public const string Section = "Dangjian:Import";

    /// <summary>
    /// The largest text accepted, in bytes of UTF-8: 2 MiB. The longest 公文 are a few hundred kilobytes; a bigger
    /// "text" is almost surely something else, and the limit keeps one request from holding a megabyte-sized parse.
    /// </summary>
    public long MaxBytes { get; set; } = 2 * 1024 * 1024;

    /// <summary>
    /// The largest file accepted (a .docx or .pdf, or a text file), in bytes: 16 MiB. A PDF of a 公文 with its fonts
    /// embedded is well under a megabyte; what is larger carries images (a scan) or something else, and a file is held
    /// in memory while its text is extracted.
    /// </summary>
    public long MaxFileBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>
    /// How many bytes a .docx (a ZIP archive) may hold once decompressed, all its parts together: 64 MiB. Checked by
    /// decompressing, not by trusting the archive's own figures, so that a zip bomb is refused after reading at most
    /// this much.
    /// </summary>
    public long MaxExpandedBytes { get; set; } = 64 * 1024 * 1024;

    /// <summary>How many parts a .docx may have: a real one has a few dozen.</summary>
    public int MaxArchiveEntries { get; set; } = 1000;

    /// <summary>How many pages of a PDF are read: 200. A 公文 has a handful; the bound keeps a hostile file's work finite.</summary>
    public int MaxPdfPages { get; set; } = 200;

    /// <summary>The largest <see cref="BatchSize"/> accepted, from configuration or the command line.</summary>
    public const int MaxBatchSize = 1000;

    /// <summary>
    /// How many new directives the import command commits at a time: 100. Each commit is a transaction that takes
    /// MongoDB's one counter document once, so a folder of 10,000 files contends for it 100 times instead of 10,000;
    /// a larger batch saves little more and holds the store's writer (and a MongoDB transaction) longer. 1 to
    /// <see cref="MaxBatchSize"/>; the command's --batch-size overrides it for one run.
    /// </summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>
    /// A batch is also committed once the texts waiting in it reach this many bytes of UTF-8: 16 MiB. The directive
    /// keeps its original text, and its revision a second copy, so a batch of a hundred 2 MB texts would otherwise be
    /// a transaction of several hundred megabytes, held in memory until it commits.
    /// </summary>
    public long BatchMaxBytes { get; set; } = 16 * 1024 * 1024;
}
