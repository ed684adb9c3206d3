using System.Text.Json;
using Rekor.Core.Checkpoints;
using Rekor.Core.Merkle;
using Rekor.Core.Models;
using static Rekor.Core.Verification.ProtobufJson;

namespace Rekor.Core.Verification;

/// <summary>
/// Builds a <see cref="BundleTlogEntry"/> field by field (Sigstore protobuf-specs <c>TransparencyLogEntry</c>). A field
/// that is absent takes its protobuf default (an int64 is 0, a repeated field empty), except where a Rekor v1 entry
/// always has it (body, log ID, root hash, a SET inside an <c>inclusionPromise</c>, a checkpoint's envelope): then it
/// is malformed, like a field of the wrong type or with bad base64.
/// </summary>
internal static class BundleTlogEntryReader
{
    public static BundleTlogEntry Read(JsonElement tlog)
    {
        var malformed = new Dictionary<VerificationCheck, string>();
        void Malformed(string reason, params VerificationCheck[] checks)
        {
            foreach (var check in checks)
            {
                malformed.TryAdd(check, reason);
            }
        }

        if (tlog.ValueKind != JsonValueKind.Object)
        {
            Malformed($"the bundle's tlog entry is a JSON {tlog.ValueKind}, not an object", Enum.GetValues<VerificationCheck>());
        }

        var body = ReadBody(tlog, Malformed, out var leafHash);
        var logIdHex = ReadLogId(tlog, Malformed);
        var logIndex = ReadInt64(tlog, "logIndex", "log_index", "logIndex", Malformed, VerificationCheck.SignedEntryTimestamp);
        var integratedTime = ReadInt64(tlog, "integratedTime", "integrated_time", "integratedTime", Malformed, VerificationCheck.SignedEntryTimestamp);
        var set = ReadSignedEntryTimestamp(tlog, Malformed);
        var proof = ReadInclusionProof(tlog, Malformed);
        var (kind, version, kindVersionError) = ReadKindVersion(tlog);

        var entry = new LogEntryValue
        {
            Body = StringElement(body),
            IntegratedTime = integratedTime,
            LogID = logIdHex!,
            LogIndex = logIndex,
            Verification = set is null && proof is null ? null : new LogEntryValueVerification { InclusionProof = proof, SignedEntryTimestamp = set },
        };
        return new BundleTlogEntry(EntryKeyOf(leafHash, proof), entry, kind, version, malformed, kindVersionError);
    }

    /// <summary>The body re-encoded as standard padded base64 (the SET signs that text, whichever base64 the bundle
    /// used); the text as given when it does not decode.</summary>
    private static string? ReadBody(JsonElement tlog, Action<string, VerificationCheck[]> malformed, out Hash32? leafHash)
    {
        leafHash = null;
        VerificationCheck[] fed = [VerificationCheck.BodyHashMatchesKey, VerificationCheck.SignedEntryTimestamp, VerificationCheck.InclusionProof];
        if (!TryGetField(tlog, "canonicalizedBody", "canonicalized_body", out var value))
        {
            malformed("the bundle's tlog entry has no canonicalizedBody", fed);
            return null;
        }

        if (!TryReadBytes(value, out var bytes) || bytes.Length == 0)
        {
            malformed("the bundle's canonicalizedBody is not non-empty base64", fed);
            return TryReadString(value, out var text) ? text : null;
        }

        leafHash = Rfc6962.HashLeaf(bytes);
        return Convert.ToBase64String(bytes);
    }

    private static string? ReadLogId(JsonElement tlog, Action<string, VerificationCheck[]> malformed)
    {
        VerificationCheck[] fed = [VerificationCheck.SignedEntryTimestamp, VerificationCheck.CheckpointSignature];
        if (!TryGetField(tlog, "logId", "log_id", out var logId) || !TryGetField(logId, "keyId", "key_id", out var keyId))
        {
            malformed("the bundle's tlog entry has no logId.keyId", fed);
            return null;
        }

        if (!TryReadBytes(keyId, out var bytes) || bytes.Length != Hash32.Length)
        {
            malformed($"the bundle's logId.keyId is not base64 of {Hash32.Length} bytes", fed);
            return null;
        }

        return Convert.ToHexStringLower(bytes);
    }

    private static long ReadInt64(
        JsonElement message, string jsonName, string protoName, string path, Action<string, VerificationCheck[]> malformed, params VerificationCheck[] fed)
    {
        if (!TryGetField(message, jsonName, protoName, out var value))
        {
            return 0;
        }

        if (!TryReadInt64(value, out var result))
        {
            malformed($"the bundle's {path} is not an int64", fed);
        }

        return result;
    }

