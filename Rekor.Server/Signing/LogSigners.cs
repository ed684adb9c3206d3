using Rekor.Core.Signing;
using Rekor.Server.Configuration;

namespace Rekor.Server.Signing;

/// <summary>
/// Opens the signer <c>--rekor_server.signer</c> names, as rekor-server reads it: <c>memory</c> (a fresh P-256 key per
/// process), a PEM key file (with <c>--rekor_server.signer-passwd</c> when encrypted), or nothing for the embedded
/// default (a P-256 key generated on first start into the data directory, so a restart keeps the log ID).
/// </summary>
public static class LogSigners
{
    /// <summary>Signatures in flight at once for a signer in a remote service (see <see cref="OpenedSigner"/>).</summary>
    public const int RemoteSigningConcurrency = 256;

    public static async Task<OpenedSigner> OpenAsync(RekorServerOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var local = Environment.ProcessorCount;
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
