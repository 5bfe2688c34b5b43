using System.Text;
using Dangjian.Core.Access;
using Dangjian.Core.Documents;
using Dangjian.Core.Editorial;
using Dangjian.Core.Storage;

namespace Dangjian.Core.Importing;

/// <summary>
/// Many texts imported in few commits (the import command's folders of files). Each text is checked, parsed and
/// compared with what the store already holds as it is <see cref="AddAsync">added</see>, and with the texts added to
/// this batch before it: a second copy of a text in the same batch (the same SHA-256, or the same
/// <see cref="TextFingerprint"/>) is "already imported" as the first one, exactly as it would be had the first been
/// committed on its own, and two texts naming one outside issuer add it once. <see cref="CommitAsync"/> then writes
/// every new directive added since the last commit, with the issuers they add or confirm, in one commit: one
/// transaction, one change-feed run, and on MongoDB one increment of the counter document for all of them.
/// </summary>
/// <remarks>
/// A commit is all or nothing. When it conflicts (someone else imported one of the texts, or added one of the issuers,
/// after the batch looked), the batch's texts are imported again one by one, each in its own commit as
/// <see cref="DirectiveImporter.ImportAsync"/> does, so the one that conflicts is found as imported before (or fails)
/// and the others are imported. Not thread-safe: one caller adds and commits.
/// </remarks>
public sealed class ImportBatch
{
    private readonly DirectiveImporter _importer;
    private readonly DocumentWriter _writer;
    private readonly Caller _caller;

    private readonly List<Item> _items = [];

    /// <summary>The pending items' indexes by their text's SHA-256 and fingerprint: the duplicates within the batch.</summary>
    private readonly Dictionary<string, int> _bySha = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _byFingerprint = new(StringComparer.Ordinal);

    /// <summary>Outside issuers this batch inserts, by id, as they will be inserted (a later published text may confirm one).</summary>
    private readonly Dictionary<string, Organization> _newIssuers = new(StringComparer.Ordinal);

    /// <summary>Stored provisional issuers that a published text of this batch confirms, by id, at the version read.</summary>
    private readonly Dictionary<string, Organization> _confirmedIssuers = new(StringComparer.Ordinal);

    /// <summary>The store's organisations by name, read once per batch: most files of a folder name the same issuer.</summary>
    private readonly Dictionary<string, IReadOnlyList<Organization>> _storedByName = new(StringComparer.Ordinal);

    internal ImportBatch(DirectiveImporter importer, DocumentWriter writer, Caller caller)
    {
        _importer = importer;
        _writer = writer;
        _caller = caller;
    }

    /// <summary>How many new directives wait to be committed.</summary>
    public int Pending { get; private set; }

    /// <summary>The UTF-8 bytes of their texts.</summary>
    public long PendingBytes { get; private set; }

    /// <summary>The last <see cref="CommitAsync"/> conflicted as a whole, and imported its texts one by one instead.</summary>
    public bool RetriedOneByOne { get; private set; }

    /// <summary>
    /// Checks, parses and compares <paramref name="request"/>; a new directive waits for <see cref="CommitAsync"/>. Its
    /// outcome comes from that commit, in the order added.
    /// </summary>
    public async Task AddAsync(ImportRequest request, CancellationToken cancellationToken)
    {
        var item = new Item(request);
        _items.Add(item);
        if (Permissions.RequireEditor(_caller, "import directives") is { } denied)
        {
            item.Done = denied;
            return;
        }
        if (_importer.Check(request) is { } invalid)
        {
            item.Done = invalid;
            return;
        }
        var sha = DirectiveImporter.Sha256Hex(request.Text);
        var fingerprint = TextFingerprint.Of(request.Text);
        if (await _importer.FindEarlierAsync(sha, fingerprint, cancellationToken) is { } earlier)
        {
            item.Done = new ImportResult(earlier.Directive, [], AlreadyImported: true) { Match = earlier.Match };
            return;
        }
        // A text pending here is the store's to be: the same order of checks as the store's (the very text, then its
        // fingerprint), so the answer is the one a commit per text would have given.
        if (_bySha.TryGetValue(sha, out var same))
        {
            (item.CopyOf, item.Match) = (same, ImportMatch.SameText);
            return;
        }
        if (_byFingerprint.TryGetValue(fingerprint, out var copy))
        {
            (item.CopyOf, item.Match) = (copy, ImportMatch.SameNormalizedText);
            return;
        }
        var prepared = await _importer.PrepareCheckedAsync(request, sha, OrganizationsNamedAsync, cancellationToken);
        if (prepared.NewIssuer is { } added)
            _newIssuers[added.Id] = added;
        if (prepared.ConfirmedIssuer is { } confirmed)
        {
            // An issuer this batch adds as provisional (a draft named it first) is inserted confirmed instead.
            if (_newIssuers.TryGetValue(confirmed.Id, out var pendingIssuer))
                _newIssuers[confirmed.Id] = pendingIssuer with { Provisional = false };
            else
                _confirmedIssuers[confirmed.Id] = confirmed;
        }
        item.Prepared = prepared;
        _bySha[sha] = _items.Count - 1;
        _byFingerprint.TryAdd(fingerprint, _items.Count - 1);
        Pending++;
        PendingBytes += Encoding.UTF8.GetByteCount(request.Text);
    }

