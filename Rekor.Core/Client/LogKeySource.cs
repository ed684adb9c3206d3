using System.Collections.Concurrent;
using System.Globalization;
using Rekor.Core.Signing;
using Rekor.Core.Verification;

namespace Rekor.Core.Client;

/// <summary>
/// Where a client gets the log keys it verifies with: keys it was given and trusts (<see cref="Trusted"/>), or the
/// key the log serves for each tree ID (<see cref="FromLog"/>, as rekor-cli does: trust on first use, once per tree
/// ID and source). Fetched keys are cached for the source's lifetime; safe to share between threads.
/// </summary>
public sealed class LogKeySource
{
    private readonly TrustedLogKeys? _trusted;
    private readonly RekorClient? _client;
    private readonly ConcurrentDictionary<string, LogKey> _fetched = new(StringComparer.Ordinal);

    private LogKeySource(TrustedLogKeys? trusted, RekorClient? client)
    {
        _trusted = trusted;
        _client = client;
    }

    /// <summary>Only <paramref name="keys"/>; never asks a log.</summary>
    public static LogKeySource Trusted(TrustedLogKeys keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        return new LogKeySource(keys, null);
    }

    /// <summary>The key <paramref name="client"/>'s log serves at <c>/api/v1/log/publicKey?treeID=</c>.</summary>
    public static LogKeySource FromLog(RekorClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        return new LogKeySource(null, client);
    }

    /// <summary>True when the keys are the caller's, not the log's own word.</summary>
    public bool IsTrusted => _trusted is not null;

    /// <summary>The keys to verify an entry of tree <paramref name="treeId"/> with (null: the log's active tree).</summary>
    public async Task<TrustedLogKeys> KeysForTreeAsync(long? treeId, CancellationToken cancellationToken = default)
    {
        if (_trusted is not null)
        {
            return _trusted;
        }

        return new TrustedLogKeys(await FetchAsync(treeId?.ToString(CultureInfo.InvariantCulture), cancellationToken).ConfigureAwait(false));
    }

    /// <summary>
    /// The one key for tree <paramref name="treeId"/> (decimal; null: the active tree). With trusted keys, the only
    /// one given, or the one named by <paramref name="logIdHint"/> when several were.
    /// </summary>
    /// <exception cref="InvalidOperationException">Several trusted keys and no way to choose.</exception>
    public async Task<LogKey> KeyForTreeAsync(string? treeId, Merkle.Hash32? logIdHint = null, CancellationToken cancellationToken = default)
    {
        if (_trusted is not null)
        {
            if (logIdHint is { } logId && _trusted.TryGet(logId, out var named))
            {
                return named;
            }

            return _trusted.Keys.Count == 1
                ? _trusted.Keys.First()
                : throw new InvalidOperationException($"{_trusted.Keys.Count} trusted log keys and nothing says which one signs tree {treeId ?? "(active)"}");
        }

        return await FetchAsync(treeId, cancellationToken).ConfigureAwait(false);
    }

    private async Task<LogKey> FetchAsync(string? treeId, CancellationToken cancellationToken)
    {
        var cacheKey = treeId ?? string.Empty;
        if (_fetched.TryGetValue(cacheKey, out var cached))
        {
            return cached;
        }

        var pem = await _client!.GetPublicKeyAsync(treeId, cancellationToken).ConfigureAwait(false);
        if (!LogKey.TryFromPem(pem, out var key, out var error))
        {
            throw new InvalidDataException($"couldn't read the public key the log serves for tree {treeId ?? "(active)"}: {error}");
        }

        return _fetched.GetOrAdd(cacheKey, key);
    }
}
