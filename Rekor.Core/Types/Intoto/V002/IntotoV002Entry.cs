namespace Rekor.Core.Types.Intoto.V002;

/// <summary>
/// intoto 0.0.2: an in-toto attestation in a DSSE envelope with one or more signatures.
/// Its model, schema validation and registration are generated from schemas/intoto/; the behaviour this kind
/// overrides (validation, verification, canonicalization, index keys, building from an artifact) lives here.
/// </summary>
[EntryType("intoto", "0.0.2")]
public sealed partial class IntotoV002Entry
{
}
