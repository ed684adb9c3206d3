using Rekor.Core.Signing;

namespace Rekor.Server.Tests.Chart;

/// <summary>
/// A signing key file a server's test relies on: the one the server generates into its data directory when no signer
/// is named (encrypted with <paramref name="Password"/>, the test's <c>--rekor_server.signer-passwd</c>, if any).
/// </summary>
public sealed record OwnKeyFile(string? Password);

/// <summary>
/// The chart always names a signer (<c>memory</c> by default), so under its arguments no server generates a key file.
/// A server whose test relies on one gets what a deployment does instead: a key made beforehand and mounted, named by
/// <c>--rekor_server.signer</c> after the chart's. Invariant: the file is the one the server would have generated —
/// the server's own writer, the same algorithm (ECDSA P-256), path (signing-key.pem in the data directory) and
/// password — so the test's assertions on it hold in either mode.
/// </summary>
internal static class ChartKeyFile
{
    public static async Task<string[]> ArgumentsAsync(string dataDirectory, OwnKeyFile key)
    {
        var path = Path.Combine(dataDirectory, "signing-key.pem");
        if (!File.Exists(path))
        {
            await LogSigningKeyFile.WriteAsync(path, EcdsaLogSigner.Generate(), key.Password, CancellationToken.None);
        }

        return [$"--rekor_server.signer={path}"];
    }
}
