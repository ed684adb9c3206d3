namespace Rekor.Core.Types.Helm.V001;

/// <summary>
/// helm 0.0.1: a Helm chart provenance file, PGP clear-signed.
/// Its model, schema validation and registration are generated from schemas/helm/; the behaviour this kind
/// overrides (validation, verification, canonicalization, index keys, building from an artifact) lives here.
/// </summary>
[EntryType("helm", "0.0.1")]
public sealed partial class HelmV001Entry
{
}
