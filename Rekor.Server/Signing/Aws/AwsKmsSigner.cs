using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Rekor.Core.Signing;

namespace Rekor.Server.Signing.Aws;

/// <summary>
/// The log signer of <c>--rekor_server.signer awskms://[ENDPOINT]/KEY</c>: the private key stays in AWS KMS, which signs
/// SHA-256 digests of the messages (<c>MessageType=DIGEST</c>, the algorithm fixed by the key spec: see
/// <see cref="AwsKmsSigningScheme"/>). Invariants: the key was checked at open to be an enabled SIGN_VERIFY key of a
/// spec Rekor can sign with; every signature returned verifies with <see cref="PublicKey"/> over the message (KMS
/// answers that do not are errors, so a bad SET or checkpoint is never produced). Safe to call concurrently (the SDK
/// client is thread-safe and the signer holds no other mutable state).
/// </summary>
public sealed class AwsKmsSigner : ILogSigner, IDisposable
{
    private readonly IAmazonKeyManagementService _client;
    private readonly AwsKmsKeyReference _reference;
    private readonly AwsKmsSigningScheme _scheme;

    /// <summary>The key's ARN as DescribeKey reported it; a signature from another key (say, a retargeted alias) is refused.</summary>
    private readonly string? _keyArn;

    private AwsKmsSigner(IAmazonKeyManagementService client, AwsKmsKeyReference reference, AwsKmsSigningScheme scheme, string? keyArn, LogKey publicKey)
    {
        _client = client;
        _reference = reference;
        _scheme = scheme;
        _keyArn = keyArn;
        PublicKey = publicKey;
    }

    public LogKey PublicKey { get; }

    /// <summary>The key as the URI names it (key ID, key ARN or alias), for messages and logs.</summary>
    public string KeyId => _reference.KeyId;

    /// <summary>
    /// Opens the key of <paramref name="uri"/>: builds the client (<see cref="AwsKmsClientFactory"/>), then reads the key
    /// with DescribeKey and GetPublicKey and checks it can sign as Rekor does. Throws <see cref="FormatException"/> for a
    /// malformed URI, <see cref="InvalidOperationException"/> for a key that cannot be used (missing, access denied,
    /// disabled, wrong usage or spec, no region) and <see cref="Rekor.Server.Storage.StorageUnavailableException"/>
    /// when KMS stays unreachable or throttled through the retries.
    /// </summary>
    public static async Task<ILogSigner> OpenAsync(string uri, AwsKmsSettings settings, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var reference = AwsKmsKeyReference.Parse(uri);
        var client = AwsKmsClientFactory.Create(reference, settings);
        try
        {
            return await OpenAsync(client, reference, ct).ConfigureAwait(false);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>Opens <paramref name="reference"/> through <paramref name="client"/>, which the signer then owns.</summary>
    internal static async Task<AwsKmsSigner> OpenAsync(IAmazonKeyManagementService client, AwsKmsKeyReference reference, CancellationToken ct)
    {
        var keyId = reference.KeyId;
        var metadata = (await Call(() => client.DescribeKeyAsync(new DescribeKeyRequest { KeyId = keyId }, ct), $"describing key {keyId}", ct)
            .ConfigureAwait(false)).KeyMetadata ?? throw new InvalidOperationException($"AWS KMS described key {keyId} without key metadata");
        if (metadata.KeyUsage?.Value != KeyUsageType.SIGN_VERIFY.Value)
        {
            throw new InvalidOperationException($"AWS KMS key {keyId} has key usage {metadata.KeyUsage?.Value ?? "(none)"}, not SIGN_VERIFY: it cannot sign");
        }

        if (metadata.KeyState?.Value != KeyState.Enabled.Value)
        {
            throw new InvalidOperationException($"AWS KMS key {keyId} is {metadata.KeyState?.Value ?? "in no state"}, not Enabled: it cannot sign");
        }

        var scheme = AwsKmsSigningScheme.For(metadata.KeySpec?.Value)
            ?? throw new InvalidOperationException(
                $"AWS KMS key {keyId} has key spec {metadata.KeySpec?.Value ?? "(none)"}; a Rekor log key must be ECC_NIST_P256, ECC_NIST_P384, ECC_NIST_P521 or RSA_2048/3072/4096");
        if (metadata.SigningAlgorithms is { Count: > 0 } algorithms && !algorithms.Contains(scheme.Algorithm.Value))
        {
            throw new InvalidOperationException(
                $"AWS KMS key {keyId} ({scheme.KeySpec}) does not offer {scheme.Algorithm.Value}; it offers {string.Join(", ", algorithms)}");
        }

        var response = await Call(() => client.GetPublicKeyAsync(new GetPublicKeyRequest { KeyId = keyId }, ct), $"reading the public key of {keyId}", ct)
            .ConfigureAwait(false);
        if (response.PublicKey is not { Length: > 0 } spki)
        {
            throw new InvalidOperationException($"AWS KMS returned no public key for {keyId}");
        }

        if (!LogKey.TryFromSpki(spki.ToArray(), out var publicKey, out var error))
        {
            throw new InvalidOperationException($"AWS KMS returned an unreadable public key for {keyId}: {error}");
        }

        if (publicKey.Algorithm != scheme.KeyAlgorithm)
        {
            throw new InvalidOperationException($"AWS KMS returned a {publicKey.Algorithm} public key for {keyId}, whose key spec is {scheme.KeySpec}");
        }

        return new AwsKmsSigner(client, reference, scheme, metadata.Arn, publicKey);
    }

    public async ValueTask<byte[]> SignAsync(ReadOnlyMemory<byte> message, CancellationToken ct)
    {
        var request = new SignRequest
        {
            KeyId = _reference.KeyId,
            Message = new MemoryStream(_scheme.Digest(message.Span), writable: false),
            MessageType = MessageType.DIGEST,
            SigningAlgorithm = _scheme.Algorithm,
        };
        var response = await Call(() => _client.SignAsync(request, ct), $"signing with key {KeyId}", ct).ConfigureAwait(false);
        if (_keyArn is not null && response.KeyId is { Length: > 0 } signedBy && !string.Equals(signedBy, _keyArn, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"AWS KMS signed with key {signedBy}, not {_keyArn} that {KeyId} named at start-up; restart to use the new key");
        }

        var signature = response.Signature?.ToArray() ?? [];
        if (!PublicKey.Verify(message.Span, signature))
        {
            throw new InvalidOperationException(
                $"AWS KMS returned a signature ({signature.Length} bytes) that does not verify with the public key of {KeyId}; it was not used");
        }

        return signature;
    }

    public void Dispose() => _client.Dispose();

    /// <summary>Runs one KMS call (the SDK retries inside it), translating its failure (see <see cref="AwsKmsFailures"/>).</summary>
    private static async Task<T> Call<T>(Func<Task<T>> call, string action, CancellationToken ct)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (Exception e) when (AwsKmsFailures.Translate(e, action, ct) is { } translated)
        {
            throw translated;
        }
    }
}
