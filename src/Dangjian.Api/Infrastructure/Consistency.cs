using System.Globalization;
using Dangjian.Api.GraphQL.Http;
using Dangjian.Core.Search;
using Dangjian.Core.Storage;
using GraphQL;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace Dangjian.Api.Infrastructure;

/// <summary>Read-your-writes across instances ("Dangjian:Consistency").</summary>
public sealed class ConsistencyOptions
{
    public const string Section = "Dangjian:Consistency";

    /// <summary>
    /// The longest a request carrying a consistency token waits for this instance's search index to reach it before
    /// it is refused with CONSISTENCY_TIMEOUT. Indexing takes well under a second; a longer wait means this instance
    /// is behind, and the client does better to retry (perhaps on another instance) than to hold a connection.
    /// </summary>
    public TimeSpan MaxWait { get; set; } = TimeSpan.FromSeconds(3);
}

/// <summary>
/// The consistency token: the change-feed sequence of a mutation's last commit, in decimal. The feed's head is public
/// already (/health/ready), and a client learns only the position of its own commit, so the number is not disguised.
/// </summary>
public static class ConsistencyToken
{
    /// <summary>The response header a mutation's token comes in, and the request header that carries it back.</summary>
    public const string Header = "Dangjian-Consistency-Token";

    /// <summary>The key of the token in a result's <c>extensions</c>.</summary>
    public const string Extension = "consistencyToken";

    /// <summary>long.MaxValue has 19 digits: anything longer is not a token, and is refused before it is parsed.</summary>
    private const int MaxLength = 19;

    public static string Format(long sequence) => sequence.ToString(CultureInfo.InvariantCulture);

    /// <summary>A positive decimal number in ASCII digits only: no sign, spaces, exponent or other scripts' digits.</summary>
    public static bool TryParse(string? text, out long sequence)
    {
        sequence = 0;
        return text is { Length: > 0 and <= MaxLength } && text.All(char.IsAsciiDigit)
            && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out sequence) && sequence > 0;
    }

    /// <summary>The newest token among the results (a batch may hold several mutations), as the response header.</summary>
    public static void AddHeader(HttpResponse response, IEnumerable<ExecutionResult> results)
    {
        var newest = results.Select(r => r.Extensions?.GetValueOrDefault(Extension) is string token && TryParse(token, out var sequence) ? sequence : 0).DefaultIfEmpty().Max();
        if (newest > 0)
            response.Headers[Header] = Format(newest);
    }
}

/// <summary>
/// Which commits the operation now executing made: a scope per operation, carried by the async flow (an instance
/// field, one per process, not static state), so that the store can report a commit's sequence without every
/// mutation passing it up by hand.
/// </summary>
public sealed class CommitTracker
{
    private readonly AsyncLocal<CommitScope?> _current = new();

    /// <summary>Starts recording the commits of this async flow; dispose to stop.</summary>
    public CommitScope Begin()
    {
        var scope = new CommitScope(this, _current.Value);
        _current.Value = scope;
        return scope;
    }

    internal void Record(long sequence) => _current.Value?.Advance(sequence);

    internal void End(CommitScope scope) => _current.Value = scope.Outer;
}

public sealed class CommitScope : IDisposable
{
    private readonly CommitTracker _tracker;
    private long _last;

    internal CommitScope(CommitTracker tracker, CommitScope? outer)
    {
        _tracker = tracker;
        Outer = outer;
    }

    internal CommitScope? Outer { get; }

    /// <summary>The sequence of the newest commit made in the scope; 0 when none was.</summary>
    public long LastSequence => Interlocked.Read(ref _last);

    internal void Advance(long sequence)
    {
        long current;
        do
        {
            current = Interlocked.Read(ref _last);
            if (sequence <= current)
                return;
        }
        while (Interlocked.CompareExchange(ref _last, sequence, current) != current);
    }

    public void Dispose() => _tracker.End(this);
}

/// <summary>The store as the writer sees it: each successful commit's sequence is told to the <see cref="CommitTracker"/>.</summary>
public sealed class CommitTrackingStore(IDocumentStore inner, CommitTracker tracker) : IDocumentStore
{
    public async Task<CommitResult> CommitAsync(Commit commit, CancellationToken cancellationToken)
    {
        var result = await inner.CommitAsync(commit, cancellationToken);
        if (result is CommitResult.Committed committed)
            tracker.Record(committed.LastSequence);
        return result;
    }

    public Task InitializeAsync(CancellationToken cancellationToken) => inner.InitializeAsync(cancellationToken);

    public Task<T?> GetAsync<T>(Dangjian.Core.Documents.DocumentKind<T> kind, string id, CancellationToken cancellationToken)
        where T : Dangjian.Core.Documents.Document => inner.GetAsync(kind, id, cancellationToken);

