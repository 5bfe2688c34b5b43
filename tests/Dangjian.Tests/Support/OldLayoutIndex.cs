using System.Globalization;
using Dangjian.Core.Search;
using Dangjian.Core.Storage;
using Lucene.Net.Index;
using Lucene.Net.Store;

namespace Dangjian.Tests.Support;

/// <summary>
/// An index as the previous version of the API left it: built from the store and serving, its commit marked with the
/// layout before <see cref="SearchIndex.Layout"/> (what a build of that version wrote), in that layout's folder or, for
/// the versions before per-layout folders, in the index folder itself.
/// </summary>
public static class OldLayoutIndex
{
    public const int Layout = SearchIndex.Layout - 1;

    public static async Task CreateAsync(IDocumentStore store, string indexFolder, bool legacy, CancellationToken cancellationToken)
    {
        if (System.IO.Directory.Exists(indexFolder))
            System.IO.Directory.Delete(indexFolder, recursive: true);
        using (var index = SearchIndex.Open(indexFolder))
            await new SearchIndexer(store, index).CatchUpAsync(cancellationToken);
        var current = SearchIndexFolders.PathFor(indexFolder, SearchIndex.Layout);
        Relabel(current, Layout);
        if (legacy)
        {
            foreach (var file in System.IO.Directory.EnumerateFiles(current))
                File.Move(file, Path.Combine(indexFolder, Path.GetFileName(file)));
            System.IO.Directory.Delete(current);
        }
        else
        {
            System.IO.Directory.Move(current, SearchIndexFolders.PathFor(indexFolder, Layout));
        }
    }

    /// <summary>Rewrites the layout in an index's commit data, keeping its entries, checkpoint and serving mark.</summary>
    public static void Relabel(string folder, int layout)
    {
        using var directory = FSDirectory.Open(folder);
        using var writer = new IndexWriter(directory, new IndexWriterConfig(SearchAnalyzers.Version, null) { OpenMode = OpenMode.APPEND });
        var data = new Dictionary<string, string>(writer.CommitData) { ["dangjian.layout"] = layout.ToString(CultureInfo.InvariantCulture) };
        writer.SetCommitData(data);
        writer.Commit();
    }
}
