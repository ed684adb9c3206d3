using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;

namespace Rekor.Core.Pki.Tuf;

/// <summary>
/// A TUF root used as Rekor's <c>pkg/pki/tuf.PublicKey</c>: its keys and roles read into a go-tuf v0.7 verification
/// database, and the root itself verified by a threshold of its own <c>root</c> role's keys (and unexpired) before it
/// is trusted. It then verifies other metadata against the role named by their <c>_type</c>: a threshold of distinct
/// keys of that role must have signed the <c>signed</c> object's canonical JSON, and the metadata must be unexpired.
/// Knows nothing of the log.
/// </summary>
public sealed class TufRoot
{
    private readonly Dictionary<string, TufKey> _keys;
    private readonly Dictionary<string, (HashSet<string> KeyIds, int Threshold)> _roles;

    private TufRoot(TufSigned signed, Dictionary<string, TufKey> keys, Dictionary<string, (HashSet<string>, int)> roles)
    {
        Document = signed;
        _keys = keys;
        _roles = roles;
    }

    /// <summary>The root document as read.</summary>
    public TufSigned Document { get; }

    /// <summary>Reads a root and verifies it with itself at <paramref name="now"/>.</summary>
    public static bool TryRead(ReadOnlySpan<byte> json, DateTimeOffset now, [NotNullWhen(true)] out TufRoot? root, [NotNullWhen(false)] out string? error)
    {
        root = null;
        if (!TufSigned.TryRead(json, out var signed, out error))
        {
            return false;
        }

        var keys = new Dictionary<string, TufKey>(StringComparer.Ordinal);
        if (signed.Body.TryGetProperty("keys", out var keyMap) && keyMap.ValueKind != JsonValueKind.Null)
        {
            if (keyMap.ValueKind != JsonValueKind.Object)
            {
                error = "json: cannot unmarshal keys into Go struct field Root.keys";
                return false;
            }

            foreach (var entry in keyMap.EnumerateObject())
            {
                if (entry.Value.ValueKind == JsonValueKind.Null)
                {
                    error = "tuf root contains nil key";
                    return false;
                }

                if (!TufKey.TryRead(entry.Value, out var key, out error))
                {
                    return false;
                }

                if (keys.TryGetValue(entry.Name, out var existing) && existing.Identity != key.Identity)
                {
                    error = $"tuf: duplicate key id ({entry.Name})";
                    return false;
                }

                keys[entry.Name] = key;
            }
        }

        var roles = new Dictionary<string, (HashSet<string>, int)>(StringComparer.Ordinal);
        if (signed.Body.TryGetProperty("roles", out var roleMap) && roleMap.ValueKind != JsonValueKind.Null)
        {
            if (roleMap.ValueKind != JsonValueKind.Object)
            {
                error = "json: cannot unmarshal roles into Go struct field Root.roles";
                return false;
            }

            foreach (var entry in roleMap.EnumerateObject())
            {
                if (!TryReadRole(entry.Value, out var keyIds, out var threshold, out error))
                {
                    return false;
                }

                roles[entry.Name] = (keyIds, threshold);
            }
        }

        var candidate = new TufRoot(signed, keys, roles);
        if (!candidate.TryVerify(signed, now, out error))
        {
            return false;
        }

        root = candidate;
        return true;
    }

    /// <summary>go-tuf's <c>DB.Verify(s, role, 0)</c> with the role named by the document's <c>_type</c>.</summary>
    public bool TryVerify(TufSigned metadata, DateTimeOffset now, [NotNullWhen(false)] out string? error)
    {
        if (metadata.Signatures.Count == 0)
        {
            error = "tuf: data has no signatures";
            return false;
        }

        if (!_roles.TryGetValue(metadata.Role, out var role))
        {
            error = $"tuf: unknown role \"{metadata.Role}\"";
            return false;
        }

        if (!TufSigningJson.TryEncode(metadata.Body, out var message, out error))
        {
            return false;
        }

        var verifiedKeys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (keyId, signature) in metadata.Signatures)
        {
            if (role.KeyIds.Contains(keyId) && _keys.TryGetValue(keyId, out var key) && key.Verify(message, signature))
            {
                verifiedKeys.Add(key.Identity);
            }
        }

        if (verifiedKeys.Count < role.Threshold)
        {
            error = "tuf: valid signatures did not meet threshold";
            return false;
        }

        if (metadata.Expires <= now)
        {
            error = "expired at " + GoTime(metadata.Expires);
            return false;
        }

        error = null;
        return true;
    }

    private static bool TryReadRole(JsonElement role, out HashSet<string> keyIds, out int threshold, [NotNullWhen(false)] out string? error)
    {
        keyIds = new HashSet<string>(StringComparer.Ordinal);
        threshold = 0;
        if (role.ValueKind == JsonValueKind.Null)
        {
            error = "tuf root contains nil role";
            return false;
        }

        if (role.ValueKind != JsonValueKind.Object)
        {
            error = "json: cannot unmarshal role into Go value of type data.Role";
            return false;
        }

        if (role.TryGetProperty("keyids", out var ids) && ids.ValueKind == JsonValueKind.Array)
        {
            foreach (var id in ids.EnumerateArray())
            {
                if (id.ValueKind != JsonValueKind.String)
                {
                    error = "json: cannot unmarshal keyids into Go struct field Role.keyids of type string";
                    return false;
                }

                keyIds.Add(id.GetString()!);
            }
        }

        if (role.TryGetProperty("threshold", out var t) && t.ValueKind == JsonValueKind.Number && t.TryGetInt32(out var parsed))
        {
            threshold = parsed;
        }

        if (threshold < 1)
        {
            error = "tuf: invalid role threshold";
            return false;
        }

        error = null;
        return true;
    }

    /// <summary>Go's <c>time.Time.String()</c> for a UTC instant: <c>2006-01-02 15:04:05 +0000 UTC</c>.</summary>
    private static string GoTime(DateTimeOffset time) =>
        time.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " +0000 UTC";
}
