namespace Rekor.Core.Types.Tuf.V001;

/// <summary>
/// tuf 0.0.1: TUF metadata together with the root that signs it.
/// Its model, schema validation and registration are generated from schemas/tuf/; the behaviour this kind
/// overrides (validation, verification, canonicalization, index keys, building from an artifact) lives here.
/// </summary>
[EntryType("tuf", "0.0.1")]
public sealed partial class TufV001Entry
{
}
