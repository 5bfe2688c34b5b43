using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Lucene.Net.Index;
using Lucene.Net.Store;

namespace Dangjian.Core.Search;

/// <summary>The settings under "Dangjian:Search:Snapshots".</summary>
public sealed class SnapshotOptions
{
    /// <summary>
    /// The folder snapshots are written to and restored from; relative paths are under the data directory. Empty (the
    /// default): no snapshots. Instances of one deployment share it (one volume), so that a new one finds them.
    /// </summary>
    public string Directory { get; set; } = "";

    /// <summary>How often this instance takes a snapshot (when its index has moved since the last); zero: never.</summary>
    public TimeSpan Interval { get; set; }

    /// <summary>How many snapshots are kept, newest first; older ones are deleted after each new one.</summary>
    public int Keep { get; set; } = 3;

    /// <summary>A starting instance whose index folder is empty restores the newest usable snapshot before it follows the feed.</summary>
    public bool RestoreOnStart { get; set; } = true;

    public string? FullDirectory(string dataDirectory) =>
        string.IsNullOrWhiteSpace(Directory) ? null : Path.GetFullPath(Path.Combine(dataDirectory, Directory));
}

/// <summary>One file of a snapshot, with its length and SHA-256 (lowercase hex).</summary>
public sealed record SnapshotFile(string Name, long Length, string Sha256);