    private static byte[]? ReadSignedEntryTimestamp(JsonElement tlog, Action<string, VerificationCheck[]> malformed)
    {
        if (!TryGetField(tlog, "inclusionPromise", "inclusion_promise", out var promise))
        {
            return null;
        }

        if (!TryGetField(promise, "signedEntryTimestamp", "signed_entry_timestamp", out var value)
            || !TryReadBytes(value, out var set)
            || set.Length == 0)
        {
            malformed("the bundle's inclusionPromise.signedEntryTimestamp is missing or not base64", [VerificationCheck.SignedEntryTimestamp]);
            return [];
        }

        return set;
    }

    private static InclusionProof? ReadInclusionProof(JsonElement tlog, Action<string, VerificationCheck[]> malformed)
    {
        if (!TryGetField(tlog, "inclusionProof", "inclusion_proof", out var proof))
        {
            return null;
        }

        const VerificationCheck Fed = VerificationCheck.InclusionProof;
        if (proof.ValueKind != JsonValueKind.Object)
        {
            malformed($"the bundle's inclusionProof is a JSON {proof.ValueKind}, not an object", [Fed, VerificationCheck.CheckpointSignature]);
        }

        var logIndex = ReadInt64(proof, "logIndex", "log_index", "inclusionProof.logIndex", malformed, Fed);
        var treeSize = ReadInt64(proof, "treeSize", "tree_size", "inclusionProof.treeSize", malformed, Fed, VerificationCheck.CheckpointMatchesProof);
        var rootHash = "";
        if (!TryGetField(proof, "rootHash", "root_hash", out var root) || !TryReadBytes(root, out var rootBytes) || rootBytes.Length != Hash32.Length)
        {
            malformed($"the bundle's inclusionProof.rootHash is missing or not base64 of {Hash32.Length} bytes", [Fed, VerificationCheck.CheckpointMatchesProof]);
        }
        else
        {
            rootHash = Convert.ToHexStringLower(rootBytes);
        }

        var hashes = new List<string>();
        if (TryGetField(proof, "hashes", "hashes", out var path))
        {
            if (path.ValueKind != JsonValueKind.Array)
            {
                malformed("the bundle's inclusionProof.hashes is not an array", [Fed]);
            }
            else
            {
                var i = 0;
                foreach (var hash in path.EnumerateArray())
                {
                    if (!TryReadBytes(hash, out var hashBytes) || hashBytes.Length != Hash32.Length)
                    {
                        malformed($"the bundle's inclusionProof.hashes[{i}] is not base64 of {Hash32.Length} bytes", [Fed]);
                    }

                    hashes.Add(Convert.ToHexStringLower(hashBytes));
                    i++;
                }
            }
        }

        return new InclusionProof
        {
            Checkpoint = ReadCheckpoint(proof, malformed)!,
            Hashes = hashes,
            LogIndex = logIndex,
            RootHash = rootHash,
            TreeSize = treeSize,
        };
    }

    private static string? ReadCheckpoint(JsonElement proof, Action<string, VerificationCheck[]> malformed)
    {
        if (!TryGetField(proof, "checkpoint", "checkpoint", out var checkpoint))
        {
            return null;
        }

        if (!TryGetField(checkpoint, "envelope", "envelope", out var envelope) || !TryReadString(envelope, out var text))
        {
            malformed("the bundle's inclusionProof.checkpoint has no envelope string", [VerificationCheck.CheckpointSignature]);
            return null;
        }

        return text;
    }

    private static (string? Kind, string? Version, string? Error) ReadKindVersion(JsonElement tlog)
    {
        if (!TryGetField(tlog, "kindVersion", "kind_version", out var kindVersion))
        {
            return (null, null, "the bundle's tlog entry has no kindVersion");
        }

        string? kind = TryGetField(kindVersion, "kind", "kind", out var k) && TryReadString(k, out var kindText) ? kindText : null;
        string? version = TryGetField(kindVersion, "version", "version", out var v) && TryReadString(v, out var versionText) ? versionText : null;
        return kind is null || version is null
            ? (kind, version, "the bundle's kindVersion lacks a kind or a version string")
            : (kind, version, null);
    }

    /// <summary>The leaf hash (all zeros when the body does not decode), with the tree ID the checkpoint's origin names when it names a positive one. The
    /// checkpoint is read here unverified, only to rebuild the key; its signature is checked with the rest.</summary>
    private static string EntryKeyOf(Hash32? leafHash, InclusionProof? proof)
    {
        var uuid = leafHash ?? default;
        if (proof?.Checkpoint is { } text
            && SignedCheckpoint.TryParse(text, out var checkpoint, out _)
            && checkpoint.Checkpoint.TryGetTreeId(out var treeId)
            && treeId > 0)
        {
            return EntryId.ForTree(treeId, uuid).ToString();
        }

        return EntryId.ForUuid(uuid).ToString();
    }
}
