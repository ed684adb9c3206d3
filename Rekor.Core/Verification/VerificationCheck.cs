namespace Rekor.Core.Verification;

/// <summary>
/// One link in the chain of evidence a Rekor v1 log entry carries, from its body to the log's key. Every
/// <see cref="LogEntryVerification"/> reports all of them, in this order.
/// </summary>
public enum VerificationCheck
{
    /// <summary>SHA-256(0x00 ‖ decoded body), the RFC 6962 leaf hash, equals the UUID in the entry's key.</summary>
    BodyHashMatchesKey,

    /// <summary>The SET verifies with the trusted key that <c>logID</c> names, over the RFC 8785 form of
    /// <c>{body, integratedTime, logID, logIndex}</c> with the global index.</summary>
    SignedEntryTimestamp,

    /// <summary>The audit path takes the body's leaf hash at the shard-local <c>inclusionProof.logIndex</c> in a tree
    /// of <c>treeSize</c> leaves to <c>rootHash</c>. That root (and the size, which the path binds only through its
    /// shape) is the log's word only once a checkpoint signs it.</summary>
    InclusionProof,

    /// <summary>The checkpoint parses strictly and carries a valid signature by the key <c>logID</c> names (matching
    /// key hint), under the expected signer name and origin when one is required.</summary>
    CheckpointSignature,

    /// <summary>The signed checkpoint's tree size and root hash are the proof's <c>treeSize</c> and <c>rootHash</c>.
    /// Only a checkpoint whose signature verified is compared.</summary>
    CheckpointMatchesProof,

    /// <summary>The signed checkpoint's origin (<c>&lt;host&gt; - &lt;treeID&gt;</c>) names the tree ID of an
    /// 80-digit entry key. Only a checkpoint whose signature verified is compared.</summary>
    CheckpointTreeIdMatchesKey,
}
