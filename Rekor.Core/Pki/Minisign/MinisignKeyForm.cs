namespace Rekor.Core.Pki.Minisign;

/// <summary>How a minisign public key was written, in the order Rekor tries them.</summary>
public enum MinisignKeyForm
{
    /// <summary>The key file: an <c>untrusted comment:</c> line, then base64(algorithm ‖ key ID ‖ key).</summary>
    Text,

    /// <summary>The base64 line alone (what <c>minisign -P</c> takes).</summary>
    Base64,

    /// <summary>The 32 raw key bytes that Rekor stored before sigstore/rekor#562; algorithm <c>Ed</c>, key ID zero.</summary>
    LegacyRaw,
}
