using System.Buffers.Binary;
using System.IO.MemoryMappedFiles;
using Lucene.Net.Store;

namespace Dangjian.Core.Search;

/// <summary>
/// An index folder whose files are read straight from memory-mapped views. Lucene.Net's own <c>MMapDirectory</c>
/// reads through J2N's byte buffers, which take and release the mapping's safe handle (two interlocked operations)
/// for every byte: a profile of a broad search at a million documents put a fifth of its time there. Here a file is
/// mapped once, its address taken once, and a read is a bounds check and a load.
/// </summary>
/// <remarks>
/// A mapping is released by its finaliser, once neither the input that opened it nor any clone can reach it. Lucene
/// never reads a clone after the original is closed, but releasing the view on close would turn any such read into
/// an access violation that ends the process; this way the price of a mistake is a late release, not a crash. The
/// price in normal use: the disk space of a deleted file (a merged-away segment) comes back when the collector gets to
/// its mapping rather than at once (each mapping counts as memory pressure, so that is not left to a rare full collection).
/// </remarks>
public sealed class MappedDirectory(string path) : FSDirectory(new DirectoryInfo(path), null)
{
    public override IndexInput OpenInput(string name, IOContext context)
    {
        EnsureOpen();
        var path = Path.Combine(Directory.FullName, name);
        var file = MappedFile.Open(path);
        return new MappedInput($"MappedInput(path=\"{path}\")", file, 0, file.Length);
    }

    public override IndexInputSlicer CreateSlicer(string name, IOContext context)
    {
        EnsureOpen();
        var path = Path.Combine(Directory.FullName, name);
        return new Slicer(path, MappedFile.Open(path));
    }

    private sealed class Slicer(string path, MappedFile file) : IndexInputSlicer
    {
        public override IndexInput OpenSlice(string sliceDescription, long offset, long length)
        {
            if (offset < 0 || length < 0 || offset > file.Length - length)
                throw new ArgumentException($"Slice {sliceDescription} ({offset}+{length}) is outside {path} ({file.Length} bytes).");
            return new MappedInput($"MappedInput(path=\"{path}\" slice=\"{sliceDescription}\")", file, offset, length);
        }

        [Obsolete("Only for reading CFS files from 3.x indexes.")]
        public override IndexInput OpenFullSlice() => OpenSlice("full-slice", 0, file.Length);

        protected override void Dispose(bool disposing)
        {
        }
    }

    /// <summary>A file mapped read-only, its address held until the mapping is finalised.</summary>
    private sealed unsafe class MappedFile
    {
        private readonly MemoryMappedFile? _file;
        private readonly MemoryMappedViewAccessor? _view;

        private MappedFile(MemoryMappedFile? file, MemoryMappedViewAccessor? view, byte* start, long length)
        {
            _file = file;
            _view = view;
            Start = start;
            Length = length;
        }

        public byte* Start { get; }

        public long Length { get; }

        public static MappedFile Open(string path)
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            if (stream.Length == 0)
                return new MappedFile(null, null, null, 0); // an empty file cannot be mapped
            var file = MemoryMappedFile.CreateFromFile(stream, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: false);
            try
            {
                var view = file.CreateViewAccessor(0, stream.Length, MemoryMappedFileAccess.Read);
                byte* start = null;
                view.SafeMemoryMappedViewHandle.AcquirePointer(ref start);
                // Tells the collector what its finaliser holds, so that released mappings do not wait for a rare full collection.
                GC.AddMemoryPressure(stream.Length);
                return new MappedFile(file, view, start + view.PointerOffset, stream.Length);
            }
            catch
            {
                file.Dispose();
                throw;
            }
        }

        ~MappedFile()
        {
            // The safe handle is finalised after this (critical finalisation), so it is still valid here.
            if (_view is null)
                return;
            _view.SafeMemoryMappedViewHandle.ReleasePointer();
            _view.Dispose();
            _file?.Dispose();
            GC.RemoveMemoryPressure(Length);
        }
    }

    /// <summary>A file or a slice of one (a compound file's part); clones share the mapping and keep it alive.</summary>
    private sealed unsafe class MappedInput : IndexInput
    {
        private readonly MappedFile _file;
        private readonly byte* _start;
        private readonly long _length;
        private long _position;

        public MappedInput(string description, MappedFile file, long offset, long length) : base(description)
        {
            _file = file;
            _start = file.Start + offset;
            _length = length;
        }

        public override long Length => _length;

        public override long Position => _position;

        public override void Seek(long pos)
        {
            if (pos < 0 || pos > _length)
                throw new EndOfStreamException($"Seek to {pos} outside {this} ({_length} bytes).");
            _position = pos;
        }

        public override byte ReadByte()
        {
            if (_position >= _length)
                throw new EndOfStreamException($"Read past the end of {this}.");
            return _start[_position++];
        }

        public override void ReadBytes(byte[] b, int offset, int len)
        {
            Take(len).CopyTo(b.AsSpan(offset, len));
        }

        public override short ReadInt16() => BinaryPrimitives.ReadInt16BigEndian(Take(2));

        public override int ReadInt32() => BinaryPrimitives.ReadInt32BigEndian(Take(4));

        public override long ReadInt64() => BinaryPrimitives.ReadInt64BigEndian(Take(8));

        private ReadOnlySpan<byte> Take(int count)
        {
            if (count < 0 || count > _length - _position)
                throw new EndOfStreamException($"Read past the end of {this}.");
            var span = new ReadOnlySpan<byte>(_start + _position, count);
            _position += count;
            return span;
        }

        public override object Clone() => (MappedInput)base.Clone(); // shares the mapping and its finaliser's reach

        protected override void Dispose(bool disposing)
        {
            // Nothing to release here: the mapping goes when nothing reaches it (see the directory's remarks).
            GC.KeepAlive(_file);
        }
    }
}
