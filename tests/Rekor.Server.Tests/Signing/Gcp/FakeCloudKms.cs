using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Rekor.Server.Signing.Gcp;

namespace Rekor.Server.Tests.Signing.Gcp;

/// <summary>
/// An in-process Cloud KMS on a free loopback port speaking the REST v1 wire protocol (proto3 JSON: int64 as strings,
/// base64 bytes, omitted defaults; Google error bodies), plus the OAuth token endpoint of a service account (JWT
/// bearer grant, RS256 assertion checked against the account's public key). Every KMS call must carry a token this
/// fake issued. Faults for asymmetricSign are injected through the public counters and switches.
/// Starting it writes a service-account JSON (token_uri = this fake) and points GOOGLE_APPLICATION_CREDENTIALS at it,
/// so no test ever falls through to the cloud metadata server.
/// </summary>
internal sealed class FakeCloudKms : IAsyncDisposable
{
    public const string Project = "test-proj";
    public const string KeyRingName = $"projects/{Project}/locations/global/keyRings/rekor-keyring";
    public const string GoogleTokenUrl = "https://oauth2.googleapis.com/token";
    public const string ClientEmail = "rekor-signer@test-proj.iam.gserviceaccount.com";

    private readonly WebApplication _app;
    private readonly RSA _serviceAccountKey = RSA.Create(2048);
    private readonly ConcurrentDictionary<string, byte> _issuedTokens = new();
    private readonly ConcurrentDictionary<string, FakeKey> _keys = new();
    private readonly string _directory;

    // Faults of asymmetricSign, each decremented per call while positive (Interlocked).
    public int ThrottleSigns;
    public int UnavailableSigns;
    public int SlowSigns;
    public int SignCalls;
    public int TokenRequests;

    private FakeCloudKms(WebApplication app, string directory)
    {
        _app = app;
        _directory = directory;
    }

    public Uri Endpoint { get; private set; } = null!;

    public Uri TokenUri => new(Endpoint, "token");

    public string CredentialsFile => Path.Combine(_directory, "service-account.json");

    public TimeSpan SlowDelay { get; set; } = TimeSpan.FromSeconds(5);

    public bool WrongSignatureCrc { get; set; }

    public bool OmitVerifiedDigest { get; set; }

    public bool DenySign { get; set; }

    public bool CorruptSignature { get; set; }

    public bool WrongPemCrc { get; set; }

    /// <summary>Caps pageSize of list calls (to exercise paging).</summary>
    public int MaxPageSize { get; set; } = 1000;

    /// <summary>The last asymmetricSign body received, as sent.</summary>
    public JsonObject? LastSignRequest { get; private set; }

    /// <summary>Authorization headers that were not a token this fake issued (should stay empty).</summary>
    public ConcurrentQueue<string> RejectedAuthorizations { get; } = new();

