using Rekor.Core.Canonical;
using Rekor.Core.Merkle;
using Rekor.Core.Signing;

namespace Rekor.Core.Timestamps;

/// <summary>
/// Rekor v1's signed entry timestamp (SET, "inclusion promise"): the log's signature over the RFC 8785 form of
/// exactly <c>{"body","integratedTime","logID","logIndex"}</c> (rekor pkg/api/entries.go <c>signEntry</c>), with
/// <c>body</c> the entry's base64 text as served, <c>logID</c> lowercase hex and <c>logIndex</c> the <b>global</b>
/// index across shards. It is computed on every response, never stored.
/// </summary>
public static class SignedEntryTimestamp
{
    /// <summary>
    /// The signed bytes: <c>{"body":"…","integratedTime":…,"logID":"…","logIndex":…}</c>, written directly in
    /// canonical form. Rekor canonicalizes through float64, so the two integers are written as ECMAScript numbers of
    /// their double value; that is the integer itself for every value below 2^53 (Rekor's indexes and times are).
    /// </summary>
    public static byte[] Payload(string bodyBase64, long integratedTimeSeconds, Hash32 logId, long logIndex)
    {
        ArgumentNullException.ThrowIfNull(bodyBase64);
        using var writer = new CanonicalJsonWriter(bodyBase64.Length + 160);
        writer.WriteRaw("{\"body\":"u8);
        if (!writer.TryWriteString(bodyBase64))
        {
            throw new ArgumentException("the body text holds a lone surrogate", nameof(bodyBase64));
        }

        writer.WriteRaw(",\"integratedTime\":"u8);
        writer.WriteNumber(integratedTimeSeconds);
        writer.WriteRaw(",\"logID\":"u8);
        writer.TryWriteString(logId.ToHex());
        writer.WriteRaw(",\"logIndex\":"u8);
        writer.WriteNumber(logIndex);
        writer.WriteByte((byte)'}');
        return writer.ToArray();
    }

    /// <summary>The SET for an entry, signed by <paramref name="signer"/>, whose log ID goes into the payload.</summary>
    public static async ValueTask<byte[]> SignAsync(
        ILogSigner signer, string bodyBase64, long integratedTimeSeconds, long logIndex, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(signer);
        ArgumentOutOfRangeException.ThrowIfNegative(integratedTimeSeconds);
        ArgumentOutOfRangeException.ThrowIfNegative(logIndex);
        return await signer.SignAsync(Payload(bodyBase64, integratedTimeSeconds, signer.PublicKey.LogId, logIndex), ct);
    }

    /// <summary>
    /// Whether <paramref name="signedEntryTimestamp"/> is <paramref name="key"/>'s signature over the payload of these
    /// fields, as every Sigstore client checks it. The <paramref name="logId"/> must be <paramref name="key"/>'s own: a
    /// SET names the key that made it.
    /// </summary>
    public static bool Verify(
        LogKey key, string bodyBase64, long integratedTimeSeconds, Hash32 logId, long logIndex, ReadOnlySpan<byte> signedEntryTimestamp)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(bodyBase64);
        return logId == key.LogId
            && integratedTimeSeconds >= 0
            && logIndex >= 0
            && key.Verify(Payload(bodyBase64, integratedTimeSeconds, logId, logIndex), signedEntryTimestamp);
    }
}
