using System.Text.Json;
using Rekor.Core.Models;

namespace Rekor.Core.Verification;

/// <summary>
/// A Sigstore bundle's transparency-log entry (<c>verificationMaterial.tlogEntries[i]</c>, protobuf-JSON
/// <c>TransparencyLogEntry</c>) rewritten as the Rekor v1 <c>LogEntry</c> member it was served as, so that
/// <see cref="LogEntryVerifier"/> checks it. The mapping is lossless for every field the SET, the proof and the
/// checkpoint cover: the body text is the same base64, <c>logId.keyId</c> and the proof's hashes turn from base64 into
/// lowercase hex, the int64 strings into numbers, <c>checkpoint.envelope</c> into <c>checkpoint</c>.
/// </summary>
/// <remarks>
/// A bundle carries no entry key, so <see cref="EntryKey"/> is rebuilt: the body's leaf hash, prefixed by the tree ID
/// when the checkpoint's origin (<c>&lt;host&gt; - &lt;treeID&gt;</c>) names one. The key therefore matches the body
/// by construction; what ties the body to the log is the SET and the proof. Fields that do not read are recorded in
/// <see cref="Malformed"/> against the checks they feed, and left null (strings, the checkpoint,
/// the SET's bytes empty) or 0 (numbers) in <see cref="Entry"/>, whatever its property types promise.
/// </remarks>
public sealed class BundleTlogEntry
{
    internal BundleTlogEntry(
        string entryKey,
        LogEntryValue entry,
        string? kind,
        string? version,
        IReadOnlyDictionary<VerificationCheck, string> malformed,
        string? kindVersionError)
    {
        EntryKey = entryKey;
        Entry = entry;
        Kind = kind;
        Version = version;
        Malformed = malformed;
        KindVersionError = kindVersionError;
    }

    /// <summary>80 lowercase hex digits when the checkpoint's origin names a tree ID, else the 64-digit leaf hash of
    /// the body (its digits all zeros when the body does not decode).</summary>
    public string EntryKey { get; }

    /// <summary>The v1 entry: <c>body</c>, <c>integratedTime</c>, <c>logID</c>, <c>logIndex</c> and
    /// <c>verification</c> {<c>inclusionProof</c>, <c>signedEntryTimestamp</c>} when the bundle has them.</summary>
    public LogEntryValue Entry { get; }

    /// <summary><c>kindVersion.kind</c> as the bundle states it; null when absent or not a string.</summary>
    public string? Kind { get; }

    /// <summary><c>kindVersion.version</c> as the bundle states it; null when absent or not a string.</summary>
    public string? Version { get; }

    /// <summary>For each check fed by a field that did not read, why; empty for a well-formed entry.</summary>
    public IReadOnlyDictionary<VerificationCheck, string> Malformed { get; }

    /// <summary>Why <c>kindVersion</c> could not be read, or null.</summary>
    internal string? KindVersionError { get; }

    /// <summary>Reads <paramref name="tlogEntry"/>, whatever it holds: never throws on malformed JSON.</summary>
    public static BundleTlogEntry Read(JsonElement tlogEntry) => BundleTlogEntryReader.Read(tlogEntry);
}
