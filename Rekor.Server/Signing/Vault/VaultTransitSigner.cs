using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Rekor.Core.Signing;
using Rekor.Server.Storage;

namespace Rekor.Server.Signing.Vault;

/// <summary>
/// A log signer backed by HashiCorp Vault's transit engine (<c>--rekor_server.signer hashivault://KEY</c>): the private
/// key never leaves Vault; each <see cref="SignAsync"/> is one <c>POST /v1/&lt;mount&gt;/sign/&lt;key&gt;</c>.
/// Invariants:
/// <list type="bullet">
/// <item>the key version is pinned at open time (the latest then) and sent as <c>key_version</c> on every call, so a
/// rotation in Vault never silently changes the log's key; an answer signed by another version is refused;</item>
/// <item>every signature is checked with <see cref="PublicKey"/> (<see cref="LogKey.Verify"/>) before it is returned, so
/// a signature that would not verify is never handed to the log;</item>
/// <item>transient Vault failures (429, 5xx, timeouts) are retried per <see cref="VaultTransitSettings"/> and then throw
/// <see cref="StorageUnavailableException"/>; wrong answers and refusals (403, 404, …) throw
/// <see cref="InvalidOperationException"/>; no message ever holds the token;</item>
/// <item>safe to call concurrently (the instance is immutable; <see cref="HttpClient"/> is thread-safe).</item>
/// </list>
/// </summary>
public sealed class VaultTransitSigner : ILogSigner
{
    private readonly VaultTransitClient _client;
    private readonly VaultTransitKey _key;

    private VaultTransitSigner(VaultTransitClient client, VaultTransitKey key)
    {
        _client = client;
        _key = key;
    }

    public LogKey PublicKey => _key.PublicKey;

    /// <summary>The Vault key version every signature is made with (the latest version when the signer was opened).</summary>
    public int KeyVersion => _key.Version;

    /// <summary>The transit key's name.</summary>
    public string KeyName => _key.Name;

    /// <summary>
    /// Reads the key named by <paramref name="uri"/> (<c>hashivault://NAME</c>) from Vault and pins its latest version.
    /// <paramref name="http"/> is used as given (not disposed); each attempt is bounded by <see cref="VaultTransitSettings.Timeout"/>.
    /// </summary>
    /// <exception cref="FormatException">The URI is not a valid <c>hashivault://</c> key reference.</exception>
    /// <exception cref="InvalidOperationException">Permission denied, unknown key, a key type that cannot sign a log, or a malformed answer.</exception>
    /// <exception cref="StorageUnavailableException">Vault stayed unreachable, sealed, overloaded or slow through every retry.</exception>
    public static async Task<ILogSigner> OpenAsync(string uri, VaultTransitSettings settings, HttpClient http, CancellationToken ct)
    {
        var reference = VaultKeyReference.Parse(uri);
        var client = new VaultTransitClient(settings, http);
        var data = await client.ReadKeyAsync(reference.Name, ct);
        return new VaultTransitSigner(client, VaultTransitKey.FromKeyRead(reference.Name, data));
    }

    public async ValueTask<byte[]> SignAsync(ReadOnlyMemory<byte> message, CancellationToken ct)
    {
        var input = _key.Prehashed ? SHA256.HashData(message.Span) : message.ToArray();
        var body = new JsonObject
        {
            ["input"] = Convert.ToBase64String(input),
            ["key_version"] = _key.Version,
            ["prehashed"] = _key.Prehashed,
            ["marshaling_algorithm"] = "asn1",
        };
        if (_key.HashAlgorithm is { } hash)
        {
            body["hash_algorithm"] = hash;
        }

        if (_key.SignatureAlgorithm is { } padding)
        {
            body["signature_algorithm"] = padding;
        }

        var data = await _client.SignAsync(_key.Name, _key.HashAlgorithm, body, ct);
        var doing = $"signing with Vault transit key '{_key.Name}' version {_key.Version}";
        if (!data.TryGetProperty("signature", out var element) || element.ValueKind != JsonValueKind.String)
        {
            throw new InvalidOperationException($"{doing}: Vault's answer has no 'signature'");
        }

        if (!VaultSignature.TryParse(element.GetString()!, out var version, out var signature))
        {
            throw new InvalidOperationException($"{doing}: Vault's signature is not in the form vault:v<N>:<base64>");
        }

        if (version != _key.Version)
        {
            throw new InvalidOperationException($"{doing}: Vault signed with version {version} instead");
        }

        if (!_key.PublicKey.Verify(message.Span, signature))
        {
            throw new InvalidOperationException($"{doing}: Vault's signature does not verify with the log's public key ({_key.PublicKey})");
        }

        return signature;
    }

    public override string ToString() => $"Vault transit signer {VaultKeyReference.Scheme}{_key.Name} v{_key.Version} at {_client.MountUrl}";
}
