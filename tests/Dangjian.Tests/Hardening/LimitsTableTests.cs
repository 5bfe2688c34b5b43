using System.Net.Http.Headers;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Dangjian.Core;
using Dangjian.Tests.Support;

namespace Dangjian.Tests.Hardening;

/// <summary>
/// The README's "Limits and protection" table is what the server does: every row is provoked here, through a real
/// Kestrel server, and the codes it answers must be the codes the row promises. A row added without a provocation
/// fails, and so does a code that is not one of <see cref="ErrorCodes"/>.
/// </summary>
public sealed partial class LimitsTableTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed record Row(string Limit, IReadOnlyList<string> Codes);

    private static IReadOnlyList<Row> ReadmeRows()
    {
        var lines = File.ReadAllLines(RepositoryFiles.Path("README.md"));
        var start = Array.FindIndex(lines, l => l.StartsWith("## Limits and protection", StringComparison.Ordinal));
        return lines.Skip(start + 1).SkipWhile(l => !l.StartsWith('|')).TakeWhile(l => l.StartsWith('|')).Skip(2)
            .Select(l => l.Split('|', StringSplitOptions.TrimEntries))
            .Select(cells => new Row(cells[1], Code().Matches(cells[^2]).Select(m => m.Groups[1].Value).ToList()))
            .ToList();
    }

    [GeneratedRegex(@"`([A-Z][A-Z_]+)`")]
    private static partial Regex Code();

    /// <summary>Each row's provocation, by the start of its "limit" cell: the codes the server answered.</summary>
    private static Dictionary<string, Func<Hosts, Task<IReadOnlyList<string>>>> Provocations => new()
    {
        ["URL"] = h => h.GetAsync("/graphql?query=" + new string('x', 9_000)),
        ["request headers"] = h => h.GetAsync("/health/live", ("X-Padding", new string('x', 40_000))),
        ["request body"] = h => h.PostAsync(JsonSerializer.Serialize(new { query = "{ stories { totalCount } }", variables = new { x = new string('x', 600_000) } })),
        ["query text"] = h => h.QueryAsync("#" + new string('x', 20_000) + "\n{ stories { totalCount } }"),
        ["operations per batch"] = h => h.PostAsync("[" + string.Join(',', Enumerable.Repeat(Body("{ stories { totalCount } }"), 11)) + "]"),
        ["rate"] = async h =>
        {
            var batch = "[" + string.Join(',', Enumerable.Repeat(Body("{ stories { totalCount } }"), 3)) + "]";
            await h.PostAsync(batch, h.RateLimited);
            return await h.PostAsync(batch, h.RateLimited);
        },
        ["syntax nesting"] = h => h.QueryAsync("{ " + string.Concat(Enumerable.Repeat("organizations { nodes { ", 35)) + "id" + new string('}', 70) + " }"),
        ["field depth"] = h => h.QueryAsync("{ organizations { nodes { " + string.Concat(Enumerable.Repeat("children { nodes { ", 6)) + "name" + new string('}', 12) + " } } }"),
        ["introspection"] = h => h.QueryAsync("{ __schema { types { fields { type { fields { type { fields { name } } } } } } } }"),
        ["complexity"] = h => h.QueryAsync("{ stories(first: 100) { nodes { organizations { stories(first: 100) { nodes { organizations { stories(first: 100) { nodes { title } } } } } } } } }"),
        ["aliases"] = h => h.QueryAsync("{ " + string.Join(' ', Enumerable.Range(0, 31).Select(i => $"a{i}: stories {{ totalCount }}")) + " }"),
        // A paged list beyond its bound, a negative size, and related beyond its own smaller one.
        ["page size"] = async h => [
            .. await h.QueryAsync("{ stories(first: 101) { totalCount } }"),
            .. await h.QueryAsync("{ stories(first: -1) { totalCount } }"),
            .. await h.QueryAsync("{ stories { nodes { related(first: 21) { __typename } } } }"),
        ],
        ["filter"] = h => h.QueryAsync("{ stories(where: " + string.Concat(Enumerable.Repeat("{ and: [", 13)) + "{ title: { eq: \"x\" } }" + string.Concat(Enumerable.Repeat("] }", 13)) + ") { totalCount } }"),
        // Three relations one inside another; and, on a host that lets one relation match a single organisation, two.
        ["relations in a filter"] = async h =>
        {
            await using var small = new ApiHost(settings: new Dictionary<string, string?> { ["Dangjian:GraphQL:MaxRelationFilterMatches"] = "1" });
            var samples = new Samples();
            await small.InsertAsync(samples.Organization("第一党支部"));
            await small.InsertAsync(samples.Organization("第二党支部"));
            return [
                .. await h.QueryAsync("{ stories(where: { submittingOrganization: { parent: { parent: { name: { eq: \"x\" } } } } }) { totalCount } }"),
                .. await h.PostAsync(Body("{ stories(where: { submittingOrganization: { name: { contains: \"党支部\" } } }) { totalCount } }"), small),
            ];
        },
        ["highlight tags"] = h => h.QueryAsync("{ search(query: \"网格员\") { edges { highlights(preTag: \"" + new string('<', 65) + "\") { fragments } } } }"),
        ["response size"] = h => h.QueryAsync("{ a: stories { nodes { body } } b: stories { nodes { body } } }"),
        // A token that is not one, and one the index of an instance whose feed reads are held never reaches.
        ["consistency token"] = async h => [
            .. await h.GetAsync("/graphql?query=%7B__typename%7D", ("Dangjian-Consistency-Token", "not-a-token")),
            .. await h.PostAsync(Body("{ __typename }"), h.Behind, ("Dangjian-Consistency-Token", "1")),
        ],
        ["execution time"] = h => h.PostAsync(Body("{ stories { totalCount } }"), h.TimedOut),
    };

    private static string Body(string query) => JsonSerializer.Serialize(new { query });

    [Fact]
    public void Every_code_in_the_table_is_one_of_the_error_codes()
    {
        var known = typeof(ErrorCodes).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (string)f.GetValue(null)!).ToHashSet();

        var rows = ReadmeRows();

        Assert.True(rows.Count >= 10, "The table was not found in the README");
        Assert.All(rows, row => Assert.NotEmpty(row.Codes));
        Assert.All(rows.SelectMany(r => r.Codes), code => Assert.Contains(code, known));
    }

    [Fact]
    public async Task Every_row_of_the_table_is_answered_with_the_codes_it_promises()
    {
        await using var hosts = await Hosts.StartAsync();
        var provocations = Provocations;
        var mismatches = new List<string>();

        foreach (var row in ReadmeRows())
        {
            var provoke = provocations.FirstOrDefault(p => row.Limit.StartsWith(p.Key, StringComparison.Ordinal)).Value;
            if (provoke is null)
            {
                mismatches.Add($"no provocation for the row '{row.Limit}'");
                continue;
            }
            var codes = await provoke(hosts);
            // Nothing but the promised codes, and every promised code: a code the server no longer sends is a stale row.
            if (!codes.ToHashSet().SetEquals(row.Codes))
                mismatches.Add($"'{row.Limit}' promises {string.Join(", ", row.Codes)}; the server answered [{string.Join(", ", codes)}]");
        }

        Assert.Empty(mismatches);
    }

    /// <summary>A Kestrel host with a small response limit and the others as configured by default; one with a small rate; one with a store slower than its timeout; one whose index never moves.</summary>
    private sealed class Hosts : IAsyncDisposable
    {
        private Hosts(ApiHost main, ApiHost rateLimited, ApiHost timedOut, ApiHost behind)
        {
            Main = main;
            RateLimited = rateLimited;
            TimedOut = timedOut;
            Behind = behind;
        }

        public ApiHost Main { get; }

        public ApiHost RateLimited { get; }

        public ApiHost TimedOut { get; }

        /// <summary>Its index never applies a change (the feed's reads are held), and it waits a tenth of a second for a token.</summary>
        public ApiHost Behind { get; }

        public static async Task<Hosts> StartAsync()
        {
            var main = new ApiHost(kestrel: true, settings: new Dictionary<string, string?>
            {
                ["Dangjian:GraphQL:Introspection"] = "true",
                ["Dangjian:GraphQL:MaxResponseBytes"] = "20000",
            });
            var samples = new Samples();
            var org = await main.InsertAsync(samples.Organization("中共娄底市公安局委员会"));
            await main.InsertAsync(samples.Story(org.Id, "网格员的一天", tags: ["网格员"]) with { Body = string.Concat(Enumerable.Repeat("网格员坚守岗位。", 1_000)) });
            await main.WaitForIndexAsync();
            var rateLimited = new ApiHost(settings: new Dictionary<string, string?> { ["Dangjian:RateLimit:PermitsPerWindow"] = "5" });
            var timedOut = new ApiHost(settings: new Dictionary<string, string?> { ["Dangjian:GraphQL:ExecutionTimeout"] = "00:00:00.05" },
                decorateStore: store => new SlowStore(store, TimeSpan.FromSeconds(2)));
            var behind = new ApiHost(decorateStore: store => new GatedFeedStore(store, new FeedGate()),
                settings: new Dictionary<string, string?> { ["Dangjian:Consistency:MaxWait"] = "00:00:00.1" });
            await behind.InsertAsync(samples.Organization("中共娄底市滞后支部委员会"));
            return new Hosts(main, rateLimited, timedOut, behind);
        }

        public Task<IReadOnlyList<string>> QueryAsync(string query) => PostAsync(Body(query));

        public async Task<IReadOnlyList<string>> PostAsync(string json, ApiHost? host = null, (string Name, string Value)? header = null)
        {
            using var client = (host ?? Main).CreateClient();
            using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
            if (header is var (name, value))
                request.Headers.Add(name, value);
            using var response = await client.SendAsync(request, Ct);
            var body = await GraphQLResponse.ReadAsync(response);
            // A batch that was not refused as a whole answers an array: the codes of all its results.
            return body.Json.ValueKind == JsonValueKind.Array
                ? body.Json.EnumerateArray().SelectMany(r => r.TryGetProperty("errors", out var errors) ? errors.EnumerateArray() : [])
                    .Select(e => e.At("extensions.code").GetString()!).ToList()
                : body.ErrorCodes;
        }

        public async Task<IReadOnlyList<string>> GetAsync(string path, (string Name, string Value)? header = null)
        {
            using var client = Main.CreateClient();
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            if (header is var (name, value))
                request.Headers.Add(name, value);
            using var response = await client.SendAsync(request, Ct);
            return (await GraphQLResponse.ReadAsync(response)).ErrorCodes;
        }

        public async ValueTask DisposeAsync()
        {
            await Main.DisposeAsync();
            await RateLimited.DisposeAsync();
            await TimedOut.DisposeAsync();
            await Behind.DisposeAsync();
        }
    }
}
