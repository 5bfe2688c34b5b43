using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Dangjian.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Dangjian.Tests.Auth;

/// <summary>
/// What a browser does with the API's cookies, by hand, over https as in production (outside Development the cookies
/// are Secure, and antiforgery refuses plain http). Cookies are kept by name and sent back
/// on every request, deleted when the server expires them; the antiforgery token is kept as the web app keeps it.
/// </summary>
public sealed class WebBrowserSession(HttpClient client) : IDisposable
{
    public static WebBrowserSession Open(ApiHost host) =>
        new(host.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false, AllowAutoRedirect = false, BaseAddress = new Uri("https://localhost") }));

    public Dictionary<string, string> Cookies { get; } = new(StringComparer.Ordinal);

    /// <summary>Every Set-Cookie header seen, as sent.</summary>
    public List<string> SetCookieHeaders { get; } = [];

    public string? AntiforgeryToken { get; set; }

    public HttpClient Client => client;

    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, bool withToken = true)
    {
        if (Cookies.Count > 0)
            request.Headers.Add("Cookie", string.Join("; ", Cookies.Select(c => $"{c.Key}={c.Value}")));
        if (withToken && AntiforgeryToken is not null && request.Method != HttpMethod.Get)
            request.Headers.Add("X-CSRF-Token", AntiforgeryToken);
        var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
        {
            foreach (var header in setCookies)
            {
                SetCookieHeaders.Add(header);
                var pair = header.Split(';')[0];
                var equals = pair.IndexOf('=', StringComparison.Ordinal);
                var (name, value) = (pair[..equals], pair[(equals + 1)..]);
                var expired = header.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase);
                if (expired || value.Length == 0)
                    Cookies.Remove(name);
                else
                    Cookies[name] = value;
            }
        }
        return response;
    }

    /// <summary>GET /auth/session, keeping the antiforgery token it gives.</summary>
    public async Task<JsonElement> SessionAsync()
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, "/auth/session"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement.Clone();
        AntiforgeryToken = json.GetProperty("antiforgeryToken").GetString();
        return json;
    }

    /// <summary>Signs in as one of the development people, as the sign-in page does.</summary>
    public async Task<JsonElement> SignInAsync(string subject)
    {
        if (AntiforgeryToken is null)
            await SessionAsync();
        using var response = await PostJsonAsync("/auth/dev/sign-in", JsonSerializer.Serialize(new { subject }));
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        var json = JsonDocument.Parse(body).RootElement.Clone();
        AntiforgeryToken = json.GetProperty("antiforgeryToken").GetString();
        return json;
    }

    public Task<HttpResponseMessage> PostJsonAsync(string path, string json, bool withToken = true, string mediaType = "application/json", Action<HttpRequestMessage>? configure = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        configure?.Invoke(request);
        return SendAsync(request, withToken);
    }

    public async Task<GraphQLResponse> GraphQLAsync(string query, object? variables = null, bool withToken = true, Action<HttpRequestMessage>? configure = null)
    {
        using var response = await PostJsonAsync("/graphql", JsonSerializer.Serialize(new { query, variables }), withToken, configure: configure);
        return await GraphQLResponse.ReadAsync(response);
    }

    public void Dispose() => client.Dispose();
}

/// <summary>A clock a test moves forward by hand (session expiry), never by waiting.</summary>
public sealed class MovableTime(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public void Advance(TimeSpan by) => _now += by;

    public override DateTimeOffset GetUtcNow() => _now;
}
