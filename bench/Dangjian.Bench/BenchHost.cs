using System.Text.Encodings.Web;
using System.Text.Json;
using Dangjian.Api;
using Dangjian.Api.GraphQL.Relay;
using Dangjian.Core.Access;
using Dangjian.Core.Documents;
using Dangjian.Core.Reading;
using Dangjian.Core.Storage;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Dangjian.Bench;

/// <summary>
/// The real API host, built as Program.cs builds it (AddDangjian, UseDangjian) on Kestrel at 127.0.0.1 with a free
/// port, in this process. Differences, all for measuring: the store is wrapped in a counter of store calls; rate
/// limiting is off (8 clients from one address would otherwise be throttled to 600 requests a minute); logging is at
/// Warning (no line per request); seeding is off; and one extra route, /bench/floor, serves the list page without
/// GraphQL. Query complexity and depth limits stay at their defaults: the benchmark's queries are within them, and
/// checking them is part of what a request costs.
/// </summary>
public sealed class BenchHost : IAsyncDisposable
{
    public const string ListQuery = """
        { stories(first: 20, order: [{ publishedAt: DESC }]) { nodes { id title publishedAt submittingOrganization { name } sections { number heading directive { title } } } } }
        """;

    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private BenchHost(WebApplication app, Uri address)
    {
        App = app;
        Address = address;
    }

    public WebApplication App { get; }

    public Uri Address { get; }

    public IServiceProvider Services => App.Services;

    public CountingStore Store => Services.GetRequiredService<CountingStore>();

    /// <param name="settings">Settings over the bench's own (the bootstrap bench's second instance: its index and snapshot folders).</param>
    public static async Task<BenchHost> StartAsync(string dataDirectory, string repositoryRoot, CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string?>? settings = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = [],
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = "Production",
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Dangjian:DataDirectory"] = dataDirectory,
            ["Dangjian:SeedOnStart"] = "false",
            ["Dangjian:RateLimit:Enabled"] = "false",
            ["Dangjian:GraphQL:PersistedOperationsDirectory"] = Path.Combine(repositoryRoot, "schema", "operations"),
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
            ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Warning",
        });
        if (settings is not null)
            builder.Configuration.AddInMemoryCollection(settings);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddDangjian();
        var registration = builder.Services.Single(s => s.ServiceType == typeof(IDocumentStore));
        builder.Services.Remove(registration);
        builder.Services.AddSingleton(provider => new CountingStore((IDocumentStore)registration.ImplementationFactory!(provider)));
        builder.Services.AddSingleton<IDocumentStore>(provider => provider.GetRequiredService<CountingStore>());

        var app = builder.Build();
        app.UseDangjian();
        app.MapGet("/bench/floor", FloorAsync);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new BenchHost(app, new Uri(address));
    }

    /// <summary>
    /// The list query's page without GraphQL: the same three store reads (the stories page, their organisations, the
    /// directives holding their sections, each visibility-checked by the same reader) and the same JSON shape.
    /// </summary>
    private static async Task FloorAsync(HttpContext http)
    {
        var cancellationToken = http.RequestAborted;
        var reader = new DocumentReader(http.RequestServices.GetRequiredService<IDocumentStore>(), Caller.Anonymous,
            http.RequestServices.GetRequiredService<PagingOptions>());
        var page = (await reader.PageAsync(Kinds.Story, new PageRequest { First = 20, Order = [new SortField("publishedAt", SortDirection.Descending)] },
            null, cancellationToken)).Value;
        var stories = page.Nodes.ToList();
        var organizations = await reader.GetManyAsync(Kinds.Organization, stories.Select(s => s.SubmittingOrganizationId).Distinct().ToList(), cancellationToken);
        var directiveIds = stories.SelectMany(s => s.SectionIds).Select(DirectiveSection.DirectiveIdOf).OfType<string>().Distinct().ToList();
        var directives = await reader.GetManyAsync(Kinds.Directive, directiveIds, cancellationToken);
        var nodes = stories.Select(s => new
        {
            id = GlobalId.Encode("Story", s.Id),
            title = s.Title,
            publishedAt = s.PublishedAt,
            submittingOrganization = organizations.TryGetValue(s.SubmittingOrganizationId, out var o) ? new { name = o.Name } : null,
            sections = s.SectionIds.Select(id => (id, directive: directives.GetValueOrDefault(DirectiveSection.DirectiveIdOf(id) ?? "")))
                .Where(x => x.directive is not null)
                .SelectMany(x => x.directive!.Sections.Where(section => section.Id == x.id)
                    .Select(section => new { number = section.Number, heading = section.Heading, directive = new { title = x.directive.Title } })),
        });
        http.Response.ContentType = "application/json; charset=utf-8";
        await JsonSerializer.SerializeAsync(http.Response.Body, new { data = new { stories = new { nodes } } }, Relaxed, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync(CancellationToken.None);
        await App.DisposeAsync();
    }
}

