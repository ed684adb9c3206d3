using System.Text.Json;
using Rekor.Core.Signing;
using static Rekor.Core.Verification.ProtobufJson;

namespace Rekor.Core.Verification;

/// <summary>
/// Reads the transparency-log keys of a Sigstore <c>trusted_root.json</c> (protobuf-specs <c>TrustedRoot</c>:
/// <c>tlogs[].publicKey.rawBytes</c>, base64 DER SubjectPublicKeyInfo, and <c>tlogs[].logId.keyId</c>). Only Rekor v1
/// logs are kept: those whose <c>keyId</c> is SHA-256 of the key's DER, which is how a v1 entry's <c>logID</c> names
/// its key. Rekor v2 logs (C2SP signed-note key IDs) serve no v1 entries and are left out. <c>validFor</c> is not
/// applied: <see cref="TrustedLogKeys"/> has no notion of time.
/// </summary>
internal static class TrustedRootReader
{
    /// <exception cref="FormatException">The text is not a trusted root, or a tlog's key does not read.</exception>
    public static IReadOnlyList<LogKey> ReadLogKeys(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new FormatException("couldn't read the trusted root: it is not JSON", e);
        }

        using (document)
        {
            if (!TryGetField(document.RootElement, "tlogs", "tlogs", out var tlogs) || tlogs.ValueKind != JsonValueKind.Array)
            {
                throw new FormatException("couldn't read the trusted root: it has no tlogs array");
            }

            var keys = new List<LogKey>();
            var index = 0;
            foreach (var tlog in tlogs.EnumerateArray())
            {
                if (ReadV1LogKey(tlog, index) is { } key)
                {
                    keys.Add(key);
                }

                index++;
            }

            return keys;
        }
    }

    /// <summary>The key of <c>tlogs[index]</c>, or null when its log ID is not SHA-256 of the key (not a v1 log).</summary>
    private static LogKey? ReadV1LogKey(JsonElement tlog, int index)
    {
        if (!TryGetField(tlog, "publicKey", "public_key", out var publicKey)
            || !TryGetField(publicKey, "rawBytes", "raw_bytes", out var rawBytes)
            || !TryReadBytes(rawBytes, out var spki))
        {
            throw new FormatException($"couldn't read the trusted root: tlogs[{index}].publicKey.rawBytes is missing or not base64");
        }

        if (!LogKey.TryFromSpki(spki, out var key, out var error))
        {
            throw new FormatException($"couldn't read the trusted root: tlogs[{index}]'s key: {error}");
        }

        if (!TryGetField(tlog, "logId", "log_id", out var logId)
            || !TryGetField(logId, "keyId", "key_id", out var keyId)
            || !TryReadBytes(keyId, out var keyIdBytes))
        {
            throw new FormatException($"couldn't read the trusted root: tlogs[{index}].logId.keyId is missing or not base64");
        }

        return keyIdBytes.AsSpan().SequenceEqual(key.LogId.ToArray())
            ? key
            : null;
    }
}
