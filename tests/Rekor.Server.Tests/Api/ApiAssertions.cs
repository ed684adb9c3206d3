using System.Net;
using System.Text;
using System.Text.Json;

namespace Rekor.Server.Tests.Api;

/// <summary>Request helpers and the shape every Rekor error has: JSON <c>{"code", "message"}</c>.</summary>
internal static class ApiAssertions
{
    public static async Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string path, string json, string contentType = "application/json") =>
        await client.PostAsync(new Uri(path, UriKind.Relative), new StringContent(json, Encoding.UTF8, contentType));

    public static Task<HttpResponseMessage> GetAsync(this HttpClient client, string path) => client.GetAsync(new Uri(path, UriKind.Relative));

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>
    /// Asserts the status, Rekor's error body and (when given) a fragment of its message. The body's code is the status,
    /// except for 422s from request validation, which carry go-openapi's sub-code (601 type, 602 required, 605 pattern, …).
    /// </summary>
    public static async Task AssertErrorAsync(this HttpResponseMessage response, HttpStatusCode status, string? messageContains = null, int? code = null)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonDocument.Parse(text).RootElement;
        var actualCode = body.GetProperty("code").GetInt32();
        if (code is not null || status != HttpStatusCode.UnprocessableEntity)
        {
            Assert.Equal(code ?? (int)status, actualCode);
        }
        else
        {
            Assert.True(actualCode == 422 || actualCode is >= 600 and < 700, $"a 422 carries 422 or a 6xx validation code, not {actualCode}");
        }
        if (messageContains is not null)
        {
            Assert.Contains(messageContains, body.GetProperty("message").GetString(), StringComparison.Ordinal);
        }
    }

    public static async Task<long> TreeSizeAsync(this HttpClient client) =>
        (await (await client.GetAsync("/api/v1/log")).JsonAsync()).GetProperty("treeSize").GetInt64();
}