/// <summary>Counts document reads through the store (the change feed is not counted): the bench's store-call figure.</summary>
public sealed class CountingStore(IDocumentStore inner) : IDocumentStore
{
    private long _reads;

    public long Reads => Interlocked.Read(ref _reads);

    public Task InitializeAsync(CancellationToken cancellationToken) => inner.InitializeAsync(cancellationToken);

    public Task<T?> GetAsync<T>(DocumentKind<T> kind, string id, CancellationToken cancellationToken) where T : Document
    {
        Interlocked.Increment(ref _reads);
        return inner.GetAsync(kind, id, cancellationToken);
    }

    public Task<IReadOnlyList<T>> GetManyAsync<T>(DocumentKind<T> kind, IReadOnlyCollection<string> ids, CancellationToken cancellationToken) where T : Document
    {
        Interlocked.Increment(ref _reads);
        return inner.GetManyAsync(kind, ids, cancellationToken);
    }

    public Task<IReadOnlyList<T>> QueryAsync<T>(DocumentKind<T> kind, Filter filter, IReadOnlyList<SortField> sort, int limit, CancellationToken cancellationToken)
        where T : Document
    {
        Interlocked.Increment(ref _reads);
        return inner.QueryAsync(kind, filter, sort, limit, cancellationToken);
    }

    public Task<long> CountAsync(DocumentKind kind, Filter filter, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _reads);
        return inner.CountAsync(kind, filter, cancellationToken);
    }

    public Task<IReadOnlyList<GroupCount>> CountByAsync(DocumentKind kind, Filter filter, Grouping grouping, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _reads);
        return inner.CountByAsync(kind, filter, grouping, cancellationToken);
    }

    public Task<CommitResult> CommitAsync(Commit commit, CancellationToken cancellationToken) => inner.CommitAsync(commit, cancellationToken);

    public Task<IReadOnlyList<ChangeEntry>> ReadChangesAsync(long afterSequence, int max, CancellationToken cancellationToken) =>
        inner.ReadChangesAsync(afterSequence, max, cancellationToken);

    public Task<long> GetLastSequenceAsync(CancellationToken cancellationToken) => inner.GetLastSequenceAsync(cancellationToken);

    public Task<long> PruneChangesAsync(long throughSequence, DateTimeOffset committedBefore, CancellationToken cancellationToken) =>
        inner.PruneChangesAsync(throughSequence, committedBefore, cancellationToken);

    public Task<IReadOnlyList<Revision>> GetRevisionsAsync(DocumentKind kind, string id, CancellationToken cancellationToken) =>
        inner.GetRevisionsAsync(kind, id, cancellationToken);

    public Task<IReadOnlyList<AuditEntry>> QueryAuditAsync(AuditQuery query, CancellationToken cancellationToken) => inner.QueryAuditAsync(query, cancellationToken);

    public Task<long> CountAuditAsync(AuditQuery query, CancellationToken cancellationToken) => inner.CountAuditAsync(query, cancellationToken);
}
