using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Dangjian.Api.GraphQL.Relay;
using Dangjian.Core.Access;
using Dangjian.Tests.Support;

namespace Dangjian.Tests.Hardening;

/// <summary>
/// Hostile and careless requests. Each must get a clear error with a code, never a 500, change nothing in the store,
/// and leave the server answering normally.
/// </summary>
public sealed class AttackTests : IAsyncLifetime
{
    private readonly ApiHost _api = new();
    private readonly Samples _samples = new();
    private long _sequence;

    public async ValueTask InitializeAsync()
    {
        var org = await _api.InsertAsync(_samples.Organization("中共娄底市公安局委员会"));
        await _api.InsertAsync(_samples.Story(org.Id, "网格员的一天", tags: ["网格员"]));
        _sequence = await _api.Store.GetLastSequenceAsync(TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync() => await _api.DisposeAsync();

    private async Task<GraphQLResponse> SendAsync(HttpContent content, string? token = null)
    {
        using var client = _api.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = content };
        if (token is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        return await GraphQLResponse.ReadAsync(response);
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static string Body(string query, object? variables = null) => JsonSerializer.Serialize(new { query, variables });

    /// <summary>A clear, coded refusal; nothing written; and the server still serves a normal query.</summary>
    private async Task AssertRefusedAsync(GraphQLResponse response, params string[] codes)
    {
        Assert.NotEqual(HttpStatusCode.InternalServerError, response.Status);
        Assert.NotEmpty(response.Errors);
        Assert.Contains(response.ErrorCodes, codes.Contains);
        Assert.All(response.Errors, e => Assert.False(string.IsNullOrWhiteSpace(e.GetProperty("message").GetString())));
        Assert.DoesNotContain(" at Dangjian", response.Body);
        Assert.DoesNotContain("Exception", response.Body);
        Assert.Equal(_sequence, await _api.Store.GetLastSequenceAsync(TestContext.Current.CancellationToken));
        var normal = (await _api.QueryAsync("{ stories { totalCount nodes { title } } }")).Ok();
        Assert.Equal("网格员的一天", normal.At("stories.nodes.0.title").GetString());
    }

    [Fact]
    public async Task Depth_bomb()
    {
        var query = "{ organizations { nodes { " + string.Concat(Enumerable.Repeat("children { nodes { ", 15)) + "name" + new string('}', 30) + " } } }";
        await AssertRefusedAsync(await SendAsync(Json(Body(query))), "MAX_DEPTH");
    }

    [Fact]
    public async Task Alias_bomb_of_a_thousand_aliases()
    {
        var query = "{ " + string.Join(' ', Enumerable.Range(0, 1000).Select(i => $"a{i}: stories(first: 100) {{ totalCount }}")) + " }";
        await AssertRefusedAsync(await SendAsync(Json(Body(query))), "TOO_MANY_ALIASES", "QUERY_TOO_LONG");
        var shortAliases = "{ " + string.Join(' ', Enumerable.Range(0, 1000).Select(i => $"a{i}:stories{{totalCount}}")) + " }";
        await AssertRefusedAsync(await SendAsync(Json(Body(shortAliases[..Math.Min(shortAliases.Length, 19_990)] + "}"))), "TOO_MANY_ALIASES", "SYNTAX_ERROR");
    }

    [Fact]
    public async Task Complexity_bomb_of_nested_pages()
    {
        const string query = "{ stories(first: 100) { nodes { organizations { stories(first: 100) { nodes { organizations { stories(first: 100) { nodes { title } } } } } } } } }";
        await AssertRefusedAsync(await SendAsync(Json(Body(query))), "COMPLEXITY");
    }

    [Fact]
    public async Task Fragment_cycle()
    {
        const string query = "fragment A on Organization { parent { ...B } } fragment B on Organization { parent { ...A } } { organizations { nodes { ...A } } }";
        var response = await SendAsync(Json(Body(query)));
        Assert.Contains("within itself", response.Errors[0].GetProperty("message").GetString(), StringComparison.Ordinal);
        await AssertRefusedAsync(response, response.ErrorCodes.ToArray());
    }

    [Fact]
    public async Task Huge_string_argument()
    {
        var huge = new string('防', 50_000);
        await AssertRefusedAsync(await SendAsync(Json(Body("query($t: String) { stories(where: { title: { contains: $t } }) { totalCount } }", new { t = huge }))), "INVALID_FILTER");
        await AssertRefusedAsync(await SendAsync(Json(Body($"{{ stories(where: {{ title: {{ contains: \"{huge}\" }} }}) {{ totalCount }} }}"))), "QUERY_TOO_LONG", "REQUEST_TOO_LARGE");
    }

    [Fact]
    public async Task Ten_megabyte_body()
    {
        var response = await SendAsync(Json("{\"query\": \"{ stories { totalCount } }\", \"variables\": {\"x\": \"" + new string('x', 10 * 1024 * 1024) + "\"}}"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.Status);
        await AssertRefusedAsync(response, "REQUEST_TOO_LARGE");
    }

    [Fact]
    public async Task Invalid_utf8()
    {
        var bytes = Encoding.UTF8.GetBytes("{\"query\": \"{ stories(where: { title: { eq: \\\"X\\\" } }) { totalCount } }\"}");
        var x = Array.IndexOf(bytes, (byte)'X');
        bytes[x] = 0xC3;
        bytes[x + 1] = 0x28;
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json");

        var response = await SendAsync(content);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        await AssertRefusedAsync(response, "INVALID_JSON");
    }

    [Fact]
    public async Task Deeply_nested_json_variables()
    {
        var nested = string.Concat(Enumerable.Repeat("{\"and\":[", 5000)) + "{}" + string.Concat(Enumerable.Repeat("]}", 5000));
        var body = "{\"query\": \"query($w: StoryFilterInput) { stories(where: $w) { totalCount } }\", \"variables\": {\"w\": " + nested + "}}";
        var response = await SendAsync(Json(body));
        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        await AssertRefusedAsync(response, "INVALID_JSON");

        var fifty = string.Concat(Enumerable.Repeat("{\"and\":[", 25)) + "{}" + string.Concat(Enumerable.Repeat("]}", 25));
        await AssertRefusedAsync(await SendAsync(Json("{\"query\": \"query($w: StoryFilterInput) { stories(where: $w) { totalCount } }\", \"variables\": {\"w\": " + fifty + "}}")), "INVALID_FILTER");
    }

    [Fact]
    public async Task Batch_of_a_thousand_operations()
    {
        var batch = "[" + string.Join(',', Enumerable.Repeat("{\"query\": \"{ stories { totalCount } }\"}", 1000)) + "]";
        await AssertRefusedAsync(await SendAsync(Json(batch)), "BATCH_TOO_LARGE");
    }

    [Fact]
    public async Task Mutation_over_get()
    {
        using var client = _api.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/graphql?query=" + Uri.EscapeDataString("mutation { submitStory(input: { submittingOrganizationId: \"x\", title: \"t\", body: \"b\" }) { errors { __typename } } }"));
        request.Headers.Add("GraphQL-Require-Preflight", "1");
        using var raw = await client.SendAsync(request, TestContext.Current.CancellationToken);
        var response = await GraphQLResponse.ReadAsync(raw);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.Status);
        await AssertRefusedAsync(response, "METHOD_NOT_ALLOWED");
    }

    [Fact]
    public async Task Form_encoded_post()
    {
        var response = await SendAsync(new FormUrlEncodedContent(new Dictionary<string, string> { ["query"] = "{ stories { totalCount } }" }));
        await AssertRefusedAsync(response, "PREFLIGHT_REQUIRED");
    }

    [Fact]
    public async Task Unknown_persisted_operation()
    {
        var unknown = await SendAsync(Json("{\"documentId\": \"sha256:" + new string('a', 64) + "\"}"));
        var malformed = await SendAsync(Json("{\"documentId\": \"sha256:../../etc/passwd\"}"));
        await AssertRefusedAsync(unknown, "DOCUMENT_NOT_FOUND");
        await AssertRefusedAsync(malformed, "DOCUMENT_ID_INVALID");
    }

    public static TheoryData<string> Injections => new()
    {
        "'; DROP TABLE stories; --",
        "\" OR 1=1 --",
        "{\"$gt\": \"\"}",
        "{\"$where\": \"sleep(1000)\"}",
        "%", "_", "\\", ".*", "^", "$", "(", "[", "\0", "網格員\u202E",
    };

    [Theory]
    [MemberData(nameof(Injections))]
    public async Task Injection_strings_in_every_filter_operator_stay_values(string value)
    {
        const string query = """
            query($v: String, $vs: [String]) {
              a: stories(where: { title: { eq: $v } }) { totalCount }
              b: stories(where: { title: { neq: $v } }) { totalCount }
              c: stories(where: { title: { contains: $v } }) { totalCount }
              d: stories(where: { title: { ncontains: $v } }) { totalCount }
              e: stories(where: { title: { startsWith: $v } }) { totalCount }
              f: stories(where: { title: { endsWith: $v } }) { totalCount }
              g: stories(where: { title: { in: $vs } }) { totalCount }
              h: stories(where: { title: { nin: $vs } }) { totalCount }
              i: stories(where: { tags: { some: { eq: $v } } }) { totalCount }
              j: stories(where: { tags: { all: { contains: $v } } }) { totalCount }
              k: stories(where: { tags: { none: { startsWith: $v } } }) { totalCount }
              l: stories(where: { people: { some: { nstartsWith: $v } } }) { totalCount }
            }
            """;
        var response = await _api.QueryAsync(query, new { v = value, vs = new[] { value, "网格员的一天" } });

        var data = response.Ok();
        Assert.Equal(0, data.At("a.totalCount").GetInt32());
        Assert.Equal(1, data.At("b.totalCount").GetInt32());
        Assert.Equal(1, data.At("g.totalCount").GetInt32());
        Assert.Equal(0, data.At("h.totalCount").GetInt32());
        Assert.Equal(0, data.At("i.totalCount").GetInt32());
        Assert.Equal(_sequence, await _api.Store.GetLastSequenceAsync(TestContext.Current.CancellationToken));
        Assert.Equal(1, (await _api.QueryAsync("{ stories { totalCount } }")).Ok().At("stories.totalCount").GetInt32());
    }

    [Theory]
    [InlineData("{ stories(after: \"eyJ4Ijoi\") { totalCount } }", "INVALID_CURSOR")]
    [InlineData("{ stories(before: \"WyJjcmVhdGVkQXQrIiwgIkRST1AgVEFCTEUiLCAxXQ\") { totalCount } }", "INVALID_CURSOR")]
    [InlineData("{ stories(first: -1) { totalCount } }", "INVALID_PAGE_SIZE")]
    [InlineData("{ stories(first: 1000000) { totalCount } }", "PAGE_SIZE_EXCEEDED")]
    [InlineData("{ stories(first: 99999999999) { totalCount } }", "ARGUMENTS_OF_CORRECT_TYPE")]
    [InlineData("{ node(id: \"Jyc7IERST1AgVEFCTEUgc3RvcmllczsgLS0=\") { id } }", "INVALID_ID")]
    [InlineData("{ nodes(ids: [\"U3Rvcnk6Li4vLi4v\"]) { id } }", "INVALID_ID")]
    public async Task Malformed_cursors_ids_and_page_sizes(string query, string code)
    {
        await AssertRefusedAsync(await SendAsync(Json(Body(query))), code);
    }

    [Fact]
    public async Task Expired_and_tampered_tokens()
    {
        var valid = _api.Token(Role.Editor);
        var tampered = valid[..^3] + (valid.EndsWith("AAA", StringComparison.Ordinal) ? "BBB" : "AAA");
        var mutation = Body("mutation($i: SubmitStoryInput!) { submitStory(input: $i) { errors { __typename } } }",
            new { i = new { submittingOrganizationId = GlobalId.Encode("Organization", "x"), title = "t", body = "b" } });

        var response = await SendAsync(Json(mutation), tampered);

        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        await AssertRefusedAsync(response, "UNAUTHENTICATED");
    }

    /// <summary>Each connection with the same order (the default, oldest first) or none: only the connection tells the cursors apart.</summary>
    [Fact]
    public async Task A_cursor_from_one_connection_is_refused_by_another()
    {
        var organizations = (await _api.QueryAsync("{ organizations(first: 1) { pageInfo { endCursor } } }")).Ok().At("organizations.pageInfo.endCursor").GetString();
        var stories = (await _api.QueryAsync("{ stories(first: 1) { pageInfo { endCursor } } }")).Ok().At("stories.pageInfo.endCursor").GetString();
        var timeline = (await _api.QueryAsync("{ timeline(first: 1) { pageInfo { endCursor } } }")).Ok().At("timeline.pageInfo.endCursor").GetString();

        foreach (var query in new[]
        {
            $"{{ stories(after: \"{organizations}\") {{ totalCount }} }}",
            $"{{ stories(before: \"{organizations}\") {{ totalCount }} }}",
            $"{{ organizations {{ nodes {{ stories(after: \"{stories}\") {{ totalCount }} }} }} }}",
            $"{{ search(query: \"网格员\", after: \"{stories}\") {{ totalCount }} }}",
            $"{{ timeline(after: \"{stories}\") {{ totalCount }} }}",
            $"{{ stories(after: \"{timeline}\") {{ totalCount }} }}",
        })
        {
            var response = await SendAsync(Json(Body(query)));
            await AssertRefusedAsync(response, "INVALID_CURSOR");
            Assert.Contains("different connection", response.Errors[0].GetProperty("message").GetString());
        }
    }

    /// <summary>A cursor is base64url of JSON; a forged one with a string where a number belongs is a coded refusal, not a 500.</summary>
    [Theory]
    [InlineData("search(query: \"网格员\"", """["tier-score-","x",1.5,"Story:1"]""")]
    [InlineData("search(query: \"网格员\"", """["Query.search","tier-score-","x",1.5,"Story:1"]""")]
    [InlineData("search(query: \"网格员\"", """["Query.search","tier-score-",1,"high","Story:1"]""")]
    [InlineData("search(query: \"网格员\", order: [{ date: DESC }]", """["Query.search","date-","yesterday","Story:1"]""")]
    [InlineData("search(query: \"网格员\", order: [{ date: DESC }]", """["Query.search","date-",1e400,"Story:1"]""")]
    [InlineData("timeline(first: 1", """["Query.timeline","at-rank+id-","now",0,"x"]""")]
    [InlineData("timeline(first: 1", """["Query.timeline","at-rank+id-",0,"first","x"]""")]
    [InlineData("stories(first: 1", """["Query.stories","createdAt+id+","yesterday","x"]""")]
    [InlineData("stories(first: 1", """["Query.stories","createdAt+id+",0,null]""")]
    [InlineData("stories(first: 1", """["Query.stories","createdAt+id+",{"a":1},"x"]""")]
    public async Task A_forged_cursor_with_a_value_of_the_wrong_type_is_refused(string field, string cursor)
    {
        var encoded = System.Buffers.Text.Base64Url.EncodeToString(Encoding.UTF8.GetBytes(cursor));

        await AssertRefusedAsync(await SendAsync(Json(Body($"{{ {field}, after: \"{encoded}\") {{ totalCount }} }}"))), "INVALID_CURSOR");
    }
}