/// <summary>
/// What a snapshot holds, written last (manifest.json) into its folder: the index layout its entries are in, the
/// change-feed checkpoint they reflect, how many documents, and each file with its checksum. <see cref="Checksum"/> is
/// the SHA-256 of the file list itself, so a manifest whose list was damaged is refused as well as a damaged file.
/// </summary>
public sealed record SnapshotManifest(
    int Format,
    int Layout,
    long Checkpoint,
    int Documents,
    DateTimeOffset TakenAt,
    IReadOnlyList<SnapshotFile> Files,
    string Checksum)
{
    public const int CurrentFormat = 1;

    public static string ChecksumOf(IEnumerable<SnapshotFile> files)
    {
        var text = new StringBuilder();
        foreach (var file in files.OrderBy(f => f.Name, StringComparer.Ordinal))
            text.Append(CultureInfo.InvariantCulture, $"{file.Name} {file.Length} {file.Sha256}\n");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}

/// <summary>A snapshot found in the folder: where it is and what its manifest says.</summary>
public sealed record StoredSnapshot(string Path, SnapshotManifest Manifest);

/// <summary>Why a snapshot was not used.</summary>
public sealed record SkippedSnapshot(string Path, string Reason);

/// <summary>What a restore did: the snapshot restored (null: none was usable) and the ones skipped, newest first.</summary>
public sealed record RestoreOutcome(StoredSnapshot? Restored, IReadOnlyList<SkippedSnapshot> Skipped);

/// <summary>
/// Index snapshots in a folder: taken from a serving index without stopping it, restored into an empty index folder.
/// Each snapshot is a folder <c>snapshot-{checkpoint}-{time}-{random}</c> holding the Lucene files of one commit and
/// a manifest. It is written under a temporary name (starting with '.') and renamed when complete, so a reader never
/// sees half a snapshot; a rename within one file system is atomic.
/// <para>Only a folder is supported. An object store (S3, MinIO, Azure Blob) would be a second implementation of the
/// same four steps: list manifests, publish a complete staged folder under a new key (the manifest last), fetch one
/// into a local folder, delete old ones; restore and the checksums would stay as they are.</para>
/// </summary>
public sealed class IndexSnapshots(string folder)
{
    public const string ManifestName = "manifest.json";
    private const string Prefix = "snapshot-";
    private const string TemporaryPrefix = ".tmp-";
    private static readonly TimeSpan AbandonedAfter = TimeSpan.FromHours(1);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true, UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip };

    public string Folder => folder;

    /// <summary>
    /// Copies the index's current commit into a new snapshot. The writer keeps indexing meanwhile: the commit's files
    /// are held by the snapshot policy until the copy is done. Null when the index cannot be snapshotted now (a rebuild).
    /// </summary>
    public async Task<StoredSnapshot?> TakeAsync(SearchIndex index, TimeProvider time, CancellationToken cancellationToken)
    {
        using var commit = index.Snapshot();
        if (commit is null)
            return null;
        System.IO.Directory.CreateDirectory(folder);
        var staging = Path.Combine(folder, TemporaryPrefix + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(staging);
        try
        {
            var files = new List<SnapshotFile>();
            foreach (var name in commit.Commit.FileNames.Order(StringComparer.Ordinal))
                files.Add(await CopyOutAsync(commit.Commit.Directory, name, Path.Combine(staging, name), cancellationToken));
            // The copy is opened as an index before it is published: it must read, and say what the commit said.
            int documents;
            using (var copied = FSDirectory.Open(staging))
            using (var reader = DirectoryReader.Open(copied))
            {
                if (SearchIndex.CheckpointOf(reader) != commit.Checkpoint)
                    throw new InvalidDataException("The copied index does not hold the checkpoint of the commit it was copied from.");
                documents = reader.NumDocs;
            }
            var takenAt = time.GetUtcNow();
            var manifest = new SnapshotManifest(SnapshotManifest.CurrentFormat, commit.Layout, commit.Checkpoint, documents, takenAt, files,
                SnapshotManifest.ChecksumOf(files));
            await using (var stream = new FileStream(Path.Combine(staging, ManifestName), FileMode.CreateNew, FileAccess.Write))
            {
                await JsonSerializer.SerializeAsync(stream, manifest, Json, cancellationToken);
                await FlushToDiskAsync(stream, cancellationToken);
            }
            var folderName = string.Create(CultureInfo.InvariantCulture,
                $"{Prefix}{commit.Checkpoint:D19}-{takenAt:yyyyMMdd'T'HHmmssfff}-{Guid.NewGuid().ToString("N")[..6]}");
            var final = Path.Combine(folder, folderName);
            System.IO.Directory.Move(staging, final);
            return new StoredSnapshot(final, manifest);
        }
        catch
        {
            TryDelete(staging);
            throw;
        }
    }

    /// <summary>The snapshots whose manifest can be read, newest checkpoint first (damaged ones are found by <see cref="RestoreLatest"/>).</summary>
    public IReadOnlyList<StoredSnapshot> List()
    {
        if (!System.IO.Directory.Exists(folder))
            return [];
        var found = new List<StoredSnapshot>();
        foreach (var path in System.IO.Directory.EnumerateDirectories(folder, Prefix + "*"))
        {
            if (ReadManifest(path, out _) is { } manifest)
                found.Add(new StoredSnapshot(path, manifest));
        }
        return found.OrderByDescending(s => s.Manifest.Checkpoint).ThenByDescending(s => s.Manifest.TakenAt).ToList();
    }

    /// <summary>
    /// Restores the newest snapshot in <paramref name="layout"/> into <paramref name="indexFolder"/>, which must hold no
    /// index. A snapshot of another layout, one whose manifest cannot be read, names a file outside its folder, or
    /// whose files do not match their checksums, is skipped for the next; when none is usable nothing is restored and
    /// the index is built from the store. Files are copied into a folder beside the index's and renamed into place, so
    /// an interrupted restore leaves no half index.
    /// </summary>
    /// <remarks>Synchronous, like opening the index itself: it runs once, when the instance's index is first opened.</remarks>
    public RestoreOutcome RestoreLatest(string indexFolder, int layout, CancellationToken cancellationToken)
    {
        var skipped = new List<SkippedSnapshot>();
        if (!System.IO.Directory.Exists(folder))
            return new RestoreOutcome(null, skipped);
        var candidates = new List<StoredSnapshot>();
        foreach (var path in System.IO.Directory.EnumerateDirectories(folder, Prefix + "*"))
        {
            if (ReadManifest(path, out var problem) is { } manifest)
                candidates.Add(new StoredSnapshot(path, manifest));
            else
                skipped.Add(new SkippedSnapshot(path, problem!));
        }
        foreach (var candidate in candidates.OrderByDescending(s => s.Manifest.Checkpoint).ThenByDescending(s => s.Manifest.TakenAt))
        {
            if (candidate.Manifest.Layout != layout)
            {
                skipped.Add(new SkippedSnapshot(candidate.Path, $"index layout {candidate.Manifest.Layout}, this version needs {layout}"));
                continue;
            }
            var problem = TryRestore(candidate, indexFolder, cancellationToken);
            if (problem is null)
                return new RestoreOutcome(candidate, skipped);
            skipped.Add(new SkippedSnapshot(candidate.Path, problem));
        }
        return new RestoreOutcome(null, skipped);
    }

    /// <summary>Deletes all but the <paramref name="keep"/> newest snapshots, and staging folders abandoned by a crash.</summary>
    public int Prune(int keep, TimeProvider time)
    {
        if (!System.IO.Directory.Exists(folder))
            return 0;
        var deleted = 0;
        foreach (var old in List().Skip(Math.Max(keep, 1)))
        {
            if (TryDelete(old.Path))
                deleted++;
        }
        foreach (var staging in System.IO.Directory.EnumerateDirectories(folder, TemporaryPrefix + "*"))
        {
            if (time.GetUtcNow() - System.IO.Directory.GetLastWriteTimeUtc(staging) > AbandonedAfter)
                TryDelete(staging);
        }
        return deleted;
    }

    /// <summary>Restores this snapshot into an empty index folder; null when done, else why it could not be.</summary>
    public static string? TryRestore(StoredSnapshot snapshot, string indexFolder, CancellationToken cancellationToken)
    {
        if (System.IO.Directory.Exists(indexFolder) && System.IO.Directory.EnumerateFileSystemEntries(indexFolder).Any())
            throw new InvalidOperationException($"The index folder {indexFolder} is not empty: a snapshot is restored only into an empty one.");
        var parent = Path.GetDirectoryName(Path.GetFullPath(indexFolder))!;
        System.IO.Directory.CreateDirectory(parent);
        var staging = Path.Combine(parent, TemporaryPrefix + "restore-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(staging);
        try
        {
            foreach (var file in snapshot.Manifest.Files)
            {
                var source = Path.Combine(snapshot.Path, file.Name);
                if (!File.Exists(source))
                    return $"{file.Name} is missing";
                cancellationToken.ThrowIfCancellationRequested();
                var copied = CopyFile(source, Path.Combine(staging, file.Name));
                if (copied.Length != file.Length || !string.Equals(copied.Sha256, file.Sha256, StringComparison.Ordinal))
                    return $"{file.Name} does not match its checksum";
            }
            using (var directory = FSDirectory.Open(staging))
            {
                if (!DirectoryReader.IndexExists(directory))
                    return "its files hold no index";
                using var reader = DirectoryReader.Open(directory);
                if (SearchIndex.CheckpointOf(reader) != snapshot.Manifest.Checkpoint || SearchIndex.LayoutOf(reader.IndexCommit) != snapshot.Manifest.Layout)
                    return "its index does not hold the checkpoint and layout its manifest names";
            }
            if (System.IO.Directory.Exists(indexFolder))
                System.IO.Directory.Delete(indexFolder); // empty, checked above
            System.IO.Directory.Move(staging, indexFolder);
            return null;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or CorruptIndexException or UnauthorizedAccessException)
        {
            return $"it could not be read ({e.Message})";
        }
        finally
        {
            if (System.IO.Directory.Exists(staging))
                TryDelete(staging);
        }
    }

    /// <summary>The manifest of a snapshot folder; null with the reason when it is missing, unreadable or inconsistent.</summary>
    private static SnapshotManifest? ReadManifest(string path, out string? problem)
    {
        SnapshotManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<SnapshotManifest>(File.ReadAllBytes(Path.Combine(path, ManifestName)), Json);
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException or NotSupportedException)
        {
            problem = $"its manifest cannot be read ({e.Message})";
            return null;
        }
        problem = manifest switch
        {
            null => "its manifest is empty",
            { Format: not SnapshotManifest.CurrentFormat } => $"manifest format {manifest.Format}, this version reads {SnapshotManifest.CurrentFormat}",
            { Files: null or { Count: 0 } } or { Checksum: null } or { Checkpoint: < 0 } => "its manifest is incomplete",
            _ when manifest.Files.Any(f => f is null || !IsPlainFileName(f.Name) || f.Sha256 is null)
                => "its manifest names a file that is not a plain name in its folder",
            _ when !string.Equals(SnapshotManifest.ChecksumOf(manifest.Files), manifest.Checksum, StringComparison.Ordinal)
                => "its manifest's file list does not match its checksum",
            _ => null,
        };
        return problem is null ? manifest : null;
    }

    /// <summary>A Lucene file name: letters, digits, '_' and '.', never a path or a name of this folder's own files.</summary>
    private static bool IsPlainFileName(string? name) =>
        !string.IsNullOrEmpty(name) && name.Length <= 128 && name != ManifestName && name[0] != '.'
        && name.All(c => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_' or '.');

    private static async Task<SnapshotFile> CopyOutAsync(Lucene.Net.Store.Directory source, string name, string target, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 16];
        long length;
        using (var input = source.OpenInput(name, IOContext.READ_ONCE))
        await using (var output = new FileStream(target, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
        {
            length = input.Length;
            for (long done = 0; done < length;)
            {
                var count = (int)Math.Min(buffer.Length, length - done);
                input.ReadBytes(buffer, 0, count);
                hash.AppendData(buffer, 0, count);
                await output.WriteAsync(buffer.AsMemory(0, count), cancellationToken);
                done += count;
            }
            await FlushToDiskAsync(output, cancellationToken);
        }
        return new SnapshotFile(name, length, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    private static SnapshotFile CopyFile(string source, string target)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 16];
        long length = 0;
        using (var input = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16))
        using (var output = new FileStream(target, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
        {
            int read;
            while ((read = input.Read(buffer)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                output.Write(buffer, 0, read);
                length += read;
            }
            output.Flush(flushToDisk: true);
        }
        return new SnapshotFile(Path.GetFileName(target), length, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    /// <summary>A snapshot is published only when its files are on disk: a rename that outlives a power cut must not name lost data.</summary>
    private static async Task FlushToDiskAsync(FileStream stream, CancellationToken cancellationToken)
    {
        await stream.FlushAsync(cancellationToken);
        // FlushAsync empties the stream's buffer only; the operating system's is written by this one, which has no async form.
#pragma warning disable CA1849
        stream.Flush(flushToDisk: true);
#pragma warning restore CA1849
    }

    private static bool TryDelete(string path)
    {
        try
        {
            System.IO.Directory.Delete(path, recursive: true);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false; // read by a restore right now, or already gone; the next prune tries again
        }
    }
}
