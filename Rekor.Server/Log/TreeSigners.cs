using Rekor.Core.Signing;
using Rekor.Server.Storage;

namespace Rekor.Server.Log;

/// <summary>A signer for the active tree, with how many signatures may be in flight at once (see <see cref="SequencerOptions.SigningConcurrency"/>).</summary>
public sealed record TreeSigner(ILogSigner Signer, int SigningConcurrency);

/// <summary>
/// Where the sequencer gets the signer of the tree it writes: this server's own key, or — after a rotation to a tree
/// with a key of its own — that key, opened from the reference the store records for it.
/// </summary>
public interface ITreeSigners
{
    /// <summary>This server's own signer (<c>--rekor_server.signer</c>).</summary>
    TreeSigner Own { get; }

    /// <summary>What the store records for a tree created with <see cref="Own"/>.</summary>
    TreeKey OwnKey { get; }

    /// <summary>
    /// True when <see cref="Own"/> is a fresh key of this process (<c>memory</c>): it signs whatever tree is active,
    /// whatever key the store records, as rekor-server's memory signer does (for tests and throwaway logs).
    /// </summary>
    bool OwnSignsAnyTree { get; }

    /// <summary>
    /// The signer of a tree recorded with <paramref name="key"/>: <see cref="Own"/> when it holds that key, otherwise
    /// the key's signer reference opened here. Throws <see cref="LogUnavailableException"/> (naming both log IDs) when
    /// neither gives that key.
    /// </summary>
    Task<TreeSigner> ForKeyAsync(long treeId, TreeKey key, CancellationToken cancellationToken);
}

/// <summary>One key for every tree: the signer of a log that was never rotated to another key (tests, benchmarks).</summary>
public sealed class SingleKeySigners(ILogSigner signer, int signingConcurrency, string? reference = null, bool signsAnyTree = false) : ITreeSigners
{
    public TreeSigner Own { get; } = new(signer, signingConcurrency);

    public TreeKey OwnKey { get; } = new(signer.PublicKey.SpkiDer.ToArray(), reference);

    public bool OwnSignsAnyTree => signsAnyTree;

    public Task<TreeSigner> ForKeyAsync(long treeId, TreeKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        return signsAnyTree || key.PublicKeySpki.AsSpan().SequenceEqual(signer.PublicKey.SpkiDer)
            ? Task.FromResult(Own)
            : Task.FromException<TreeSigner>(TreeKeys.NotHeld(treeId, key, signer.PublicKey));
    }
}

/// <summary>What every <see cref="ITreeSigners"/> says when it cannot sign for a tree.</summary>
public static class TreeKeys
{
    /// <summary>The refusal for a tree whose key this server neither holds nor may or could open (<paramref name="detail"/> says why, if more is known).</summary>
    public static LogUnavailableException NotHeld(long treeId, TreeKey key, LogKey own, string? detail = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(own);
        var recorded = LogKey.TryFromSpki(key.PublicKeySpki, out var parsed, out _) ? parsed.LogId.ToHex() : "(unreadable)";
        return new LogUnavailableException(
            $"tree {treeId} is signed by another key than this server's (log ID {recorded}{(key.Signer is null ? string.Empty : ", signer " + key.Signer)}; "
            + $"this server's is {own.LogId.ToHex()}){(detail is null ? string.Empty : "; " + detail)}. "
            + "Every server of one log must use the same --rekor_server.signer: the active tree's key");
    }
}