    /// <summary>
    /// Commits the new directives added since the last commit, in one commit, and returns the outcome of every text
    /// added since then, in the order added (failures, texts imported before, and the new directives as stored).
    /// </summary>
    public async Task<IReadOnlyList<Result<ImportResult>>> CommitAsync(CancellationToken cancellationToken)
    {
        var items = _items.ToList();
        var writes = Writes(items);
        Clear();
        RetriedOneByOne = false;
        var results = new Result<ImportResult>[items.Count];
        if (writes.Count > 0)
        {
            var commit = await _writer.WriteAllAsync(_caller, writes, cancellationToken);
            switch (commit)
            {
                case CommitResult.Committed committed:
                    var stored = committed.Documents.OfType<Directive>().ToDictionary(d => d.Id, StringComparer.Ordinal);
                    for (var i = 0; i < items.Count; i++)
                        results[i] = items[i].Done ?? Outcome(items, i, stored);
                    return results;
                case CommitResult.Conflict:
                    RetriedOneByOne = true;
                    for (var i = 0; i < items.Count; i++)
                        results[i] = items[i].Done ?? await _importer.ImportAsync(_caller, items[i].Request, cancellationToken);
                    return results;
                default:
                    throw new InvalidOperationException($"Unexpected commit result {commit}.");
            }
        }
        for (var i = 0; i < items.Count; i++)
            results[i] = items[i].Done ?? throw new InvalidOperationException("A text with nothing to write has an outcome already.");
        return results;
    }

    /// <summary>
    /// Every text's writes in the order added, each issuer before the first directive that names it, so that links
    /// point backwards within the commit; each issuer written once.
    /// </summary>
    private List<DocumentWrite> Writes(List<Item> items)
    {
        var writes = new List<DocumentWrite>();
        var issuers = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            if (item.Prepared is not { } prepared)
                continue;
            var note = item.Request.SourceName is null ? null : $"from {item.Request.SourceName}";
            if (prepared.ConfirmedIssuer is { } confirmed && _confirmedIssuers.ContainsKey(confirmed.Id) && issuers.Add(confirmed.Id))
                writes.Add(new DocumentWrite(confirmed with { Provisional = false }, confirmed.Version, DirectiveImporter.Action, note));
            if (prepared.NewIssuer is { } added && issuers.Add(added.Id))
                writes.Add(DocumentWrite.Insert(_newIssuers[added.Id], DirectiveImporter.Action, note));
            writes.Add(DocumentWrite.Insert(prepared.Directive, DirectiveImporter.Action, note));
        }
        return writes;
    }

    private static ImportResult Outcome(List<Item> items, int index, Dictionary<string, Directive> stored)
    {
        var item = items[index];
        if (item.Prepared is { } prepared)
            return new ImportResult(stored[prepared.Directive.Id], prepared.Warnings, AlreadyImported: false);
        var first = items[item.CopyOf!.Value].Prepared!;
        return new ImportResult(stored[first.Directive.Id], [], AlreadyImported: true) { Match = item.Match };
    }

    /// <summary>
    /// The organisations named <paramref name="name"/> as they will be once this batch is committed: the store's, with
    /// those this batch confirms no longer provisional, and the outside issuers this batch adds.
    /// </summary>
    private async Task<IReadOnlyList<Organization>> OrganizationsNamedAsync(string name, CancellationToken cancellationToken)
    {
        if (!_storedByName.TryGetValue(name, out var stored))
            _storedByName[name] = stored = await _importer.OrganizationsNamedAsync(name, cancellationToken);
        return stored
            .Select(o => _confirmedIssuers.ContainsKey(o.Id) ? o with { Provisional = false } : o)
            .Concat(_newIssuers.Values.Where(o => o.Name == name && stored.All(s => s.Id != o.Id)))
            .OrderBy(o => o.Id, StringComparer.Ordinal)
            .Take(2)
            .ToList();
    }

    private void Clear()
    {
        _items.Clear();
        _bySha.Clear();
        _byFingerprint.Clear();
        _newIssuers.Clear();
        _confirmedIssuers.Clear();
        // Read again for the next batch: others may have added or confirmed organisations meanwhile.
        _storedByName.Clear();
        Pending = 0;
        PendingBytes = 0;
    }

    private sealed class Item(ImportRequest request)
    {
        public ImportRequest Request { get; } = request;

        /// <summary>The outcome when known without a commit: a failure, or a text the store holds already.</summary>
        public Result<ImportResult>? Done { get; set; }

        /// <summary>What this text writes, when it is new.</summary>
        public PreparedImport? Prepared { get; set; }

        /// <summary>The index of the pending item this text is a copy of, and how it matched.</summary>
        public int? CopyOf { get; set; }

        public ImportMatch Match { get; set; }
    }
}
