namespace Rekor.Core.Types;

/// <summary>
/// Declares a partial class the implementation of one entry kind and schema version. The schema generator
/// completes the class (spec model, identity, proposed-entry envelope) and registers it in the
/// <see cref="TypeMap"/> when its assembly loads; no list of types is kept by hand anywhere.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class EntryTypeAttribute : Attribute
{
    public EntryTypeAttribute(string kind, string version)
    {
        Kind = kind;
        Version = version;
    }

    /// <summary>The <c>kind</c> discriminator value, exactly as in the schemas.</summary>
    public string Kind { get; }

    /// <summary>The schema version implemented (e.g. <c>0.0.1</c>).</summary>
    public string Version { get; }

    /// <summary>
    /// The <c>apiVersion</c> values this implementation accepts, as a range of comparators
    /// (e.g. <c>&gt;=0.0.1 &lt;0.1.0</c>). Absent: exactly <see cref="Version"/>.
    /// </summary>
    public string? ApiVersions { get; set; }
}
