using System.Net;
using System.Text.Json;

namespace Rekor.Server.Tests.Outages;

/// <summary>What an answer during a database outage may be: never a 500, and a 503 always in Rekor's shape with a Retry-After.</summary>
internal static class OutageAnswers
{
    /// <summary>
    /// Null when <paramref name="response"/> is a proper 503 (Retry-After in seconds, JSON <c>{"code":503,"message":...}</c>),
    /// else what is wrong with it. Detects a 500 (an outage error nobody translated), a 503 a client cannot schedule a
    /// retry from, and an error body that is not Rekor's.
    /// </summary>
    public static async Task<string?> UnavailableProblemAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.ServiceUnavailable)
        {
            return $"expected 503, got {(int)response.StatusCode}: {text}";
        }

        if (response.Headers.RetryAfter?.Delta is not { } delta || delta <= TimeSpan.Zero)
        {
            return $"a 503 without a Retry-After in seconds: {text}";
        }

        if (response.Content.Headers.ContentType?.MediaType != "application/json")
        {
            return $"a 503 whose body is {response.Content.Headers.ContentType?.MediaType}, not JSON: {text}";
        }

        try
        {
            var body = JsonDocument.Parse(text).RootElement;
            if (body.GetProperty("code").GetInt32() != 503 || string.IsNullOrEmpty(body.GetProperty("message").GetString()))
            {
                return $"a 503 whose body is not Rekor's {{\"code\":503,\"message\":...}}: {text}";
            }
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return $"a 503 whose body is not Rekor's error JSON ({e.Message}): {text}";
        }

        return null;
    }

    /// <summary>Asserts <paramref name="response"/> is a proper 503 (see <see cref="UnavailableProblemAsync"/>).</summary>
    public static async Task AssertUnavailableAsync(HttpResponseMessage response)
    {
        var problem = await UnavailableProblemAsync(response);
        Assert.True(problem is null, problem);
    }

    /// <summary>Asserts a read is either answered (200) or a proper 503 while the database is down: never a 500.</summary>
    public static async Task AssertAnsweredOrUnavailableAsync(HttpResponseMessage response)
    {
        if (response.StatusCode != HttpStatusCode.OK)
        {
            await AssertUnavailableAsync(response);
        }
    }
}
