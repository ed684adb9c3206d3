namespace Rekor.Core.Types.Rfc3161.V001;

/// <summary>
/// rfc3161 0.0.1: an RFC 3161 timestamp response.
/// Its model, schema validation and registration are generated from schemas/rfc3161/; the behaviour this kind
/// overrides (validation, verification, canonicalization, index keys, building from an artifact) lives here.
/// </summary>
[EntryType("rfc3161", "0.0.1")]
public sealed partial class Rfc3161V001Entry
{
}
