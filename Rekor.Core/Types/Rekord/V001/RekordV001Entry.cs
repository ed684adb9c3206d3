namespace Rekor.Core.Types.Rekord.V001;

/// <summary>
/// rekord 0.0.1: a detached signature (x509, PGP, minisign or SSH) over artifact content sent inline.
/// Its model, schema validation and registration are generated from schemas/rekord/; the behaviour this kind
/// overrides (validation, verification, canonicalization, index keys, building from an artifact) lives here.
/// </summary>
[EntryType("rekord", "0.0.1")]
public sealed partial class RekordV001Entry
{
}
