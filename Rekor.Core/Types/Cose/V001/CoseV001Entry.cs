namespace Rekor.Core.Types.Cose.V001;

/// <summary>
/// cose 0.0.1: a COSE_Sign1 message signed with an x509 key.
/// Its model, schema validation and registration are generated from schemas/cose/; the behaviour this kind
/// overrides (validation, verification, canonicalization, index keys, building from an artifact) lives here.
/// </summary>
[EntryType("cose", "0.0.1")]
public sealed partial class CoseV001Entry
{
}
