using System.Net;
using System.Text.Json;

namespace Dangjian.Tests.Support;

/// <summary>A GraphQL HTTP response: status, media type and the parsed JSON body.</summary>
public sealed class GraphQLResponse
{
    private GraphQLResponse(HttpStatusCode status, string? mediaType, string body, JsonElement json)
    {
        Status = status;
        MediaType = mediaType;
        Body = body;
        Json = json;
    }

    public HttpStatusCode Status { get; }

    public string? MediaType { get; }

    public string Body { get; }

    public JsonElement Json { get; }

    public JsonElement Data => Json.GetProperty("data");

    public IReadOnlyList<JsonElement> Errors =>
        Json.TryGetProperty("errors", out var errors) ? errors.EnumerateArray().ToList() : [];

    public IReadOnlyList<string> ErrorCodes =>
        Errors.Select(e => e.TryGetProperty("extensions", out var x) && x.TryGetProperty("code", out var c) ? c.GetString() ?? "" : "").ToList();

    /// <summary>The data, failing the test with the errors when there are any.</summary>
    public JsonElement Ok()
    {
        Assert.True(Errors.Count == 0, $"Unexpected errors: {Body}");
        Assert.Equal(HttpStatusCode.OK, Status);
        return Data;
    }

    public static async Task<GraphQLResponse> ReadAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        JsonElement json;
        try
        {
            json = JsonDocument.Parse(body).RootElement;
        }
        catch (JsonException)
        {
            throw new Xunit.Sdk.XunitException($"Response ({(int)response.StatusCode}) is not JSON: {body}");
        }
        return new GraphQLResponse(response.StatusCode, response.Content.Headers.ContentType?.MediaType, body, json);
    }
}

public static class JsonPaths
{
    /// <summary>A mutation payload without errors (its <c>errors</c> is null), failing the test with the payload when not.</summary>
    public static void AssertNoErrors(this JsonElement payload) =>
        Assert.True(payload.GetProperty("errors").ValueKind == JsonValueKind.Null, $"Unexpected errors: {payload}");

    /// <summary>Walks "a.b.0.c" through a JSON element.</summary>
    public static JsonElement At(this JsonElement element, string path)
    {
        foreach (var part in path.Split('.'))
            element = int.TryParse(part, out var index) ? element[index] : element.GetProperty(part);
        return element;
    }

    public static List<string> Strings(this JsonElement array, string property) =>
        array.EnumerateArray().Select(e => e.GetProperty(property).GetString()!).ToList();
}
