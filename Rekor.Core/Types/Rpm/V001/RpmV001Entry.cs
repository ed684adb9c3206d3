namespace Rekor.Core.Types.Rpm.V001;

/// <summary>
/// rpm 0.0.1: an RPM package whose header carries a PGP signature.
/// Its model, schema validation and registration are generated from schemas/rpm/; the behaviour this kind
/// overrides (validation, verification, canonicalization, index keys, building from an artifact) lives here.
/// </summary>
[EntryType("rpm", "0.0.1")]
public sealed partial class RpmV001Entry
{
}
