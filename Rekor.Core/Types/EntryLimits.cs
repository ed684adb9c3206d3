namespace Rekor.Core.Types;

/// <summary>
/// The operator's limits a kind applies while reading an artifact (rekor-server's <c>--max_jar_metadata_size</c> and
/// <c>--max_apk_metadata_size</c>; 0 means unlimited, as in Rekor). A host sets them on each implementation before
/// validating it (<see cref="EntryImplementation.Limits"/>); a client building entries keeps the defaults.
/// </summary>
public sealed record EntryLimits
{
    /// <summary>Rekor's defaults: 1 MiB for each.</summary>
    public static EntryLimits Default { get; } = new();

    /// <summary>Largest uncompressed size of one <c>META-INF/</c> entry of a jar that is read (bytes; 0 = unlimited).</summary>
    public long MaxJarMetadataSize { get; init; } = 1024 * 1024;

    /// <summary>Largest size of an apk's <c>.SIGN.*</c> and <c>.PKGINFO</c> members that is read (bytes; 0 = unlimited).</summary>
    public long MaxApkMetadataSize { get; init; } = 1024 * 1024;
}
