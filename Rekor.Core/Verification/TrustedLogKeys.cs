using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using Rekor.Core.Merkle;
using Rekor.Core.Signing;

namespace Rekor.Core.Verification;

/// <summary>
/// The log keys a client trusts, found by log ID (SHA-256 of the key's DER SPKI), which is how an entry names the
/// key that signed its SET and checkpoint. Immutable once built; safe to share between threads.
/// </summary>
public sealed class TrustedLogKeys
{
    private readonly FrozenDictionary<Hash32, LogKey> _byLogId;

    /// <summary>Trusts every key given; a key given twice is trusted once.</summary>
    public TrustedLogKeys(params IEnumerable<LogKey> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var byLogId = new Dictionary<Hash32, LogKey>();
        foreach (var key in keys)
        {
            ArgumentNullException.ThrowIfNull(key, nameof(keys));
            byLogId[key.LogId] = key;
        }

        _byLogId = byLogId.ToFrozenDictionary();
    }

    /// <summary>
    /// Trusts the Rekor v1 log keys of a Sigstore <c>trusted_root.json</c>: each <c>tlogs[]</c> entry whose
    /// <c>logId.keyId</c> is SHA-256 of its <c>publicKey.rawBytes</c> (Rekor v2 logs are left out). Key validity
    /// periods (<c>validFor</c>) are not applied.
    /// </summary>
    /// <exception cref="FormatException">The text is not a trusted root, or a tlog's key does not read.</exception>
    public static TrustedLogKeys FromTrustedRoot(string trustedRootJson)
    {
        ArgumentNullException.ThrowIfNull(trustedRootJson);
        return new TrustedLogKeys(TrustedRootReader.ReadLogKeys(trustedRootJson));
    }

    /// <summary>The trusted keys, in no particular order.</summary>
    public IReadOnlyCollection<LogKey> Keys => _byLogId.Values;

    /// <summary>The trusted key whose log ID is <paramref name="logId"/>, if any.</summary>
    public bool TryGet(Hash32 logId, [NotNullWhen(true)] out LogKey? key) => _byLogId.TryGetValue(logId, out key);
}
