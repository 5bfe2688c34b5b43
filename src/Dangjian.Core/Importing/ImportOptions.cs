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
}
