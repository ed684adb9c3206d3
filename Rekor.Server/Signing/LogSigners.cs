using Rekor.Core.Signing;
using Rekor.Server.Configuration;

namespace Rekor.Server.Signing;

/// <summary>
/// Opens the signer <c>--rekor_server.signer</c> names, as rekor-server reads it: <c>memory</c> (a fresh P-256 key per
/// process), a PEM key file (with <c>--rekor_server.signer-passwd</c> when encrypted), a KMS key by URI
/// (<c>gcpkms://</c>, <c>awskms://</c>, <c>hashivault://</c>), or nothing for the embedded default (a P-256 key
/// generated on first start into the data directory, so a restart keeps the log ID).
/// </summary>
public static class LogSigners
{
    /// <summary>One HTTP client for the REST KMS signers, for the life of the process (its handler pools connections).</summary>
    private static readonly HttpClient KmsHttp = new() { Timeout = Timeout.InfiniteTimeSpan }; // each signer bounds its own calls

    /// <summary>The KMS schemes, each with what opens it. A KMS signer verifies every signature it returns.</summary>
    private static readonly Dictionary<string, Func<string, RekorServerOptions, CancellationToken, Task<ILogSigner>>> Remote = new(StringComparer.Ordinal)
    {
        ["gcpkms"] = (uri, options, ct) => Gcp.GcpKmsSigner.OpenAsync(uri, Gcp.GcpKmsSettings.FromRekorFlags(options.SignerGcpKmsRetries, options.SignerGcpKmsTimeoutSeconds), KmsHttp, ct),
        ["awskms"] = (uri, _, ct) => Aws.AwsKmsSigner.OpenAsync(uri, new Aws.AwsKmsSettings(), ct),
        ["hashivault"] = (uri, _, ct) => Vault.VaultTransitSigner.OpenAsync(uri, Vault.VaultTransitSettings.FromEnvironment(Environment.GetEnvironmentVariable), KmsHttp, ct),
        ["openbao"] = (uri, _, ct) => Vault.VaultTransitSigner.OpenAsync(uri, Vault.VaultTransitSettings.FromEnvironment(Environment.GetEnvironmentVariable), KmsHttp, ct),
    };

    /// <summary>The KMS scheme of a signer setting (<c>gcpkms</c> for <c>gcpkms://...</c>), or null for memory and key files.</summary>
    public static string? RemoteScheme(string? signer) =>
        signer is not null && signer.IndexOf("://", StringComparison.Ordinal) is > 0 and var end ? signer[..end] : null;

    /// <summary>Whether the scheme of a <c>scheme://</c> signer is one this server can open.</summary>
    public static bool IsSupportedRemote(string scheme) => Remote.ContainsKey(scheme);

    /// <summary>
    /// Signatures in flight at once for a signer in a remote service (see <see cref="OpenedSigner"/>): a whole default
    /// batch, so a batch's SETs cost one round trip (bench/: with 256 a 1024-entry batch took four, and half the rate).
    /// </summary>
    public const int RemoteSigningConcurrency = Log.SequencerOptions.DefaultMaxBatchSize;

    /// <summary>
    /// What the store records as the signer reference of a tree created with this server's key: the
    /// <c>--rekor_server.signer</c> value when another server of the log can open it too (a KMS URI or a key file
    /// path); none for a key only this process has (<c>memory</c>) or one generated into its own data directory.
    /// </summary>
    public static string? ShareableReference(RekorServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return string.IsNullOrEmpty(options.Signer) || string.Equals(options.Signer, "memory", StringComparison.OrdinalIgnoreCase) ? null : options.Signer;
    }

    /// <summary>
    /// Opens a signer the store recorded for a tree (<see cref="ShareableReference"/> of the server that created it),
    /// with this server's own settings for it (key file password unless <paramref name="password"/> is given, KMS
    /// retries and timeouts, KMS credentials).
    /// </summary>
    public static async Task<OpenedSigner> OpenReferenceAsync(string reference, RekorServerOptions options, CancellationToken cancellationToken, string? password = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(reference);
        ArgumentNullException.ThrowIfNull(options);
        if (RemoteScheme(reference) is { } scheme)
        {
            var open = Remote.GetValueOrDefault(scheme)
                ?? throw new InvalidOperationException($"couldn't open the signer: '{scheme}://' keys are not supported (use gcpkms, awskms, hashivault, a key file or memory)");
            return new OpenedSigner(await open(reference, options, cancellationToken), RemoteSigningConcurrency, scheme + " key " + reference);
        }

        if (string.Equals(reference, "memory", StringComparison.OrdinalIgnoreCase) || !File.Exists(reference))
        {
            throw new FileNotFoundException($"couldn't open the signing key: '{reference}' does not exist here", reference);
        }

        return new OpenedSigner(await LogSigningKeyFile.LoadAsync(reference, password ?? options.SignerPassword, cancellationToken), Environment.ProcessorCount, "key file " + reference);
    }

    public static async Task<OpenedSigner> OpenAsync(RekorServerOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var local = Environment.ProcessorCount;
        if (RemoteScheme(options.Signer) is not null)
        {
            return await OpenReferenceAsync(options.Signer!, options, cancellationToken);
        }

        if (string.Equals(options.Signer, "memory", StringComparison.OrdinalIgnoreCase))
        {
            return new OpenedSigner(EcdsaLogSigner.Generate(), local, "a fresh in-memory key");
        }

        var path = options.SignerPath;
        if (File.Exists(path))
        {
            return new OpenedSigner(await LogSigningKeyFile.LoadAsync(path, options.SignerPassword, cancellationToken), local, "key file " + path);
        }

        if (options.Signer is not null)
        {
            throw new FileNotFoundException($"couldn't open the signing key: '{path}' does not exist", path);
        }

        var generated = EcdsaLogSigner.Generate();
        await LogSigningKeyFile.WriteAsync(path, generated, options.SignerPassword, cancellationToken);
        return new OpenedSigner(generated, local, "generated key file " + path);
    }
}
