using System.Globalization;
using Lucene.Net.Index;
using Lucene.Net.Store;

namespace Dangjian.Core.Search;

/// <summary>An index found in an instance's index folder: where, in which layout, at which checkpoint, and whether it serves.</summary>
public sealed record FoundIndex(string Path, int? Layout, long? Checkpoint, bool Serving, bool Legacy);

/// <summary>
/// What to open in an index folder: the index that serves searches and follows the feed, the one to build beside it
/// (when the serving one is of another layout), and left-overs to delete.
/// </summary>
public sealed record IndexFolderPlan(FoundIndex Serving, string? Candidate, IReadOnlyList<FoundIndex> Stale);

/// <summary>
/// The layout of an instance's index folder. Each index layout has a folder of its own, <c>layout-{n}</c>, so that a
/// new layout can be built beside the one serving, which stays in its folder until the swap (see <see cref="SearchIndex"/>).
/// The serving index says so in its commit data; a folder of the current layout without that mark is one still being
/// built (or built but not yet swapped in). Index files directly in the folder are an index of the versions before
/// per-layout folders: they serve as the others do until a swap replaces them.
/// </summary>
public static class SearchIndexFolders
{
    public const string Prefix = "layout-";

    public static string PathFor(string root, int layout) =>
        System.IO.Path.Combine(root, Prefix + layout.ToString(CultureInfo.InvariantCulture));

    /// <summary>
    /// Every index in the folder: the legacy one in the folder itself, and one per <c>layout-{n}</c> folder holding a
    /// commit. Folders whose name is not <c>layout-</c> and a plain number are not ours and are ignored.
    /// </summary>
    public static IReadOnlyList<FoundIndex> Find(string root)
    {
        var found = new List<FoundIndex>();
        if (!System.IO.Directory.Exists(root))
            return found;
        if (Read(root, legacy: true) is { } legacy)
            found.Add(legacy);
        foreach (var folder in System.IO.Directory.EnumerateDirectories(root, Prefix + "*"))
        {
            if (LayoutOfFolder(folder) is null)
                continue;
            if (Read(folder, legacy: false) is { } index)
                found.Add(index);
        }
        return found;
    }

    /// <summary>The folder holding the serving index (what `check` and retention read); null when there is no index yet.</summary>
    public static string? ServingPath(string root, int layout) => Find(root).Count == 0 ? null : Plan(root, layout).Serving.Path;

    /// <summary>
    /// Decides what to open:
    /// <list type="bullet">
    /// <item>the current layout's folder, marked serving: it serves; everything else is a left-over of a finished swap;</item>
    /// <item>else an index marked serving (or the legacy one) serves, with the highest checkpoint if there are several
    /// (a crash between two marks); when its layout is not the current one, the current layout is built beside it;</item>
    /// <item>else the current layout's folder, unmarked (restored from a snapshot, or built beside an index since
    /// removed) serves;</item>
    /// <item>else a new index in the current layout's folder.</item>
    /// </list>
    /// </summary>
    public static IndexFolderPlan Plan(string root, int layout)
    {
        var found = Find(root);
        var currentPath = PathFor(root, layout);
        var current = found.FirstOrDefault(f => !f.Legacy && f.Path == currentPath && f.Layout == layout);
        if (current is { Serving: true })
            return new IndexFolderPlan(current, null, Others(current));
        var serving = found.Where(f => f != current && (f.Serving || f.Legacy)).OrderByDescending(f => f.Checkpoint ?? -1).FirstOrDefault();
        if (serving is null)
        {
            var chosen = current ?? new FoundIndex(currentPath, layout, null, Serving: true, Legacy: false);
            return new IndexFolderPlan(chosen, null, Others(chosen));
        }
        if (serving.Layout == layout)
            return new IndexFolderPlan(serving, null, Others(serving));
        return new IndexFolderPlan(serving, currentPath, found.Where(f => f != serving && f != current).ToList());

        List<FoundIndex> Others(FoundIndex kept) => found.Where(f => f != kept).ToList();
    }

    /// <summary>Deletes an index: a layout folder whole; the legacy index's files only (the layout folders live beside them).</summary>
    public static void Delete(FoundIndex index)
    {
        if (!index.Legacy)
        {
            if (System.IO.Directory.Exists(index.Path))
                System.IO.Directory.Delete(index.Path, recursive: true);
            return;
        }
        foreach (var file in System.IO.Directory.EnumerateFiles(index.Path))
            File.Delete(file);
    }

    private static int? LayoutOfFolder(string folder)
    {
        var suffix = System.IO.Path.GetFileName(folder)[Prefix.Length..];
        return suffix.Length is > 0 and <= 9 && suffix.All(char.IsAsciiDigit) ? int.Parse(suffix, CultureInfo.InvariantCulture) : null;
    }

    private static FoundIndex? Read(string path, bool legacy)
    {
        using var directory = FSDirectory.Open(path);
        if (!DirectoryReader.IndexExists(directory))
            return null;
        var commit = DirectoryReader.ListCommits(directory)[^1];
        return new FoundIndex(path, SearchIndex.LayoutOf(commit), SearchIndex.CheckpointOf(commit), SearchIndex.IsServing(commit), legacy);
    }
}
