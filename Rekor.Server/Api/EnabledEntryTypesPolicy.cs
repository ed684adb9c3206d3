using Rekor.Core.Types;

namespace Rekor.Server.Api;

/// <summary>
/// Rekor's <c>enabled_entry_types</c>: a new entry of a kind not enabled is refused (400, <c>error processing entry:
/// entry kind '…' is not enabled for submission on this server</c>). Checked after the kind's own rules and before the
/// other policies, where Rekor checks it (after reading the entry, before the algorithm check). Only submissions:
/// searches by proposed entry and every read of stored entries ignore it, as in Rekor.
/// </summary>
public sealed class EnabledEntryTypesPolicy(IReadOnlySet<string> enabledKinds) : IEntryPolicy
{
    public EntryOutcome Check(EntryImplementation entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return enabledKinds.Contains(entry.Kind)
            ? EntryOutcome.Success
            : EntryOutcome.Fail(EntryErrorKind.InvalidInput, $"entry kind '{entry.Kind}' is not enabled for submission on this server");
    }
}
