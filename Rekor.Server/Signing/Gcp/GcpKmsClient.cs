using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Rekor.Server.Storage;

namespace Rekor.Server.Signing.Gcp;

/// <summary>
/// The Cloud KMS REST v1 calls the signer makes: resource names appended verbatim under <c>v1/</c> of the endpoint,
/// <c>Authorization: Bearer</c> on every call, JSON bodies. Each call is retried per <see cref="GcpKmsSettings"/>
/// when transient (429, 5xx, per-attempt timeout, transport failure, token server 429/5xx); when those persist it
/// throws <see cref="StorageUnavailableException"/>. Any other non-2xx answer (403 PERMISSION_DENIED, 404 NOT_FOUND,
/// 400 FAILED_PRECONDITION, …) or a malformed 2xx body throws <see cref="InvalidOperationException"/> at once.
/// Messages say what was being done and what the service said, never the token. Thread-safe.
/// </summary>
internal sealed class GcpKmsClient
{
    private const int MaxQuotedErrorLength = 300;

    private readonly HttpClient _http;
    private readonly GcpKmsSettings _settings;
    private readonly GcpKmsAccessTokens _tokens;
    private readonly Uri _root;

    public GcpKmsClient(HttpClient http, GcpKmsSettings settings, GcpKmsAccessTokens tokens)
    {
        _http = http;
        _settings = settings;
        _tokens = tokens;
        var endpoint = settings.Endpoint.AbsoluteUri;
        _root = new Uri(endpoint.EndsWith('/') ? endpoint : endpoint + "/");
    }

    /// <summary>GET <c>v1/{resource}</c>[?query]; <paramref name="doing"/> describes the call for messages.</summary>
    public Task<JsonElement> GetAsync(string resource, string? query, string doing, CancellationToken ct) =>
        SendAsync(() => new HttpRequestMessage(HttpMethod.Get, Url(resource, query)), doing, ct);

    /// <summary>POST <c>v1/{resource}</c> with a JSON body.</summary>
    public Task<JsonElement> PostAsync(string resource, JsonObject body, string doing, CancellationToken ct)
    {
        var json = body.ToJsonString();
        return SendAsync(
            () => new HttpRequestMessage(HttpMethod.Post, Url(resource, null))
            {
                Content = new StringContent(json, Encoding.UTF8, "application/json"),
            },
            doing,
            ct);
    }

    private Uri Url(string resource, string? query) => new(_root, "v1/" + resource + (query is null ? "" : "?" + query));

    private async Task<JsonElement> SendAsync(Func<HttpRequestMessage> request, string doing, CancellationToken ct)
    {
        var attempts = _settings.Retries + 1;
        string lastFailure = "";
        Exception? lastException = null;
        for (var attempt = 0; attempt < attempts; attempt++)
        {
            if (attempt > 0)
            {
                await Task.Delay(Backoff(attempt), ct);
            }

            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
            deadline.CancelAfter(_settings.Timeout);
            try
            {
                var token = await _tokens.GetAsync(deadline.Token);
                using var message = request();
                message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                using var response = await _http.SendAsync(message, HttpCompletionOption.ResponseContentRead, deadline.Token);
                var body = await response.Content.ReadAsStringAsync(deadline.Token);
                if (response.IsSuccessStatusCode)
                {
                    return ParseBody(body, doing);
                }

                var failure = DescribeError(response.StatusCode, body);
                if (!IsTransient(response.StatusCode))
                {
                    throw new InvalidOperationException($"{doing} failed: Cloud KMS answered {failure}");
                }

                lastFailure = "Cloud KMS answered " + failure;
                lastException = null;
            }
            catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
            {
                lastFailure = $"no answer within {_settings.Timeout.TotalSeconds:0.###} s";
                lastException = e;
            }
            catch (HttpRequestException e)
            {
                lastFailure = "the request failed: " + e.Message;
                lastException = e;
            }
            catch (StorageUnavailableException e)
            {
                lastFailure = e.Message;
                lastException = e;
            }
        }

        var summary = $"{doing} failed: Cloud KMS is unavailable ({attempts} attempt{(attempts == 1 ? "" : "s")}; last: {lastFailure})";
        throw lastException is null ? new StorageUnavailableException(summary) : new StorageUnavailableException(summary, lastException);
    }

    private TimeSpan Backoff(int retry)
    {
        var nominal = _settings.InitialBackoff.TotalMilliseconds * Math.Pow(2, retry - 1);
        var capped = Math.Min(nominal, _settings.MaxBackoff.TotalMilliseconds);
        var jitter = 0.8 + (0.4 * Random.Shared.NextDouble());
        return TimeSpan.FromMilliseconds(capped * jitter);
    }

    /// <summary>429 RESOURCE_EXHAUSTED and every 5xx (INTERNAL, UNAVAILABLE, DEADLINE_EXCEEDED, …).</summary>
    private static bool IsTransient(HttpStatusCode status) => status == HttpStatusCode.TooManyRequests || (int)status >= 500;

    private static JsonElement ParseBody(string body, string doing)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidOperationException($"{doing} failed: Cloud KMS answered a JSON {document.RootElement.ValueKind}, not an object");
            }

            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            throw new InvalidOperationException($"{doing} failed: Cloud KMS answered a body that is not JSON");
        }
    }

    /// <summary>"403 PERMISSION_DENIED: message" from a Google error body (<c>{"error":{code,message,status}}</c>).</summary>
    private static string DescribeError(HttpStatusCode status, string body)
    {
        string? canonical = null;
        string? text = null;
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("error", out var error)
                && error.ValueKind == JsonValueKind.Object)
            {
                canonical = error.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
                text = error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
            }
        }
        catch (JsonException)
        {
            // Not a Google error body (a proxy's page, say): only the status is reported.
        }

        var description = $"HTTP {(int)status}{(canonical is null ? "" : " " + canonical)}";
        if (!string.IsNullOrEmpty(text))
        {
            description += ": " + (text.Length > MaxQuotedErrorLength ? text[..MaxQuotedErrorLength] + "…" : text);
        }

        return description;
    }
}
