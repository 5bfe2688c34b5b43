using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text;
using GraphQL.PersistedDocuments;
using Microsoft.Extensions.Options;

namespace Dangjian.Api.GraphQL.Operations;

/// <summary>
/// The persisted operations: every *.graphql file in the operations folder (schema/operations in the repository),
/// addressable as {"documentId": "sha256:&lt;hex of the file's UTF-8 bytes&gt;"}. Loaded once at start-up.
/// </summary>
public sealed class OperationCatalog : IPersistedDocumentLoader
{
    private readonly FrozenDictionary<string, PersistedOperation> _byHash;

    public OperationCatalog(IOptions<GraphQLOptions> options)
    {
        var directory = options.Value.OperationsDirectory;
        var operations = Directory.Exists(directory)
            ? Directory.EnumerateFiles(directory, "*.graphql").Order(StringComparer.Ordinal).Select(Load).ToList()
            : [];
        _byHash = operations.ToFrozenDictionary(o => o.Hash, StringComparer.Ordinal);
    }

    public IReadOnlyCollection<PersistedOperation> Operations => _byHash.Values;

    /// <summary>The checked-in operation with this SHA-256 (lowercase hex), if any.</summary>
    public PersistedOperation? Find(string hash) => _byHash.GetValueOrDefault(hash);

    public static string HashOf(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    public ValueTask<string?> GetQueryAsync(string? documentIdPrefix, string documentIdPayload, CancellationToken cancellationToken) =>
        ValueTask.FromResult(documentIdPrefix == "sha256" && _byHash.TryGetValue(documentIdPayload, out var operation) ? operation.Text : null);

    private static PersistedOperation Load(string path)
    {
        var text = File.ReadAllText(path, Encoding.UTF8);
        return new PersistedOperation(Path.GetFileNameWithoutExtension(path), HashOf(text), text);
    }
}

public sealed record PersistedOperation(string Name, string Hash, string Text)
{
    public string DocumentId => "sha256:" + Hash;
}
