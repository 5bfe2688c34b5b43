using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Dangjian.Api.Auth;
using Dangjian.Core.Access;
using Dangjian.Core.Documents;
using Dangjian.Core.Search;
using Dangjian.Core.Storage;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dangjian.Tests.Support;

/// <summary>
/// The real API, hosted in-process over its real SQLite store in a temporary folder. Each host is empty unless
/// asked to load the repository's seed data, so a test sees only what it wrote.
/// </summary>
public sealed class ApiHost : WebApplicationFactory<Program>
{
    private readonly TempDirectory? _ownData;
    private readonly bool _seed;
    private readonly TimeProvider? _time;
    private readonly Dictionary<string, string?> _settings;
    private readonly Func<IDocumentStore, IDocumentStore>? _decorateStore;
    private readonly string _environment;

    /// <param name="seed">Load the repository's seed-data on start, as a fresh server does.</param>
    /// <param name="dataDirectory">Use this data folder (kept afterwards) instead of a new temporary one: to restart on the same data.</param>
    /// <param name="kestrel">Serve through a real Kestrel server on a local port (for limits Kestrel itself enforces), not the in-memory test server.</param>
    /// <param name="decorateStore">Wraps the real store (inside the counting one), e.g. to make it slow.</param>
    /// <param name="environment">The hosting environment: Development switches introspection and suggestions on, as `dotnet run` does.</param>
    public ApiHost(bool seed = false, IDictionary<string, string?>? settings = null, string? dataDirectory = null, TimeProvider? time = null, bool kestrel = false,
        Func<IDocumentStore, IDocumentStore>? decorateStore = null, string environment = "Testing")
    {
        _environment = environment;
        _time = time;
        _decorateStore = decorateStore;
        if (kestrel)
            UseKestrel(0);
        _seed = seed;
        _settings = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>());
        if (dataDirectory is null)
            _ownData = new TempDirectory();
        DataDirectory = dataDirectory ?? _ownData!.Path;
    }

    private static readonly JsonSerializerOptions RelaxedJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// Why a host with these settings does not start; fails the test if it starts. WebApplicationFactory races with a
    /// start that fails quickly: when the application has already disposed its services, the factory's deferred host
    /// reports that (an ObjectDisposedException of the IServiceProvider) instead of the application's own exception. That
    /// says nothing about our start, so the attempt is repeated with a new host until the application's exception shows.
    /// </summary>
    public static async Task<Exception> StartFailureAsync(IDictionary<string, string?> settings)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var api = new ApiHost(settings: settings);
            var failure = Assert.ThrowsAny<Exception>(() => api.CreateClient());
            if (failure is not ObjectDisposedException { ObjectName: nameof(IServiceProvider) } || attempt == 10)
                return failure;
        }
    }

    public string DataDirectory { get; }

    /// <summary>What the host logged at Warning and above.</summary>
    public CapturedLogs Logs { get; } = new();

    public CountingDocumentStore Store => (CountingDocumentStore)Services.GetRequiredService<IDocumentStore>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(_environment);
        builder.UseSetting("Dangjian:DataDirectory", DataDirectory);
        builder.UseSetting("Dangjian:SeedOnStart", _seed ? "true" : "false");
        builder.UseSetting("Dangjian:SeedDirectory", RepositoryFiles.Path("seed-data"));
        builder.UseSetting("Dangjian:GraphQL:PersistedOperationsDirectory", RepositoryFiles.Path("schema", "operations"));
        // Tests send many requests from one client; the limiter has its own test.
        builder.UseSetting("Dangjian:RateLimit:PermitsPerWindow", "100000");
        foreach (var (key, value) in _settings)
            builder.UseSetting(key, value);
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
        builder.ConfigureTestServices(services =>
        {
            if (_time is not null)
                services.AddSingleton(_time);
            var registration = services.Single(s => s.ServiceType == typeof(IDocumentStore));
            services.Remove(registration);
            services.AddSingleton<IDocumentStore>(provider =>
                new CountingDocumentStore(Decorate((IDocumentStore)registration.ImplementationFactory!(provider))));
        });
    }

    private IDocumentStore Decorate(IDocumentStore store) => _decorateStore?.Invoke(store) ?? store;

    public async Task<T> InsertAsync<T>(T document) where T : Document
    {
        var result = await Store.CommitAsync(new Commit(DocumentWrite.Insert(document), new ChangeAuthor("test", "ADMIN")), TestContext.Current.CancellationToken);
        return (T)Assert.IsType<CommitResult.Committed>(result).Documents[0];
    }

    /// <summary>Waits until the search index has applied every change committed so far (the indexer follows the feed in the background).</summary>
    public async Task WaitForIndexAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        var last = await Store.GetLastSequenceAsync(ct);
        await Services.GetRequiredService<SearchIndex>().WaitForAsync(last, ct).WaitAsync(TimeSpan.FromSeconds(30), ct);
    }

    public string Token(Role role, string? organizationId = null, TimeSpan? lifetime = null, string subject = "tester") =>
        Services.GetRequiredService<TokenIssuer>().Issue(subject, role, organizationId, lifetime ?? TimeSpan.FromHours(1));

    public async Task<GraphQLResponse> QueryAsync(string query, object? variables = null, string? token = null)
    {
        using var client = CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            // As browsers send it: Chinese as UTF-8, not \uXXXX escapes (which would triple the size).
            Content = new StringContent(JsonSerializer.Serialize(new { query, variables }, RelaxedJson), Encoding.UTF8, "application/json"),
        };
        if (token is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        return await GraphQLResponse.ReadAsync(response);
    }

    /// <summary>
    /// Runs one mutation with its input as the <c>$input</c> variable (of type <c>{Mutation}Input!</c>) and returns its
    /// payload: <paramref name="selection"/> is what to read from it, e.g. <c>story { id } errors { __typename }</c>.
    /// </summary>
    public async Task<JsonElement> MutateAsync(string mutation, string selection, object input, string? token)
    {
        var inputType = char.ToUpperInvariant(mutation[0]) + mutation[1..] + "Input";
        var response = await QueryAsync($"mutation($input: {inputType}!) {{ {mutation}(input: $input) {{ {selection} }} }}", new { input }, token);
        return response.Ok().GetProperty(mutation);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        _ownData?.Dispose();
    }
}
