using System.Collections.Concurrent;
using GraphQLParser.AST;

namespace Dangjian.Api.GraphQL.Http;

/// <summary>
/// Documents that parsed and passed validation, by their text (or persisted id), so that a front end sending the same
/// operation again skips parsing and the 25 or so document-only validation rules: on the list query that was a
/// quarter of the server's work. Rules that depend on the request (complexity, which reads page sizes from variables;
/// queries-only over GET) still run every time, and variables are still coerced and checked. Bounded, and never
/// evicting: once full, further documents are simply validated on every request, so a client sending endless distinct
/// queries cannot grow it or push out the front ends' operations.
/// </summary>
public sealed class ValidatedDocuments(int capacity)
{
    private readonly ConcurrentDictionary<string, GraphQLDocument> _documents = new(StringComparer.Ordinal);

    public int Count => _documents.Count;

    public GraphQLDocument? Find(string? key) => key is not null && _documents.TryGetValue(key, out var document) ? document : null;

    public void Remember(string? key, GraphQLDocument? document)
    {
        if (key is null || document is null || _documents.Count >= capacity)
            return;
        _documents.TryAdd(key, document);
    }
}
