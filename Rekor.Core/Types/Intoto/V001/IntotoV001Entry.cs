namespace Rekor.Core.Types.Intoto.V001;

/// <summary>
/// intoto 0.0.1: an in-toto attestation in a DSSE envelope, signed by one key (the older intoto form).
/// Its model, schema validation and registration are generated from schemas/intoto/; the behaviour this kind
/// overrides (validation, verification, canonicalization, index keys, building from an artifact) lives here.
/// </summary>
[EntryType("intoto", "0.0.1")]
public sealed partial class IntotoV001Entry
{
}
