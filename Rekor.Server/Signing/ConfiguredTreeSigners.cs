using System.Collections.Concurrent;
using Rekor.Server.Configuration;
using Rekor.Server.Log;
using Rekor.Server.Storage;

namespace Rekor.Server.Signing;

/// <summary>
/// The server's signers for the trees it writes: its own (<c>--rekor_server.signer</c>), and for a tree a rotation
/// gave another key, that key opened from the reference the store records (a KMS URI or a key file path every
/// server of the log can reach), with this server's own settings for it. Opened signers are kept for the life of
/// the process, one per reference. A signer is only ever used for a tree whose recorded public key it holds.
/// </summary>
public sealed class ConfiguredTreeSigners(OpenedSigner own, RekorServerOptions options) : ITreeSigners
{
    private readonly ConcurrentDictionary<string, Lazy<Task<OpenedSigner>>> _opened = new(StringComparer.Ordinal);

    public TreeSigner Own { get; } = new(own.Signer, own.SigningConcurrency);

    public TreeKey OwnKey { get; } = new(own.Signer.PublicKey.SpkiDer.ToArray(), LogSigners.ShareableReference(options));

    public bool OwnSignsAnyTree { get; } = string.Equals(options.Signer, "memory", StringComparison.OrdinalIgnoreCase);

    public async Task<TreeSigner> ForKeyAsync(long treeId, TreeKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (OwnSignsAnyTree || Holds(Own, key))
        {
            return Own;
        }

        if (key.Signer is not { Length: > 0 } reference)
        {
            throw TreeKeys.NotHeld(treeId, key, Own.Signer.PublicKey);
        }

        OpenedSigner opened;
        try
        {
            opened = await _opened.GetOrAdd(reference, r => new Lazy<Task<OpenedSigner>>(() => LogSigners.OpenReferenceAsync(r, options, CancellationToken.None))).Value;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _opened.TryRemove(reference, out _); // a KMS that is not reachable yet is tried again next time
            throw TreeKeys.NotHeld(treeId, key, Own.Signer.PublicKey, "opening the tree's signer failed: " + e.Message);
        }

        var signer = new TreeSigner(opened.Signer, opened.SigningConcurrency);
        return Holds(signer, key) ? signer : throw TreeKeys.NotHeld(treeId, key, Own.Signer.PublicKey, $"the tree's signer {reference} now holds log ID {opened.Signer.PublicKey.LogId.ToHex()}");
    }

    private static bool Holds(TreeSigner signer, TreeKey key) => signer.Signer.PublicKey.SpkiDer.SequenceEqual(key.PublicKeySpki);
}
