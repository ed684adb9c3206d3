using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Rekor.Core.Signing;
using Rekor.Server.Storage;

namespace Rekor.Server.Signing.Gcp;

/// <summary>
/// A log signer backed by a Cloud KMS asymmetric signing key version (Rekor's <c>gcpkms://</c> signer), over the REST
/// v1 API. Invariants, all established by <see cref="OpenAsync"/>:
/// <list type="bullet">
/// <item>the key's purpose is ASYMMETRIC_SIGN and the version, pinned for the signer's life, was ENABLED when opened
/// (the given one, else the newest ENABLED — a newer version is picked up by reopening, never mid-run, so the log ID
/// cannot change under a running server);</item>
/// <item><see cref="PublicKey"/> is the version's public key, read with its <c>pemCrc32c</c> checked, and of the type
/// the version's algorithm needs;</item>
/// <item>the digest sent is the algorithm's (SHA-256 for P-256 and most RSA, SHA-384 for P-384, SHA-512 for the
/// *_SHA512 RSA algorithms), as sigstore's signer does.</item>
/// </list>
/// Every signature returned passed: <c>verifiedDigestCrc32c</c> true, <c>signatureCrc32c</c> = CRC32C(signature), and
/// verification with <see cref="PublicKey"/>; otherwise <see cref="SignAsync"/> throws and returns nothing.
/// Safe to call concurrently (one HTTP call per signature).
/// <para>Caveat: for EC_SIGN_P384_SHA384 (and the *_SHA512 RSA algorithms) the signature is over the algorithm's
/// digest, as Cloud KMS requires and upstream Rekor produces, not over SHA-256 as <see cref="ILogSigner"/> states for
/// other signers; <see cref="LogKey.Verify"/> (SHA-256 only) therefore rejects them, and PSS signatures too. P-256 and
/// PKCS#1 SHA-256 keys sign exactly as <see cref="ILogSigner"/> says.</para>
/// </summary>
public sealed class GcpKmsSigner : ILogSigner
{
    private const string EnabledState = "ENABLED";
    private const int ListPageSize = 100;

    private readonly GcpKmsClient _client;
    private readonly GcpKmsAlgorithm _algorithm;
    private readonly byte[] _spki;

    private GcpKmsSigner(GcpKmsClient client, string versionName, GcpKmsAlgorithm algorithm, LogKey publicKey)
    {
        _client = client;
        VersionName = versionName;
        _algorithm = algorithm;
        PublicKey = publicKey;
        _spki = publicKey.SpkiDer.ToArray();
    }

    public LogKey PublicKey { get; }

    /// <summary>The full resource name of the key version that signs.</summary>
    public string VersionName { get; }

    /// <summary>The version's algorithm name, e.g. <c>EC_SIGN_P256_SHA256</c>.</summary>
    public string AlgorithmName => _algorithm.Name;

    /// <summary>
    /// Resolves the key version named by <paramref name="uri"/> and reads its public key.
    /// </summary>
    /// <exception cref="FormatException">The URI is not a gcpkms:// key URI.</exception>
    /// <exception cref="StorageUnavailableException">Cloud KMS stayed unavailable through the retries.</exception>
    /// <exception cref="InvalidOperationException">A permanent failure: credentials, permission, missing key or
    /// version, wrong purpose, no ENABLED version, unsupported algorithm, or a corrupt public key.</exception>
    public static async Task<ILogSigner> OpenAsync(string uri, GcpKmsSettings settings, HttpClient http, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(http);
        settings.Validate();
        var name = GcpKmsKeyName.Parse(uri);
        var tokens = await GcpKmsAccessTokens.LoadAsync(settings, ct);
        var client = new GcpKmsClient(http, settings, tokens);

        var cryptoKey = await client.GetAsync(name.CryptoKeyName, null, $"reading the Cloud KMS key {name.CryptoKeyName}", ct);
        var purpose = Read(() => GcpKmsJson.Enum(cryptoKey, "purpose"), name.CryptoKeyName);
        if (purpose is not ("ASYMMETRIC_SIGN" or "5"))
        {
            throw new InvalidOperationException($"the Cloud KMS key {name.CryptoKeyName} cannot sign: its purpose is {purpose ?? "unset"}, not ASYMMETRIC_SIGN");
        }

        var version = name.Version is { } pinned
            ? await ReadVersionAsync(client, name.VersionName(pinned), ct)
            : await NewestEnabledVersionAsync(client, name, ct);
        var versionName = Read(() => GcpKmsJson.String(version, "name"), name.CryptoKeyName) ?? name.VersionName(name.Version ?? "?");
        var state = Read(() => GcpKmsJson.Enum(version, "state"), versionName);
        if (state is not (EnabledState or "1"))
        {
            throw new InvalidOperationException($"the Cloud KMS key version {versionName} cannot sign: its state is {state ?? "unset"}, not ENABLED");
        }

        var algorithmName = Read(() => GcpKmsJson.Enum(version, "algorithm"), versionName);
        var algorithm = GcpKmsAlgorithm.Find(algorithmName)
            ?? throw new InvalidOperationException($"the Cloud KMS key version {versionName} uses {algorithmName ?? "no algorithm"}, which Rekor cannot sign with");

        var publicKey = await ReadPublicKeyAsync(client, versionName, algorithm, ct);
        return new GcpKmsSigner(client, versionName, algorithm, publicKey);
    }

