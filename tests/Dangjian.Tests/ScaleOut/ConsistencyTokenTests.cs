using System.Net;
using System.Text;
using System.Text.Json;
using Dangjian.Api.Infrastructure;
using Dangjian.Core.Access;
using Dangjian.Tests.Support;

namespace Dangjian.Tests.ScaleOut;

/// <summary>
/// Read-your-writes: a mutation answers the sequence of its commit as a consistency token (in the result's extensions
/// and a response header); a request that carries it back is held until this instance's index has applied that change,
/// or refused with a code. The indexer's feed reads are held at a gate, so "not yet indexed" is set, not raced.
/// </summary>
public sealed class ConsistencyTokenTests
{
    private const string Create = "mutation($i: CreateStudyMaterialInput!) { createStudyMaterial(input: $i) { studyMaterial { id } errors { __typename } } }";
    private const string Search = "{ search(query: \"方舱读书会\") { totalCount } }";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Material(string title) =>
        JsonSerializer.Serialize(new { query = Create, variables = new { i = new { title, kind = "PREVENTION_KNOWLEDGE", publishedOn = "2020-02-01", body = "在方舱医院里组织读书会。" } } });

    private static async Task<(HttpResponseMessage Response, GraphQLResponse Body)> PostAsync(ApiHost api, string json, string token, params (string Name, string Value)[] headers)
    {
        using var client = api.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new("Bearer", token);
        foreach (var (name, value) in headers)
            request.Headers.TryAddWithoutValidation(name, value);
        var response = await client.SendAsync(request, Ct);
        return (response, await GraphQLResponse.ReadAsync(response));
    }

    private static string? HeaderToken(HttpResponseMessage response) =>
        response.Headers.TryGetValues(ConsistencyToken.Header, out var values) ? Assert.Single(values) : null;

