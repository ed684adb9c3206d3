namespace Rekor.Core.Types;

/// <summary>
/// An entry as a client proposes it: <c>{"kind", "apiVersion", "spec"}</c>. Implemented by the generated
/// <c>ProposedEntry</c> classes, whichever assembly's schemas they came from.
/// </summary>
public interface IProposedEntry
{
    string Kind { get; }

    string ApiVersion { get; }

    EntrySpec Spec { get; }
}
