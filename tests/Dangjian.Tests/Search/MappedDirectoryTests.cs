using Dangjian.Core.Search;
using Dangjian.Tests.Support;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;

namespace Dangjian.Tests.Search;

/// <summary>
/// The serving index reads its files through <see cref="MappedDirectory"/>: a pointer into each file's mapping. It must
/// read exactly what Lucene's own directory reads, never outside a file (a bad offset is an exception, not an access
/// violation that ends the process), and never release a mapping a clone can still reach.
/// </summary>
public sealed class MappedDirectoryTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    /// <summary>Two segments: one of several files, one compound (read through slices of its .cfs).</summary>
    private void WriteIndex()
    {
        using var directory = FSDirectory.Open(_folder.Path);
        var config = new IndexWriterConfig(SearchAnalyzers.Version, new WhitespaceAnalyzer(SearchAnalyzers.Version)) { UseCompoundFile = false };
        using var writer = new IndexWriter(directory, config);
        for (var i = 0; i < 300; i++)
            writer.AddDocument(Entry(i));
        writer.Commit();
        writer.Config.UseCompoundFile = true;
        for (var i = 300; i < 320; i++)
            writer.AddDocument(Entry(i));
        writer.Commit();

        static Document Entry(int i) =>
        [
            new StringField("id", $"doc-{i:D4}", Field.Store.YES),
            new TextField("text", $"word{i % 7} common {string.Join(' ', Enumerable.Repeat($"w{i % 13}", i % 5 + 1))}", Field.Store.YES),
            new NumericDocValuesField("order", i),
        ];
    }

    [Fact]
    public void An_index_reads_the_same_through_the_mapping_as_through_lucenes_own_directory_and_checks_clean()
    {
        WriteIndex();
        using var own = FSDirectory.Open(_folder.Path);
        using var mapped = new MappedDirectory(_folder.Path);

        Assert.Equal(Read(own), Read(mapped));
        Assert.Equal(2, DirectoryReader.ListCommits(mapped).Single().SegmentCount);
        Assert.Contains(mapped.ListAll(), f => f.EndsWith(".cfs", StringComparison.Ordinal));
        // Lucene's CheckIndex reads every file of every segment: postings, positions, stored fields, doc values.
        var status = new CheckIndex(mapped).DoCheckIndex();
        Assert.True(status.Clean);
        Assert.Equal(2, status.NumSegments);

        static List<string> Read(Lucene.Net.Store.Directory directory)
        {
            using var reader = DirectoryReader.Open(directory);
            var searcher = new IndexSearcher(reader);
            var hits = searcher.Search(new PhraseQuery { new Term("text", "common"), new Term("text", "w3") }, 1000).ScoreDocs;
            var orders = reader.Leaves.SelectMany(l => Enumerable.Range(0, l.AtomicReader.MaxDoc).Select(d => l.AtomicReader.GetNumericDocValues("order").Get(d)));
            return [.. hits.Select(h => $"{searcher.Doc(h.Doc).Get("id")}:{h.Score}"), .. orders.Select(o => o.ToString(System.Globalization.CultureInfo.InvariantCulture))];
        }
    }

    [Fact]
    public void A_clone_stays_readable_after_its_original_is_closed_and_the_collector_has_run()
    {
        File.WriteAllBytes(Path.Combine(_folder.Path, "data"), [.. Enumerable.Range(0, 4096).Select(i => (byte)i)]);
        using var directory = new MappedDirectory(_folder.Path);
        var original = directory.OpenInput("data", IOContext.DEFAULT);
        original.Seek(1000);
        var clone = (IndexInput)original.Clone();
        original.Dispose();

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        Assert.Equal(1000, clone.Position);
        Assert.Equal((byte)(1000 % 256), clone.ReadByte());
        Assert.Equal(4096, clone.Length);
    }

    [Fact]
    public void Reads_and_seeks_outside_a_file_or_a_slice_fail_with_an_exception_and_an_empty_file_opens()
    {
        File.WriteAllBytes(Path.Combine(_folder.Path, "data"), [0, 0, 0, 42, 1, 2]);
        File.WriteAllBytes(Path.Combine(_folder.Path, "empty"), []);
        using var directory = new MappedDirectory(_folder.Path);
        using var input = directory.OpenInput("data", IOContext.DEFAULT);
        using var slicer = directory.CreateSlicer("data", IOContext.DEFAULT);
        using var slice = slicer.OpenSlice("part", 4, 2);
        using var empty = directory.OpenInput("empty", IOContext.DEFAULT);

        Assert.Equal(42, input.ReadInt32()); // big-endian, as Lucene writes it
        Assert.Throws<EndOfStreamException>(() => input.ReadInt32());
        Assert.Equal(4, input.Position); // a failed read moves nothing
        Assert.Throws<EndOfStreamException>(() => input.Seek(7));
        Assert.Throws<EndOfStreamException>(() => input.Seek(-1));
        Assert.Throws<EndOfStreamException>(() => input.ReadBytes(new byte[10], 0, 3));
        Assert.Equal([1, 2], new[] { slice.ReadByte(), slice.ReadByte() });
        Assert.Throws<EndOfStreamException>(() => slice.ReadByte()); // the slice's end, though the file goes on
        Assert.Throws<ArgumentException>(() => slicer.OpenSlice("beyond", 4, 3));
        Assert.Throws<ArgumentException>(() => slicer.OpenSlice("before", -1, 2));
        Assert.Equal(0, empty.Length);
        Assert.Throws<EndOfStreamException>(() => empty.ReadByte());
    }

    [Fact]
    public void A_truncated_index_file_is_an_exception_and_an_unclean_check_not_a_crash()
    {
        WriteIndex();
        var postings = System.IO.Directory.GetFiles(_folder.Path, "*.doc").Single();
        using (var file = new FileStream(postings, FileMode.Open, FileAccess.Write))
            file.SetLength(16); // inside the codec header
        using var mapped = new MappedDirectory(_folder.Path);

        var failure = Record.Exception(() => DirectoryReader.Open(mapped).Dispose());

        Assert.True(failure is IOException, failure?.ToString() ?? "no failure");
        Assert.False(new CheckIndex(mapped).DoCheckIndex().Clean);
    }
}
