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

    /// <summary>The trusted keys, in no particular order.</summary>
    public IReadOnlyCollection<LogKey> Keys => _byLogId.Values;

    /// <summary>The trusted key whose log ID is <paramref name="logId"/>, if any.</summary>
    public bool TryGet(Hash32 logId, [NotNullWhen(true)] out LogKey? key) => _byLogId.TryGetValue(logId, out key);
}