    [Fact]
    public async Task A_mutation_answers_its_commit_sequence_in_extensions_and_a_header_and_nothing_else_does()
    {
        await using var api = new ApiHost();
        var editor = api.Token(Role.Editor);

        var (created, createdBody) = await PostAsync(api, Material("方舱读书会"), editor);
        var afterFirst = await api.Store.GetLastSequenceAsync(Ct);
        var (query, queryBody) = await PostAsync(api, JsonSerializer.Serialize(new { query = Search }), editor);
        var (refused, refusedBody) = await PostAsync(api, Material(""), editor);
        var (batch, batchBody) = await PostAsync(api, $"[{Material("读书会一")},{Material("读书会二")}]", editor);
        var afterBatch = await api.Store.GetLastSequenceAsync(Ct);

        Assert.Equal(afterFirst.ToString(System.Globalization.CultureInfo.InvariantCulture), createdBody.Json.At("extensions.consistencyToken").GetString());
        Assert.Equal(createdBody.Json.At("extensions.consistencyToken").GetString(), HeaderToken(created));
        Assert.Empty(queryBody.Errors);
        Assert.False(queryBody.Json.TryGetProperty("extensions", out var x) && x.TryGetProperty("consistencyToken", out _));
        Assert.Null(HeaderToken(query));
        Assert.Equal("ValidationError", refusedBody.Data.At("createStudyMaterial.errors").EnumerateArray().Single().GetProperty("__typename").GetString());
        Assert.Null(HeaderToken(refused));
        var tokens = batchBody.Json.EnumerateArray().Select(r => long.Parse(r.At("extensions.consistencyToken").GetString()!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal([afterBatch - 1, afterBatch], tokens);
        Assert.Equal(afterBatch.ToString(System.Globalization.CultureInfo.InvariantCulture), HeaderToken(batch));
    }

    [Fact]
    public async Task A_request_with_the_token_is_held_until_the_index_has_the_write_and_then_finds_it()
    {
        var gate = new FeedGate();
        gate.Open();
        await using var api = new ApiHost(decorateStore: store => new GatedFeedStore(store, gate),
            settings: new Dictionary<string, string?> { ["Dangjian:Consistency:MaxWait"] = "00:00:30" });
        var editor = api.Token(Role.Editor);
        await api.WaitForIndexAsync();
        gate.Close();

        var (created, _) = await PostAsync(api, Material("方舱读书会"), editor);
        var token = HeaderToken(created)!;
        var (_, withoutToken) = await PostAsync(api, JsonSerializer.Serialize(new { query = Search }), editor);
        var held = PostAsync(api, JsonSerializer.Serialize(new { query = Search }), editor, (ConsistencyToken.Header, token));
        gate.Open();
        var (answered, withToken) = await held;

        Assert.Equal(0, withoutToken.Ok().At("search.totalCount").GetInt32()); // the index has not applied it: the token is what makes the difference
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        Assert.Equal(1, withToken.Ok().At("search.totalCount").GetInt32());
    }

    [Fact]
    public async Task A_token_the_index_does_not_reach_in_time_is_refused_with_CONSISTENCY_TIMEOUT_and_nothing_runs()
    {
        var gate = new FeedGate();
        await using var api = new ApiHost(decorateStore: store => new GatedFeedStore(store, gate),
            settings: new Dictionary<string, string?> { ["Dangjian:Consistency:MaxWait"] = "00:00:00.1" });
        var editor = api.Token(Role.Editor);
        var (created, _) = await PostAsync(api, Material("方舱读书会"), editor);
        var head = await api.Store.GetLastSequenceAsync(Ct);

        var (response, body) = await PostAsync(api, Material("读书会二"), editor, (ConsistencyToken.Header, HeaderToken(created)!));
        gate.Open();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(["CONSISTENCY_TIMEOUT"], body.ErrorCodes);
        Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After is missing");
        Assert.Equal(head, await api.Store.GetLastSequenceAsync(Ct));
    }

    [Fact]
    public async Task Malformed_and_hostile_tokens_are_refused_with_INVALID_CONSISTENCY_TOKEN_before_anything_runs()
    {
        await using var api = new ApiHost();
        var editor = api.Token(Role.Editor);
        var (created, _) = await PostAsync(api, Material("方舱读书会"), editor);
        var head = await api.Store.GetLastSequenceAsync(Ct);
        string[] hostile =
        [
            "abc", "-1", "0", "+5", "1e3", "1.0", "0x10", "12, 13", "12;13", "١٢", "99999999999999999999",
            long.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture), (head + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
            new string('9', 5_000), "1\u00002", "' OR 1=1 --",
        ];

        var answers = new List<string>();
        foreach (var token in hostile)
        {
            var (response, body) = await PostAsync(api, Material("不该写入"), editor, (ConsistencyToken.Header, token));
            answers.Add($"{token[..Math.Min(token.Length, 20)]}: {(int)response.StatusCode} {string.Join(',', body.ErrorCodes)}");
        }
        var (twice, twiceBody) = await PostAsync(api, Material("不该写入"), editor, (ConsistencyToken.Header, HeaderToken(created)!), (ConsistencyToken.Header, HeaderToken(created)!));
        var (valid, _) = await PostAsync(api, JsonSerializer.Serialize(new { query = Search }), editor, (ConsistencyToken.Header, HeaderToken(created)!));
        using var client = api.CreateClient();
        using var probe = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        probe.Headers.TryAddWithoutValidation(ConsistencyToken.Header, "abc");
        using var health = await client.SendAsync(probe, Ct);

        Assert.All(answers, a => Assert.EndsWith(": 400 INVALID_CONSISTENCY_TOKEN", a, StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.BadRequest, twice.StatusCode);
        Assert.Equal(["INVALID_CONSISTENCY_TOKEN"], twiceBody.ErrorCodes);
        Assert.Equal(head, await api.Store.GetLastSequenceAsync(Ct)); // nothing was written
        Assert.Equal(HttpStatusCode.OK, valid.StatusCode);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode); // health probes do not read the header
    }

    [Theory]
    [InlineData("1", 1L)]
    [InlineData("42", 42L)]
    [InlineData("9223372036854775807", long.MaxValue)]
    [InlineData("007", 7L)]
    public void Tokens_are_positive_ascii_decimal_numbers(string text, long expected)
    {
        Assert.True(ConsistencyToken.TryParse(text, out var sequence));
        Assert.Equal(expected, sequence);
        Assert.Equal(text.TrimStart('0'), ConsistencyToken.Format(sequence));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("0")]
    [InlineData("-3")]
    [InlineData("+3")]
    [InlineData(" 3")]
    [InlineData("3 ")]
    [InlineData("１２")]
    [InlineData("٣")]
    [InlineData("9223372036854775808")]
    [InlineData("00000000000000000001")]
    public void Anything_else_is_not_a_token(string? text) => Assert.False(ConsistencyToken.TryParse(text, out _));
}
