using System.Net;
using System.Text.Json;
using Google.Apis.Auth.OAuth2;
using Google.Apis.Auth.OAuth2.Responses;
using Rekor.Server.Storage;

namespace Rekor.Server.Signing.Gcp;

/// <summary>
/// OAuth access tokens for Cloud KMS from the credential <see cref="GcpKmsSettings"/> selects (see there for the
/// order). Google.Apis.Auth caches each token until shortly before it expires, so <see cref="GetAsync"/> is cheap and
/// safe to call concurrently. Tokens never appear in exception messages.
/// </summary>
internal sealed class GcpKmsAccessTokens
{
    public const string CloudPlatformScope = "https://www.googleapis.com/auth/cloud-platform";

    private const string ServiceAccountType = "service_account";

    private readonly ITokenAccess _access;

    private GcpKmsAccessTokens(ITokenAccess access) => _access = access;

    /// <summary>Where the credential came from (a file path or "application default credentials"), for messages.</summary>
    public string Source { get; private init; } = "";

    /// <exception cref="InvalidOperationException">The credential file is missing, unreadable or not a credential.</exception>
    public static async Task<GcpKmsAccessTokens> LoadAsync(GcpKmsSettings settings, CancellationToken ct)
    {
        if (settings.Credential is { } given)
        {
            return new GcpKmsAccessTokens(Scoped(given)) { Source = "the configured credential" };
        }

        var file = settings.CredentialsFile;
        if (string.IsNullOrEmpty(file))
        {
            file = Environment.GetEnvironmentVariable("GOOGLE_APPLICATION_CREDENTIALS");
        }

        if (!string.IsNullOrEmpty(file))
        {
            return new GcpKmsAccessTokens(Scoped(await FromFileAsync(file, ct))) { Source = $"credentials file {file}" };
        }

        try
        {
            var adc = await GoogleCredential.GetApplicationDefaultAsync(ct);
            return new GcpKmsAccessTokens(Scoped(adc)) { Source = "application default credentials" };
        }
        catch (InvalidOperationException e)
        {
            throw new InvalidOperationException("finding Google application default credentials for Cloud KMS failed: " + e.Message, e);
        }
    }

    /// <summary>A bearer token for the next call.</summary>
    /// <exception cref="StorageUnavailableException">The token server is unreachable or answers 429/5xx.</exception>
    /// <exception cref="InvalidOperationException">The token server refuses the credential.</exception>
    public async Task<string> GetAsync(CancellationToken ct)
    {
        try
        {
            return await _access.GetAccessTokenForRequestAsync(authUri: null, ct);
        }
        catch (TokenResponseException e) when (e.StatusCode is { } status && IsTransient(status))
        {
            throw new StorageUnavailableException($"obtaining an access token ({Source}) failed: HTTP {(int)status} {e.Error?.Error}", e);
        }
        catch (TokenResponseException e)
        {
            throw new InvalidOperationException(
                $"obtaining an access token ({Source}) was refused: {(e.StatusCode is { } s ? $"HTTP {(int)s} " : "")}{e.Error?.Error} {e.Error?.ErrorDescription}".TrimEnd(), e);
        }
        catch (HttpRequestException e)
        {
            throw new StorageUnavailableException($"obtaining an access token ({Source}) failed: {e.Message}", e);
        }
    }

    private static bool IsTransient(HttpStatusCode status) => status == HttpStatusCode.TooManyRequests || (int)status >= 500;

    private static GoogleCredential Scoped(GoogleCredential credential) =>
        credential.IsCreateScopedRequired ? credential.CreateScoped(CloudPlatformScope) : credential;

    private static async Task<GoogleCredential> FromFileAsync(string file, CancellationToken ct)
    {
        string json;
        string? type;
        try
        {
            json = await File.ReadAllTextAsync(file, ct);
            using var document = JsonDocument.Parse(json);
            type = document.RootElement.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            // The parser's message is left out: it may quote the file, which holds a private key.
            throw new InvalidOperationException($"reading the Google credentials file {file} failed ({e.GetType().Name})");
        }

        if (string.IsNullOrEmpty(type))
        {
            throw new InvalidOperationException($"the Google credentials file {file} has no \"type\"");
        }

        try
        {
            return type == ServiceAccountType
                ? CredentialFactory.FromJson<ServiceAccountCredential>(json).ToGoogleCredential()
                : CredentialFactory.FromJson(json, type);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or FormatException or JsonException or NotSupportedException)
        {
            throw new InvalidOperationException($"the Google credentials file {file} (type {type}) is not usable ({e.GetType().Name})");
        }
    }
}
