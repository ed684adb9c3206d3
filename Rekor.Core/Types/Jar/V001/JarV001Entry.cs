namespace Rekor.Core.Types.Jar.V001;

/// <summary>
/// jar 0.0.1: a JAR file signed with a PKCS#7 signature inside it.
/// Its model, schema validation and registration are generated from schemas/jar/; the behaviour this kind
/// overrides (validation, verification, canonicalization, index keys, building from an artifact) lives here.
/// </summary>
[EntryType("jar", "0.0.1")]
public sealed partial class JarV001Entry
{
}
