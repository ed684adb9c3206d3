namespace Rekor.Core.Types.HashedRekord.V001;

/// <summary>
/// hashedrekord 0.0.1: a signature over an artifact's digest, with the key or certificate that made it.
/// Its model, schema validation and registration are generated from schemas/hashedrekord/; the behaviour this kind
/// overrides (validation, verification, canonicalization, index keys, building from an artifact) lives here.
/// </summary>
[EntryType("hashedrekord", "0.0.1")]
public sealed partial class HashedRekordV001Entry
{
}
