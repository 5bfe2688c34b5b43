namespace Dangjian.Api.Infrastructure;

/// <summary>The settings under "Dangjian" (environment: Dangjian__DataDirectory, Dangjian__Store …).</summary>
public sealed class DangjianOptions
{
    public const string Section = "Dangjian";

    /// <summary>Where the embedded database, the signing key and the search index live.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>"sqlite" (the embedded default) or "mongodb".</summary>
    public string Store { get; set; } = "sqlite";

    /// <summary>Load the sample documents into an empty store on start.</summary>
    public bool SeedOnStart { get; set; } = true;

    /// <summary>The folder of seed files; by default the seed-data folder shipped next to the executable.</summary>
    public string? SeedDirectory { get; set; }

    public string FullDataDirectory => Path.GetFullPath(DataDirectory);

    public string FullSeedDirectory => Path.GetFullPath(SeedDirectory ?? Path.Combine(AppContext.BaseDirectory, "seed-data"));
}
