namespace Rekor.Core.Pki.Ssh;

/// <summary>The SSH public key types this log verifies with; their wire names are in <see cref="SshPublicKey.KeyType"/>.</summary>
public enum SshKeyAlgorithm
{
    /// <summary><c>ssh-ed25519</c>.</summary>
    Ed25519,

    /// <summary><c>ssh-rsa</c> (signatures <c>rsa-sha2-512</c>, <c>rsa-sha2-256</c> or SHA-1 <c>ssh-rsa</c>).</summary>
    Rsa,

    /// <summary><c>ecdsa-sha2-nistp256</c>.</summary>
    EcdsaP256,

    /// <summary><c>ecdsa-sha2-nistp384</c>.</summary>
    EcdsaP384,

    /// <summary><c>ecdsa-sha2-nistp521</c>.</summary>
    EcdsaP521,
}