    public Task<IReadOnlyList<T>> GetManyAsync<T>(Dangjian.Core.Documents.DocumentKind<T> kind, IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
        where T : Dangjian.Core.Documents.Document => inner.GetManyAsync(kind, ids, cancellationToken);

    public Task<IReadOnlyList<T>> QueryAsync<T>(Dangjian.Core.Documents.DocumentKind<T> kind, Filter filter, IReadOnlyList<SortField> sort, int limit,
        CancellationToken cancellationToken) where T : Dangjian.Core.Documents.Document => inner.QueryAsync(kind, filter, sort, limit, cancellationToken);

    public Task<long> CountAsync(Dangjian.Core.Documents.DocumentKind kind, Filter filter, CancellationToken cancellationToken) =>
        inner.CountAsync(kind, filter, cancellationToken);

    public Task<IReadOnlyList<GroupCount>> CountByAsync(Dangjian.Core.Documents.DocumentKind kind, Filter filter, Grouping grouping, CancellationToken cancellationToken) =>
        inner.CountByAsync(kind, filter, grouping, cancellationToken);

    public Task<IReadOnlyList<ChangeEntry>> ReadChangesAsync(long afterSequence, int max, CancellationToken cancellationToken) =>
        inner.ReadChangesAsync(afterSequence, max, cancellationToken);

    public Task<long> GetLastSequenceAsync(CancellationToken cancellationToken) => inner.GetLastSequenceAsync(cancellationToken);

    public Task<long> PruneChangesAsync(long throughSequence, DateTimeOffset committedBefore, CancellationToken cancellationToken) =>
        inner.PruneChangesAsync(throughSequence, committedBefore, cancellationToken);

    public Task<IReadOnlyList<Revision>> GetRevisionsAsync(Dangjian.Core.Documents.DocumentKind kind, string id, CancellationToken cancellationToken) =>
        inner.GetRevisionsAsync(kind, id, cancellationToken);

    public Task<IReadOnlyList<AuditEntry>> QueryAuditAsync(AuditQuery query, CancellationToken cancellationToken) =>
        inner.QueryAuditAsync(query, cancellationToken);

    public Task<long> CountAuditAsync(AuditQuery query, CancellationToken cancellationToken) =>
        inner.CountAuditAsync(query, cancellationToken);
}

/// <summary>Holds a request that carries a consistency token until this instance's index has applied that change.</summary>
public sealed class ConsistencyWait(SearchIndex index, IDocumentStore store, IOptions<ConsistencyOptions> options, TimeProvider time)
{
    /// <summary>Null once the index has reached the token's change; else the refusal (a malformed token, one this store never issued, or the wait ran out).</summary>
    public async Task<RequestError?> WaitAsync(StringValues header, CancellationToken cancellationToken)
    {
        if (header.Count != 1 || !ConsistencyToken.TryParse(header[0], out var sequence))
            return new InvalidConsistencyTokenError($"{ConsistencyToken.Header} must be one token as a mutation returned it: a positive decimal number.");
        if (index.AppliedSequence >= sequence)
            return null;
        // A number beyond the feed's head was never issued by this store: waiting for it would only time out.
        if (sequence > await store.GetLastSequenceAsync(cancellationToken))
            return new InvalidConsistencyTokenError($"{ConsistencyToken.Header} names a change this store has not made.");
        try
        {
            await index.WaitForAsync(sequence, cancellationToken).WaitAsync(options.Value.MaxWait, time, cancellationToken);
            return null;
        }
        catch (TimeoutException)
        {
            return new ConsistencyTimeoutError(options.Value.MaxWait);
        }
    }
}

public static class Consistency
{
    public static IHostApplicationBuilder AddDangjianConsistency(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ConsistencyOptions>().Bind(builder.Configuration.GetSection(ConsistencyOptions.Section))
            .Validate(o => o.MaxWait > TimeSpan.Zero && o.MaxWait <= TimeSpan.FromMinutes(1), "Dangjian:Consistency:MaxWait must be more than 0 and at most a minute.")
            .ValidateOnStart();
        builder.Services.AddSingleton<CommitTracker>();
        builder.Services.AddSingleton<ConsistencyWait>();
        return builder;
    }

    /// <summary>
    /// Waits, on the API's endpoints (those the rate limit counts: waiting costs a permit like any request), for the
    /// index to reach a token the request carries. After authentication and the rate limit, before anything executes.
    /// </summary>
    public static IApplicationBuilder UseDangjianConsistency(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (context.Request.Headers.TryGetValue(ConsistencyToken.Header, out var header)
                && context.GetEndpoint()?.Metadata.GetMetadata<RateLimitedEndpoint>() is not null
                && await context.RequestServices.GetRequiredService<ConsistencyWait>().WaitAsync(header, context.RequestAborted) is { } refused)
            {
                await HttpErrors.WriteAsync(context, refused);
                return;
            }
            await next(context);
        });
}
