using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Dangjian.Core.Documents;

namespace Dangjian.Core.Storage.Sqlite;

/// <summary>
/// Documents already read, by kind, id and version. Every read still asks SQLite for the rows and their versions, so
/// a cached document is only used when it is exactly the stored version (another process writing the same file —
/// import, restore — is seen at once); what it saves is turning the JSON back into a document, most of a read's cost
/// for directives with their full text. Documents are immutable records, so one instance can serve every request.
/// Bounded by the stored JSON's size; when full, a quarter of it is dropped, in no particular order.
/// </summary>
internal sealed class DocumentCache(long budgetBytes)
{
    private readonly ConcurrentDictionary<(string Collection, string Id), Entry> _entries = new();
    private readonly Lock _writing = new();
    private long _bytes;

    public bool TryGet<T>(string collection, string id, long version, [NotNullWhen(true)] out T? document) where T : Document
    {
        if (_entries.TryGetValue((collection, id), out var entry) && entry.Version == version && entry.Document is T typed)
        {
            document = typed;
            return true;
        }
        document = null;
        return false;
    }

    public void Add(string collection, string id, long version, Document document, int size)
    {
        // One document bigger than a hundredth of the budget would push out a hundred others.
        if (size > budgetBytes / 100)
            return;
        lock (_writing)
        {
            var key = (collection, id);
            if (_entries.TryGetValue(key, out var old))
            {
                if (old.Version >= version)
                    return;
                _bytes -= old.Size;
            }
            _entries[key] = new Entry(version, document, size);
            _bytes += size;
            if (_bytes > budgetBytes)
                Trim();
        }
    }

    private void Trim()
    {
        foreach (var (key, entry) in _entries)
        {
            if (_bytes <= budgetBytes * 3 / 4)
                break;
            if (_entries.TryRemove(key, out _))
                _bytes -= entry.Size;
        }
    }

    private sealed record Entry(long Version, Document Document, int Size);
}