    /// <exception cref="StorageUnavailableException">Cloud KMS stayed unavailable through the retries.</exception>
    /// <exception cref="InvalidOperationException">Refused, or the answer failed an integrity check (CRC32C or signature verification).</exception>
    public async ValueTask<byte[]> SignAsync(ReadOnlyMemory<byte> message, CancellationToken ct)
    {
        var digest = _algorithm.Hash(message.Span);
        var digestCrc = Crc32C.Compute(digest);
        var body = new JsonObject
        {
            ["digest"] = new JsonObject { [_algorithm.DigestField] = Convert.ToBase64String(digest) },
            ["digestCrc32c"] = digestCrc.ToString(CultureInfo.InvariantCulture),
        };
        var doing = $"signing with the Cloud KMS key version {VersionName}";
        var response = await _client.PostAsync(VersionName + ":asymmetricSign", body, doing, ct);

        byte[]? signature;
        long? signatureCrc;
        bool digestVerified;
        string? usedVersion;
        try
        {
            signature = GcpKmsJson.Bytes(response, "signature");
            signatureCrc = GcpKmsJson.Int64(response, "signatureCrc32c");
            digestVerified = GcpKmsJson.Bool(response, "verifiedDigestCrc32c");
            usedVersion = GcpKmsJson.String(response, "name");
        }
        catch (FormatException e)
        {
            throw new InvalidOperationException($"{doing} failed: malformed answer: {e.Message}", e);
        }

        if (!digestVerified)
        {
            throw new InvalidOperationException($"{doing} failed: Cloud KMS did not confirm the digest's CRC32C (request corrupted in transit?)");
        }

        if (signature is null || signature.Length == 0)
        {
            throw new InvalidOperationException($"{doing} failed: the answer holds no signature");
        }

        if (signatureCrc is not { } crc || crc != Crc32C.Compute(signature))
        {
            throw new InvalidOperationException($"{doing} failed: the signature does not match its signatureCrc32c (response corrupted in transit?)");
        }

        if (usedVersion is not null && usedVersion != VersionName)
        {
            throw new InvalidOperationException($"{doing} failed: Cloud KMS signed with another key version, {usedVersion}");
        }

        if (!_algorithm.Verify(_spki, digest, signature))
        {
            throw new InvalidOperationException($"{doing} failed: the signature returned does not verify with the version's public key");
        }

        return signature;
    }

    private static Task<JsonElement> ReadVersionAsync(GcpKmsClient client, string versionName, CancellationToken ct) =>
        client.GetAsync(versionName, null, $"reading the Cloud KMS key version {versionName}", ct);

