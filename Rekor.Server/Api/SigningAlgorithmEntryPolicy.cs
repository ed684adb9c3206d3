using Rekor.Core.Pki;
using Rekor.Core.Types;

namespace Rekor.Server.Api;

/// <summary>
/// Rekor's <c>client-signing-algorithms</c> policy (its default list unless the option names others), applied to
/// every entry before canonicalization.
/// </summary>
public sealed class SigningAlgorithmEntryPolicy(SigningAlgorithmPolicy policy) : IEntryPolicy
{
    /// <summary>Rekor's default list.</summary>
    public SigningAlgorithmEntryPolicy()
        : this(SigningAlgorithmPolicy.RekorDefault)
    {
    }

    public EntryOutcome Check(EntryImplementation entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return entry.CheckSigningAlgorithms(policy);
    }
}
