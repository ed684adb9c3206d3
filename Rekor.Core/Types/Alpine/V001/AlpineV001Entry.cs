namespace Rekor.Core.Types.Alpine.V001;

/// <summary>
/// alpine 0.0.1: an Alpine APK package signed with an RSA key.
/// Its model, schema validation and registration are generated from schemas/alpine/; the behaviour this kind
/// overrides (validation, verification, canonicalization, index keys, building from an artifact) lives here.
/// </summary>
[EntryType("alpine", "0.0.1")]
public sealed partial class AlpineV001Entry
{
}