    public static async Task<FakeCloudKms> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var directory = Directory.CreateTempSubdirectory("fake-gcpkms-").FullName;
        var fake = new FakeCloudKms(app, directory);
        app.Run(fake.HandleAsync);
        await app.StartAsync();
        fake.Endpoint = new Uri(app.Urls.First().TrimEnd('/') + "/");
        await fake.WriteServiceAccountAsync();
        Environment.SetEnvironmentVariable("GOOGLE_APPLICATION_CREDENTIALS", fake.CredentialsFile);
        return fake;
    }

    public GcpKmsSettings Settings(int retries = 3, double timeoutSeconds = 10) => new()
    {
        Endpoint = Endpoint,
        Retries = retries,
        Timeout = TimeSpan.FromSeconds(timeoutSeconds),
        InitialBackoff = TimeSpan.FromMilliseconds(5),
        MaxBackoff = TimeSpan.FromMilliseconds(20),
    };

    public FakeKey AddKey(string id, string purpose = "ASYMMETRIC_SIGN")
    {
        var key = new FakeKey($"{KeyRingName}/cryptoKeys/{id}", purpose);
        _keys[key.Name] = key;
        return key;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _serviceAccountKey.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private async Task WriteServiceAccountAsync()
    {
        var json = new JsonObject
        {
            ["type"] = "service_account",
            ["project_id"] = Project,
            ["private_key_id"] = "0123456789abcdef",
            ["private_key"] = _serviceAccountKey.ExportPkcs8PrivateKeyPem() + "\n",
            ["client_email"] = ClientEmail,
            ["client_id"] = "100000000000000000001",
            ["auth_uri"] = new Uri(Endpoint, "auth").AbsoluteUri,
            ["token_uri"] = TokenUri.AbsoluteUri,
        };
        await File.WriteAllTextAsync(CredentialsFile, json.ToJsonString());
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        if (path == "/token" && HttpMethods.IsPost(context.Request.Method))
        {
            await TokenAsync(context);
            return;
        }

        var authorization = context.Request.Headers.Authorization.ToString();
        if (!authorization.StartsWith("Bearer ", StringComparison.Ordinal) || !_issuedTokens.ContainsKey(authorization["Bearer ".Length..]))
        {
            RejectedAuthorizations.Enqueue(authorization.Length > 20 ? authorization[..20] : authorization);
            await ErrorAsync(context, 401, "UNAUTHENTICATED", "Request had invalid authentication credentials.");
            return;
        }

        if (!path.StartsWith("/v1/", StringComparison.Ordinal))
        {
            await ErrorAsync(context, 404, "NOT_FOUND", "unknown path");
            return;
        }

        var resource = path["/v1/".Length..];
        if (HttpMethods.IsPost(context.Request.Method) && resource.EndsWith(":asymmetricSign", StringComparison.Ordinal))
        {
            await SignAsync(context, resource[..^":asymmetricSign".Length]);
        }
        else if (!HttpMethods.IsGet(context.Request.Method))
        {
            await ErrorAsync(context, 404, "NOT_FOUND", "unknown method");
        }
        else if (resource.EndsWith("/publicKey", StringComparison.Ordinal))
        {
            await PublicKeyAsync(context, resource[..^"/publicKey".Length]);
        }
        else if (resource.EndsWith("/cryptoKeyVersions", StringComparison.Ordinal))
        {
            await ListAsync(context, resource[..^"/cryptoKeyVersions".Length]);
        }
        else if (resource.Contains("/cryptoKeyVersions/", StringComparison.Ordinal))
        {
            if (FindVersion(resource) is not { } version)
            {
                await ErrorAsync(context, 404, "NOT_FOUND", $"CryptoKeyVersion {resource} not found.");
                return;
            }

            await JsonAsync(context, VersionJson(version));
        }
        else if (_keys.TryGetValue(resource, out var key))
        {
            await JsonAsync(context, new JsonObject
            {
                ["name"] = key.Name,
                ["purpose"] = key.Purpose,
                ["createTime"] = "2026-01-01T00:00:00Z",
                ["versionTemplate"] = new JsonObject { ["protectionLevel"] = "SOFTWARE", ["algorithm"] = "EC_SIGN_P256_SHA256" },
                ["destroyScheduledDuration"] = "2592000s",
            });
        }
        else
        {
            await ErrorAsync(context, 404, "NOT_FOUND", $"CryptoKey {resource} not found.");
        }
    }

    private async Task TokenAsync(HttpContext context)
    {
        Interlocked.Increment(ref TokenRequests);
        var form = await context.Request.ReadFormAsync();
        if (form["grant_type"] != "urn:ietf:params:oauth:grant-type:jwt-bearer" || !VerifyAssertion(form["assertion"].ToString()))
        {
            context.Response.StatusCode = 400;
            await context.Response.WriteAsJsonAsync(new JsonObject { ["error"] = "invalid_grant", ["error_description"] = "bad assertion: " + DescribeAssertion(form["assertion"].ToString()) });
            return;
        }

        var token = "fake-access-token-" + Guid.NewGuid().ToString("N");
        _issuedTokens[token] = 0;
        await JsonAsync(context, new JsonObject { ["access_token"] = token, ["expires_in"] = 3600, ["token_type"] = "Bearer" });
    }

    /// <summary>
    /// RS256 over header.payload with the service account's key; iss, aud and scope checked. Google.Apis.Auth 1.78.0
    /// posts to the JSON's token_uri but keeps Google's token URL as the audience, which Google accepts; so does this.
    /// </summary>
    private bool VerifyAssertion(string jwt)
    {
        var parts = jwt.Split('.');
        if (parts.Length != 3)
        {
            return false;
        }

        var signed = Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]);
        if (!_serviceAccountKey.VerifyData(signed, Base64Url(parts[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))
        {
            return false;
        }

        using var header = JsonDocument.Parse(Base64Url(parts[0]));
        using var claims = JsonDocument.Parse(Base64Url(parts[1]));
        var c = claims.RootElement;
        return header.RootElement.GetProperty("alg").GetString() == "RS256"
            && c.GetProperty("iss").GetString() == ClientEmail
            && c.GetProperty("aud").GetString() is { } audience
            && (audience == TokenUri.AbsoluteUri || audience == GoogleTokenUrl)
            && (c.GetProperty("scope").GetString() ?? "").Split(' ').Contains(GcpKmsAccessTokens.CloudPlatformScope);
    }

    private static string DescribeAssertion(string jwt)
    {
        var parts = jwt.Split('.');
        return parts.Length == 3 ? Encoding.UTF8.GetString(Base64Url(parts[0])) + " " + Encoding.UTF8.GetString(Base64Url(parts[1])) : "not a JWT";
    }

    private async Task ListAsync(HttpContext context, string keyName)
    {
        if (!_keys.TryGetValue(keyName, out var key))
        {
            await ErrorAsync(context, 404, "NOT_FOUND", $"CryptoKey {keyName} not found.");
            return;
        }

        IEnumerable<FakeKeyVersion> versions = key.Versions;
        var filter = context.Request.Query["filter"].ToString();
        if (filter.Length > 0)
        {
            if (!filter.StartsWith("state=", StringComparison.Ordinal))
            {
                await ErrorAsync(context, 400, "INVALID_ARGUMENT", "unsupported filter");
                return;
            }

            versions = versions.Where(v => v.State == filter["state=".Length..]);
        }

        if (context.Request.Query["orderBy"].ToString() == "name desc")
        {
            versions = versions.OrderByDescending(v => v.Name, StringComparer.Ordinal);
        }

        var all = versions.ToList();
        var pageSize = Math.Min(int.TryParse(context.Request.Query["pageSize"], out var p) && p > 0 ? p : 1000, MaxPageSize);
        var offset = int.TryParse(context.Request.Query["pageToken"], out var o) ? o : 0;
        var page = all.Skip(offset).Take(pageSize).ToList();
        var body = new JsonObject { ["totalSize"] = all.Count };
        if (page.Count > 0)
        {
            body["cryptoKeyVersions"] = new JsonArray([.. page.Select(v => (JsonNode)VersionJson(v))]);
        }

        if (offset + pageSize < all.Count)
        {
            body["nextPageToken"] = (offset + pageSize).ToString(CultureInfo.InvariantCulture);
        }

        await JsonAsync(context, body);
    }

    private async Task PublicKeyAsync(HttpContext context, string versionName)
    {
        if (FindVersion(versionName) is not { } version)
        {
            await ErrorAsync(context, 404, "NOT_FOUND", $"CryptoKeyVersion {versionName} not found.");
            return;
        }

        var crc = Crc32C.Compute(Encoding.UTF8.GetBytes(version.PublicKeyPem)) + (WrongPemCrc ? 1u : 0u);
        await JsonAsync(context, new JsonObject
        {
            ["pem"] = version.PublicKeyPem,
            ["algorithm"] = version.Algorithm,
            ["pemCrc32c"] = crc.ToString(CultureInfo.InvariantCulture),
            ["name"] = version.Name,
            ["protectionLevel"] = "SOFTWARE",
        });
    }

    private async Task SignAsync(HttpContext context, string versionName)
    {
        Interlocked.Increment(ref SignCalls);
        if (Interlocked.Decrement(ref ThrottleSigns) >= 0)
        {
            await ErrorAsync(context, 429, "RESOURCE_EXHAUSTED", "Quota exceeded for cloudkms.googleapis.com.");
            return;
        }

        if (Interlocked.Decrement(ref UnavailableSigns) >= 0)
        {
            await ErrorAsync(context, 503, "UNAVAILABLE", "The service is currently unavailable.");
            return;
        }

        if (Interlocked.Decrement(ref SlowSigns) >= 0)
        {
            try
            {
                await Task.Delay(SlowDelay, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        if (DenySign)
        {
            await ErrorAsync(context, 403, "PERMISSION_DENIED", $"Permission 'cloudkms.cryptoKeyVersions.useToSign' denied on resource '{versionName}'.");
            return;
        }

        if (FindVersion(versionName) is not { } version)
        {
            await ErrorAsync(context, 404, "NOT_FOUND", $"CryptoKeyVersion {versionName} not found.");
            return;
        }

        if (version.State != "ENABLED")
        {
            await ErrorAsync(context, 400, "FAILED_PRECONDITION", $"{versionName} is not enabled, current state is: {version.State}.");
            return;
        }

        var request = (await JsonNode.ParseAsync(context.Request.Body))!.AsObject();
        LastSignRequest = request;
        if (request["digest"] is not JsonObject digestObject || digestObject.Count != 1 || digestObject[version.DigestField] is not JsonValue digestValue)
        {
            await ErrorAsync(context, 400, "INVALID_ARGUMENT", $"The digest must be {version.DigestField} for {version.Algorithm}.");
            return;
        }

        var digest = Convert.FromBase64String(digestValue.GetValue<string>());
        var verified = false;
        if (request["digestCrc32c"] is JsonValue crcValue)
        {
            if (crcValue.GetValue<string>() != Crc32C.Compute(digest).ToString(CultureInfo.InvariantCulture))
            {
                await ErrorAsync(context, 400, "INVALID_ARGUMENT", "The checksum in field digest_crc32c did not match the data in field digest.");
                return;
            }

            verified = !OmitVerifiedDigest;
        }

        var signature = version.SignDigest(digest);
        var signatureCrc = Crc32C.Compute(signature) + (WrongSignatureCrc ? 1u : 0u);
        if (CorruptSignature)
        {
            signature[^1] ^= 0x01;
            signatureCrc = Crc32C.Compute(signature);
        }

        var response = new JsonObject
        {
            ["signature"] = Convert.ToBase64String(signature),
            ["signatureCrc32c"] = signatureCrc.ToString(CultureInfo.InvariantCulture),
            ["name"] = version.Name,
            ["protectionLevel"] = "SOFTWARE",
        };
        if (verified)
        {
            response["verifiedDigestCrc32c"] = true;
        }

        await JsonAsync(context, response);
    }

    private FakeKeyVersion? FindVersion(string versionName)
    {
        var at = versionName.IndexOf("/cryptoKeyVersions/", StringComparison.Ordinal);
        return at < 0 || !_keys.TryGetValue(versionName[..at], out var key) ? null : key.Versions.FirstOrDefault(v => v.Name == versionName);
    }

    private static JsonObject VersionJson(FakeKeyVersion version) => new()
    {
        ["name"] = version.Name,
        ["state"] = version.State,
        ["protectionLevel"] = "SOFTWARE",
        ["algorithm"] = version.Algorithm,
        ["createTime"] = "2026-01-01T00:00:00Z",
        ["generateTime"] = "2026-01-01T00:00:00Z",
    };

    private static async Task JsonAsync(HttpContext context, JsonObject body)
    {
        context.Response.ContentType = "application/json; charset=UTF-8";
        await context.Response.WriteAsync(body.ToJsonString());
    }

    private static async Task ErrorAsync(HttpContext context, int code, string status, string message)
    {
        context.Response.StatusCode = code;
        await JsonAsync(context, new JsonObject
        {
            ["error"] = new JsonObject { ["code"] = code, ["message"] = message, ["status"] = status },
        });
    }

    private static byte[] Base64Url(string text)
    {
        var s = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s.PadRight(s.Length + ((4 - (s.Length % 4)) % 4), '='));
    }

    /// <summary>A CryptoKey of the fake; versions are added in order (IDs 1, 2, …).</summary>
    internal sealed class FakeKey(string name, string purpose)
    {
        public string Name { get; } = name;

        public string Purpose { get; } = purpose;

        public List<FakeKeyVersion> Versions { get; } = [];

        public string Uri => GcpKmsKeyName.Scheme + Name;

        public FakeKeyVersion AddEcdsa(string state = "ENABLED", bool p384 = false) =>
            Add(FakeKeyVersion.Ecdsa(NextName(), state, p384 ? ECCurve.NamedCurves.nistP384 : ECCurve.NamedCurves.nistP256, p384 ? "EC_SIGN_P384_SHA384" : "EC_SIGN_P256_SHA256"));

        public FakeKeyVersion Add(FakeKeyVersion version)
        {
            Versions.Add(version);
            return version;
        }

        public string NextName() => $"{Name}/cryptoKeyVersions/{Versions.Count + 1}";
    }
}
