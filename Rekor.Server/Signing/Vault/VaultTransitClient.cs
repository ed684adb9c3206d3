using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Rekor.Server.Storage;

namespace Rekor.Server.Signing.Vault;

/// <summary>
/// The two transit calls the signer makes (read a key, sign), over plain HTTP with <c>X-Vault-Token</c>.
/// Invariants: a 429, a 5xx (503 = sealed or standby), a timeout of one attempt (<see cref="VaultTransitSettings.Timeout"/>)
/// or a connection failure is retried with exponential backoff, and once the retries are spent becomes a
/// <see cref="StorageUnavailableException"/>; any other non-2xx answer (403, 404, 400, …) is final and becomes an
/// <see cref="InvalidOperationException"/>. Every message says what was being done and never holds the token (Vault's
/// own error texts are scrubbed of it too). Safe for concurrent use: it keeps no state between calls.
/// </summary>
internal sealed class VaultTransitClient
{
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(5);

    private readonly VaultTransitSettings _settings;
    private readonly HttpClient _http;
    private readonly string _mountUrl;

    public VaultTransitClient(VaultTransitSettings settings, HttpClient http)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(http);
        if (string.IsNullOrEmpty(settings.Token))
        {
            throw new ArgumentException("the Vault token is empty", nameof(settings));
        }

        if (settings.Token.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
        {
            throw new ArgumentException("the Vault token holds whitespace or control characters (a stray newline?)", nameof(settings));
        }

        if (settings.Retries < 0 || settings.Timeout <= TimeSpan.Zero || settings.RetryDelay < TimeSpan.Zero)
        {
            throw new ArgumentException("Vault retries and delays must not be negative, and the timeout must be positive", nameof(settings));
        }

        var mount = string.Join('/', settings.MountPath.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.EscapeDataString));
        if (mount.Length == 0)
        {
            throw new ArgumentException("the transit mount path is empty", nameof(settings));
        }

        _settings = settings;
        _http = http;
        _mountUrl = settings.Address.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/v1/" + mount;
    }

    /// <summary>The URL of the transit mount (no secret in it), for messages.</summary>
    public string MountUrl => _mountUrl;

    /// <summary><c>GET /v1/&lt;mount&gt;/keys/&lt;name&gt;</c>: the <c>data</c> member of the answer.</summary>
    public Task<JsonElement> ReadKeyAsync(string keyName, CancellationToken ct)
    {
        var url = $"{_mountUrl}/keys/{Uri.EscapeDataString(keyName)}";
        return SendAsync(() => new HttpRequestMessage(HttpMethod.Get, url), $"reading Vault transit key '{keyName}' ({url})", ct);
    }

    /// <summary><c>POST /v1/&lt;mount&gt;/sign/&lt;name&gt;[/&lt;hash&gt;]</c> with <paramref name="body"/>: the <c>data</c> member.</summary>
    public Task<JsonElement> SignAsync(string keyName, string? hashSegment, JsonObject body, CancellationToken ct)
    {
        var url = $"{_mountUrl}/sign/{Uri.EscapeDataString(keyName)}" + (hashSegment is null ? "" : "/" + hashSegment);
        var json = body.ToJsonString();
        return SendAsync(
            () => new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(json, Encoding.UTF8, "application/json") },
            $"signing with Vault transit key '{keyName}' ({url})",
            ct);
    }

    private async Task<JsonElement> SendAsync(Func<HttpRequestMessage> makeRequest, string doing, CancellationToken ct)
    {
        string lastFailure = "no attempt made";
        Exception? lastException = null;
        for (var attempt = 0; attempt <= _settings.Retries; attempt++)
        {
            TimeSpan? retryAfter = null;
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(_settings.Timeout);
            try
            {
                using var request = makeRequest();
                request.Headers.TryAddWithoutValidation("X-Vault-Token", _settings.Token);
                request.Headers.Add("X-Vault-Request", "true");
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
                var text = await response.Content.ReadAsStringAsync(timeout.Token);
                var status = (int)response.StatusCode;
                if (response.IsSuccessStatusCode)
                {
                    return ReadData(text, doing);
                }

                var errors = Scrub(ErrorText(text));
                if (status == (int)HttpStatusCode.TooManyRequests || status >= 500)
                {
                    lastFailure = $"HTTP {status}{Describe(status)}{errors}";
                    lastException = null;
                    retryAfter = response.Headers.RetryAfter?.Delta;
                }
                else
                {
                    throw new InvalidOperationException(status switch
                    {
                        403 => $"{doing}: Vault denied permission (HTTP 403{errors}); check VAULT_TOKEN and that its policy allows this path",
                        404 => $"{doing}: not found (HTTP 404{errors}); check the key name and the transit mount path '{_settings.MountPath}' (TRANSIT_SECRET_ENGINE_PATH)",
                        _ => $"{doing}: Vault refused the request (HTTP {status}{errors})",
                    });
                }
            }
            catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
            {
                lastFailure = $"no answer within {_settings.Timeout.TotalMilliseconds:0} ms";
                lastException = e;
            }
            catch (HttpRequestException e)
            {
                lastFailure = "connection failed: " + Scrub(e.Message);
                lastException = e;
            }

            if (attempt < _settings.Retries)
            {
                await Task.Delay(Backoff(attempt, retryAfter), ct);
            }
        }

        var message = $"{doing}: Vault is unavailable after {_settings.Retries + 1} attempts (last: {lastFailure})";
        throw lastException is null ? new StorageUnavailableException(message) : new StorageUnavailableException(message, lastException);
    }

    /// <summary><see cref="VaultTransitSettings.RetryDelay"/> doubled per attempt, at most 5 s, between 50% and 100% of
    /// that (jitter spreads concurrent signers), and never less than a Retry-After within the cap.</summary>
    private TimeSpan Backoff(int attempt, TimeSpan? retryAfter)
    {
        var ceiling = Math.Min(_settings.RetryDelay.TotalMilliseconds * Math.Pow(2, attempt), MaxRetryDelay.TotalMilliseconds);
        var delay = ceiling * (0.5 + (Random.Shared.NextDouble() / 2));
        if (retryAfter is { } hint)
        {
            delay = Math.Max(delay, Math.Min(hint.TotalMilliseconds, MaxRetryDelay.TotalMilliseconds));
        }

        return TimeSpan.FromMilliseconds(delay);
    }

    private static string Describe(int status) => status switch
    {
        429 => " (rate limited)",
        503 => " (sealed or standby)",
        _ => "",
    };

    private static JsonElement ReadData(string text, string doing)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("data", out var data)
                && data.ValueKind == JsonValueKind.Object)
            {
                return data.Clone();
            }
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"{doing}: Vault's answer is not JSON ({e.Message})", e);
        }

        throw new InvalidOperationException($"{doing}: Vault's answer has no 'data' object");
    }

    /// <summary>Vault's <c>{"errors":[…]}</c> as <c>": a; b"</c>, or empty when there is none or the body is not that shape.</summary>
    private static string ErrorText(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("errors", out var errors)
                && errors.ValueKind == JsonValueKind.Array)
            {
                var texts = errors.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString() : e.GetRawText()).ToList();
                return texts.Count == 0 ? "" : ": " + string.Join("; ", texts);
            }
        }
        catch (JsonException)
        {
        }

        return "";
    }

    /// <summary>The text with every occurrence of the token replaced.</summary>
    private string Scrub(string text) =>
        text.Contains(_settings.Token, StringComparison.Ordinal) ? text.Replace(_settings.Token, "<redacted>", StringComparison.Ordinal) : text;
}