    /// <summary>
    /// The ENABLED version with the highest numeric ID. Asks the service as sigstore does (<c>filter=state=ENABLED</c>,
    /// <c>orderBy=name desc</c>) but reads every page and compares IDs numerically itself, so version 10 beats 9 and
    /// an answer that ignored the filter still yields an ENABLED version.
    /// </summary>
    private static async Task<JsonElement> NewestEnabledVersionAsync(GcpKmsClient client, GcpKmsKeyName name, CancellationToken ct)
    {
        var resource = name.CryptoKeyName + "/cryptoKeyVersions";
        var doing = $"listing the versions of the Cloud KMS key {name.CryptoKeyName}";
        JsonElement? best = null;
        var bestId = (Number: -1L, Text: "");
        string? pageToken = null;
        do
        {
            var query = $"filter={Uri.EscapeDataString("state=ENABLED")}&orderBy={Uri.EscapeDataString("name desc")}&pageSize={ListPageSize}"
                + (pageToken is null ? "" : "&pageToken=" + Uri.EscapeDataString(pageToken));
            var page = await client.GetAsync(resource, query, doing, ct);
            if (GcpKmsJson.TryGet(page, "cryptoKeyVersions", out var versions))
            {
                if (versions.ValueKind != JsonValueKind.Array)
                {
                    throw new InvalidOperationException($"{doing} failed: \"cryptoKeyVersions\" is not an array");
                }

                foreach (var version in versions.EnumerateArray())
                {
                    var state = Read(() => GcpKmsJson.Enum(version, "state"), name.CryptoKeyName);
                    var versionName = Read(() => GcpKmsJson.String(version, "name"), name.CryptoKeyName);
                    if (state is not (EnabledState or "1") || versionName is null || !versionName.StartsWith(resource + "/", StringComparison.Ordinal))
                    {
                        continue;
                    }

                    var id = versionName[(resource.Length + 1)..];
                    var number = long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1;
                    if (best is null || number > bestId.Number || (number == bestId.Number && string.CompareOrdinal(id, bestId.Text) > 0))
                    {
                        best = version;
                        bestId = (number, id);
                    }
                }
            }

            pageToken = Read(() => GcpKmsJson.String(page, "nextPageToken"), name.CryptoKeyName);
        }
        while (!string.IsNullOrEmpty(pageToken));

        return best ?? throw new InvalidOperationException($"the Cloud KMS key {name.CryptoKeyName} has no ENABLED version to sign with");
    }

    private static async Task<LogKey> ReadPublicKeyAsync(GcpKmsClient client, string versionName, GcpKmsAlgorithm algorithm, CancellationToken ct)
    {
        var doing = $"reading the public key of the Cloud KMS key version {versionName}";
        var answer = await client.GetAsync(versionName + "/publicKey", null, doing, ct);
        var pem = Read(() => GcpKmsJson.String(answer, "pem"), versionName)
            ?? throw new InvalidOperationException($"{doing} failed: the answer holds no \"pem\"");
        var pemCrc = Read(() => GcpKmsJson.Int64(answer, "pemCrc32c"), versionName);
        if (pemCrc is not { } crc || crc != Crc32C.Compute(Encoding.UTF8.GetBytes(pem)))
        {
            throw new InvalidOperationException($"{doing} failed: the PEM does not match its pemCrc32c (response corrupted in transit?)");
        }

        var keyAlgorithm = Read(() => GcpKmsJson.Enum(answer, "algorithm"), versionName);
        if (keyAlgorithm is not null && GcpKmsAlgorithm.Find(keyAlgorithm)?.Name != algorithm.Name)
        {
            throw new InvalidOperationException($"{doing} failed: the public key is for {keyAlgorithm}, the version says {algorithm.Name}");
        }

        LogKey key;
        try
        {
            key = LogKey.FromPem(pem);
        }
        catch (Exception e) when (e is FormatException or System.Security.Cryptography.CryptographicException)
        {
            throw new InvalidOperationException($"{doing} failed: {e.Message}", e);
        }

        if (key.Algorithm != algorithm.KeyType)
        {
            throw new InvalidOperationException($"{doing} failed: the key is {key.Algorithm}, but {algorithm.Name} needs {algorithm.KeyType}");
        }

        return key;
    }

    /// <summary>Runs a field read, turning a malformed field into a permanent error about <paramref name="resource"/>.</summary>
    private static T Read<T>(Func<T> read, string resource)
    {
        try
        {
            return read();
        }
        catch (FormatException e)
        {
            throw new InvalidOperationException($"Cloud KMS answered a malformed {resource}: {e.Message}", e);
        }
    }
}
