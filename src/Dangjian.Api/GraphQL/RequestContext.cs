using System.Collections.Concurrent;
using Dangjian.Api.GraphQL.Loading;
using Dangjian.Core.Access;
using Dangjian.Core.Documents;
using Dangjian.Core.Reading;
using GraphQL;
using GraphQL.DataLoader;

namespace Dangjian.Api.GraphQL;

/// <summary>
/// What one GraphQL request carries to its resolvers: the caller, a reader that applies the caller's visibility,
/// and the request's batch loaders. (GraphQL.NET wants the user context to be a dictionary.)
/// </summary>
public sealed class RequestContext(DocumentReader reader) : Dictionary<string, object?>
{
    private readonly ConcurrentDictionary<DocumentKind, object> _loaders = new();

    public DocumentReader Reader { get; } = reader;

    public Caller Caller => Reader.Caller;

    public BatchLoader<T> Loader<T>(DocumentKind<T> kind) where T : Document =>
        (BatchLoader<T>)_loaders.GetOrAdd(kind, _ => new BatchLoader<T>(Reader, kind));

    /// <summary>
    /// The same caller and entries with new, empty loaders: a subscription resolves each event with one of these, so
    /// that an event never reads documents cached for an earlier one (and a long subscription caches nothing).
    /// </summary>
    public RequestContext ForNextEvent()
    {
        var next = new RequestContext(Reader);
        foreach (var (key, value) in this)
            next[key] = value;
        return next;
    }

    /// <summary>One document of a kind known only at run time, through that kind's batch loader.</summary>
    public IDataLoaderResult<Document?> Load(DocumentKind kind, string id) => kind.Apply(new LoadOne(this, id));

    /// <summary>The visible documents among <paramref name="ids"/>, through the kind's batch loader.</summary>
    public IDataLoaderResult<IReadOnlyList<Document>> LoadMany(DocumentKind kind, IEnumerable<string> ids) => kind.Apply(new LoadSeveral(this, ids));

    private sealed record LoadOne(RequestContext Request, string Id) : IKindFunction<IDataLoaderResult<Document?>>
    {
        public IDataLoaderResult<Document?> Invoke<T>(DocumentKind<T> kind) where T : Document =>
            Request.Loader(kind).Load(Id).Then(d => (Document?)d);
    }

    private sealed record LoadSeveral(RequestContext Request, IEnumerable<string> Ids) : IKindFunction<IDataLoaderResult<IReadOnlyList<Document>>>
    {
        public IDataLoaderResult<IReadOnlyList<Document>> Invoke<T>(DocumentKind<T> kind) where T : Document =>
            Request.Loader(kind).LoadMany(Ids).Then(d => (IReadOnlyList<Document>)d);
    }
}

public static class ResolveFieldContextExtensions
{
    public static RequestContext Request(this IResolveFieldContext context) =>
        context.UserContext as RequestContext ?? throw new InvalidOperationException("The request has no RequestContext.");

    /// <summary>Reports an expected failure on this field as a GraphQL error with a stable code, and returns null.</summary>
    public static object? Fail(this IResolveFieldContext context, Core.Error error)
    {
        var failure = new ExecutionError(error.Message) { Code = error.Code };
        failure.AddLocation(context.FieldAst, context.Document);
        failure.Path = context.ResponsePath;
        if (error.Path is { Count: > 0 })
            failure.Data["argument"] = string.Join('.', error.Path);
        context.Errors.Add(failure);
        return null;
    }
}
