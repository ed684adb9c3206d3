namespace Rekor.Core.Types.Dsse.V001;

/// <summary>
/// dsse 0.0.1: any DSSE envelope; the log keeps its hashes and signatures, not the payload.
/// Its model, schema validation and registration are generated from schemas/dsse/; the behaviour this kind
/// overrides (validation, verification, canonicalization, index keys, building from an artifact) lives here.
/// </summary>
[EntryType("dsse", "0.0.1")]
public sealed partial class DsseV001Entry
{
}
