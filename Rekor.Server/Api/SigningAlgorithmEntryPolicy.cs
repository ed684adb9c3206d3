using Rekor.Core.Pki;
using Rekor.Core.Types;

namespace Rekor.Server.Api;

/// <summary>Rekor's <c>client-signing-algorithms</c> policy (its default list), applied to every entry before canonicalization.</summary>
public sealed class SigningAlgorithmEntryPolicy : IEntryPolicy
{
    public EntryOutcome Check(EntryImplementation entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return entry.CheckSigningAlgorithms(SigningAlgorithmPolicy.RekorDefault);
    }
}
