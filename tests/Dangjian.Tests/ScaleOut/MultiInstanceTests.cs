using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dangjian.Api.Auth;
using Dangjian.Api.Infrastructure;
using Dangjian.Core.Access;
using Dangjian.Core.Search;
using Dangjian.Tests.Support;
using Microsoft.Extensions.Options;

namespace Dangjian.Tests.ScaleOut;

/// <summary>
/// Two real API processes, as two containers of the compose deployment: one SQLite store between them, an index
/// folder and a port each, one signing key. What one is told, the other must answer, when the client brings the
/// consistency token from the first.
/// </summary>
public sealed class MultiInstanceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_write_through_one_instance_is_read_through_the_other_with_its_consistency_token()
    {
        using var root = new TempDirectory();
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        Dictionary<string, string> Settings(string instance) => new()
        {
            ["Dangjian:DataDirectory"] = Path.Combine(root.Path, instance),
            ["Dangjian:Sqlite:DatabasePath"] = Path.Combine(root.Path, "shared.db"),
            ["Dangjian:Auth:SigningKey"] = key,
            // An empty store: the test is about the path between instances, not the seed data (and starts faster).
            ["Dangjian:SeedOnStart"] = "false",
            ["Dangjian:Consistency:MaxWait"] = "00:00:20",
        };
        var clock = Stopwatch.StartNew();
        // The first creates the store's tables before it listens; the second starts once they exist.
        await using var first = await ApiProcess.StartAsync(Settings("first"), Ct);
        await using var second = await ApiProcess.StartAsync(Settings("second"), Ct);
        await first.WaitUntilReadyAsync(Ct);
        await second.WaitUntilReadyAsync(Ct);
        TestContext.Current.SendDiagnosticMessage($"Two API processes ready in {clock.ElapsedMilliseconds} ms.");
        var editor = Issuer(key, root.Path).Issue("editor-zhao", Role.Editor, null, TimeSpan.FromHours(1));

        using var written = await PostAsync(first, editor, new
        {
            query = "mutation($i: CreateStudyMaterialInput!) { createStudyMaterial(input: $i) { studyMaterial { id } errors { __typename } } }",
            variables = new { i = new { title = "方舱医院里的读书会", kind = "PREVENTION_KNOWLEDGE", publishedOn = "2020-02-01", body = "两个实例之间的一致性。" } },
        });
        var token = Assert.Single(written.Headers.GetValues(ConsistencyToken.Header));
        using var read = await PostAsync(second, editor, new { query = "{ search(query: \"方舱医院里的读书会\") { totalCount edges { node { ... on StudyMaterial { title } } } } }" }, token);
        var body = await GraphQLResponse.ReadAsync(read);
        using var secondReady = await second.Client().GetAsync("/health/ready", Ct);
        var readiness = JsonDocument.Parse(await secondReady.Content.ReadAsStringAsync(Ct)).RootElement;

        Assert.Equal(HttpStatusCode.OK, written.StatusCode);
        Assert.Equal(1, body.Ok().At("search.totalCount").GetInt32());
        Assert.Equal("方舱医院里的读书会", body.Ok().At("search.edges").EnumerateArray().Single().At("node.title").GetString());
        Assert.True(readiness.At("checks.search-index.data.indexed").GetInt64() >= long.Parse(token, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(0, await ProbeAsync(first));
    }

    [Fact]
    public async Task A_new_instance_starts_from_a_snapshot_the_first_took_while_serving_writes_and_converges()
    {
        using var root = new TempDirectory();
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var snapshots = Path.Combine(root.Path, "snapshots");
        Dictionary<string, string> Settings(string instance, string interval) => new()
        {
            ["Dangjian:DataDirectory"] = Path.Combine(root.Path, instance),
            ["Dangjian:Sqlite:DatabasePath"] = Path.Combine(root.Path, "shared.db"),
            ["Dangjian:Auth:SigningKey"] = key,
            ["Dangjian:SeedOnStart"] = "false",
            ["Dangjian:Consistency:MaxWait"] = "00:00:20",
            // A cold process's first search loads the analysers' dictionaries; on a loaded machine that can outlast the
            // default limits, which are not what this test is about.
            ["Dangjian:Search:Timeout"] = "00:00:30",
            ["Dangjian:GraphQL:ExecutionTimeout"] = "00:00:30",
            ["Dangjian:Search:Snapshots:Directory"] = snapshots,
            ["Dangjian:Search:Snapshots:Interval"] = interval,
            ["Logging:LogLevel:Dangjian.Api.Infrastructure.SearchIndexLocation"] = "Information",
        };
        await using var first = await ApiProcess.StartAsync(Settings("first", "00:00:00.500"), Ct);
        await first.WaitUntilReadyAsync(Ct);
        var editor = Issuer(key, root.Path).Issue("editor-zhao", Role.Editor, null, TimeSpan.FromHours(1));
        var before = new List<string>();
        for (var i = 0; i < 3; i++)
            before.Add(await CreateAsync(first, editor, $"快照之前的第{i}份学习资料"));
        var snapshotted = long.Parse(before[^1], System.Globalization.CultureInfo.InvariantCulture);
        // The first takes snapshots on its own while it serves; wait for one that holds the writes above.
        await WaitForAsync(() => new IndexSnapshots(snapshots).List().FirstOrDefault(s => s.Manifest.Checkpoint >= snapshotted), first);
        var after = await CreateAsync(first, editor, "快照之后的学习资料");

        await using var second = await ApiProcess.StartAsync(Settings("second", "00:00:00"), Ct);
        await second.WaitUntilReadyAsync(Ct);
        using var read = await PostAsync(second, editor, new { query = "{ search(query: \"学习资料\", first: 10) { totalCount } }" }, after);
        var body = await GraphQLResponse.ReadAsync(read);

        Assert.Contains("restored from snapshot", second.Output, StringComparison.Ordinal);
        // It restored the newest snapshot there is, which may be a later one than waited for: the first keeps taking them.
        Assert.Contains("restored from snapshot " + Path.Combine(snapshots, "snapshot-"), second.Output, StringComparison.Ordinal);
        Assert.Equal(4, body.Ok().At("search.totalCount").GetInt32());
        // `check`, beside the serving second instance, finds its index in step with the store.
        Assert.Equal(0, await RunAsync("check", Settings("second", "00:00:00")));
    }

    [Fact]
    public async Task A_layout_change_is_built_beside_the_serving_index_with_searches_answering_throughout_and_converges()
    {
        using var root = new TempDirectory();
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        Dictionary<string, string> Settings(string instance) => new()
        {
            ["Dangjian:DataDirectory"] = Path.Combine(root.Path, instance),
            ["Dangjian:Sqlite:DatabasePath"] = Path.Combine(root.Path, "shared.db"),
            ["Dangjian:Auth:SigningKey"] = key,
            ["Dangjian:SeedOnStart"] = "false",
            ["Dangjian:Consistency:MaxWait"] = "00:00:20",
            ["Dangjian:Search:Timeout"] = "00:00:30",
            ["Dangjian:GraphQL:ExecutionTimeout"] = "00:00:30",
        };
        await using var first = await ApiProcess.StartAsync(Settings("first"), Ct);
        await first.WaitUntilReadyAsync(Ct);
        var editor = Issuer(key, root.Path).Issue("editor-zhao", Role.Editor, null, TimeSpan.FromHours(1));
        var written = 0;
        for (; written < 5; written++)
            await CreateAsync(first, editor, $"换版之前的第{written}份学习资料");
        // The second instance's index as the previous version of the API left it when it was stopped for the upgrade.
        var secondIndex = Path.Combine(root.Path, "second", "index");
        await using (var store = new Dangjian.Core.Storage.Sqlite.SqliteDocumentStore(
            new Dangjian.Core.Storage.Sqlite.SqliteStoreOptions { DatabasePath = Path.Combine(root.Path, "shared.db") }, TimeProvider.System))
        {
            await store.InitializeAsync(Ct);
            await OldLayoutIndex.CreateAsync(store, secondIndex, legacy: false, Ct);
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        await using var second = await ApiProcess.StartAsync(Settings("second"), Ct);
        await second.WaitUntilReadyAsync(Ct);
        // From its first ready answer until the new layout serves, and after: every search through the second finds
        // every write made through the first (each search carries the newest write's token), while writes go on.
        var clock = Stopwatch.StartNew();
        var searches = 0;
        var duringBuild = 0;
        while (true)
        {
            var token = await CreateAsync(first, editor, $"换版期间的第{written}份学习资料");
            written++;
            var readiness = await ReadinessAsync(second);
            using var read = await PostAsync(second, editor, new { query = "{ search(query: \"学习资料\", first: 1) { totalCount } }" }, token);
            var body = await GraphQLResponse.ReadAsync(read);
            Assert.Equal(written, body.Ok().At("search.totalCount").GetInt32());
            searches++;
            if (readiness.TryGetProperty("building", out _))
            {
                duringBuild++;
            }
            else if (readiness.GetProperty("layout").GetInt32() == SearchIndex.Layout)
            {
                break;
            }
            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(2), "The new layout was not swapped in within two minutes:\n" + second.Output);
        }
        TestContext.Current.SendDiagnosticMessage($"{searches} searches answered, {duringBuild} while the new layout was built beside the old.");

        var output = second.Output;
        var serving = output.IndexOf($"Search index of layout {OldLayoutIndex.Layout} serves while layout {SearchIndex.Layout} is built beside it", StringComparison.Ordinal);
        var swapped = output.IndexOf($"Search index layout {SearchIndex.Layout} swapped in", StringComparison.Ordinal);
        Assert.True(serving >= 0 && swapped > serving, output);
        Assert.False(Directory.Exists(SearchIndexFolders.PathFor(secondIndex, OldLayoutIndex.Layout)));
        Assert.Equal(0, await RunAsync("check", Settings("second")));
    }

    /// <summary>The search index check's data from /health/ready.</summary>
    private static async Task<JsonElement> ReadinessAsync(ApiProcess api)
    {
        using var client = api.Client();
        using var response = await client.GetAsync("/health/ready", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.At("checks.search-index.data").Clone();
    }

    private static async Task<string> CreateAsync(ApiProcess api, string bearer, string title)
    {
        using var written = await PostAsync(api, bearer, new
        {
            query = "mutation($i: CreateStudyMaterialInput!) { createStudyMaterial(input: $i) { studyMaterial { id } errors { __typename } } }",
            variables = new { i = new { title, kind = "PREVENTION_KNOWLEDGE", publishedOn = "2020-02-01", body = title + "。" } },
        });
        Assert.Equal(HttpStatusCode.OK, written.StatusCode);
        return Assert.Single(written.Headers.GetValues(ConsistencyToken.Header));
    }

    /// <summary>Polls until <paramref name="find"/> finds something (the first instance works on its own timer); fails after a minute.</summary>
    private static async Task<T> WaitForAsync<T>(Func<T?> find, ApiProcess api) where T : class
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (find() is { } found)
                return found;
            if (clock.Elapsed > TimeSpan.FromMinutes(1))
                throw new TimeoutException("Nothing came in a minute:\n" + api.Output);
            await Task.Delay(100, Ct);
        }
    }

    /// <summary>A command of the executable, run as a process of its own with these settings; returns its exit code.</summary>
    private static async Task<int> RunAsync(string command, IReadOnlyDictionary<string, string> settings)
    {
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(ApiProcess.AssemblyPath);
        start.ArgumentList.Add(command);
        // A command reads its settings from the environment (its arguments are its own).
        foreach (var (name, value) in settings)
            start.Environment[name.Replace(":", "__", StringComparison.Ordinal)] = value;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(Ct);
        var error = process.StandardError.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct);
        TestContext.Current.SendDiagnosticMessage($"{command}: {await output}{await error}");
        return process.ExitCode;
    }

    private static async Task<HttpResponseMessage> PostAsync(ApiProcess api, string bearer, object request, string? consistencyToken = null)
    {
        using var client = api.Client();
        using var message = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = new StringContent(JsonSerializer.Serialize(request), Encoding.UTF8, "application/json"),
        };
        message.Headers.Authorization = new("Bearer", bearer);
        if (consistencyToken is not null)
            message.Headers.Add(ConsistencyToken.Header, consistencyToken);
        var response = await client.SendAsync(message, Ct);
        await response.Content.LoadIntoBufferAsync(Ct);
        return response;
    }

    /// <summary>The image's HEALTHCHECK command, run as Docker runs it: a process of its own against a running instance.</summary>
    private static async Task<int> ProbeAsync(ApiProcess api)
    {
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(ApiProcess.AssemblyPath);
        start.ArgumentList.Add("probe");
        start.ArgumentList.Add("--url");
        start.ArgumentList.Add(new Uri(api.Address, "/health/ready").ToString());
        using var probe = Process.Start(start)!;
        await probe.StandardOutput.ReadToEndAsync(Ct);
        await probe.WaitForExitAsync(Ct);
        return probe.ExitCode;
    }

    private static TokenIssuer Issuer(string key, string dataDirectory)
    {
        var auth = Options.Create(new AuthOptions { SigningKey = key });
        return new TokenIssuer(new SigningKeyProvider(auth, Options.Create(new DangjianOptions { DataDirectory = dataDirectory })), auth, TimeProvider.System);
    }
}
