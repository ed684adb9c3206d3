namespace Rekor.Core.Tests.Types.Rpm;

/// <summary>The package and key under Fixtures/ (see its README): made with rpmbuild and rpmsign 4.18 and gpg 2.2.</summary>
internal static class RpmFixtures
{
    private static readonly string Directory = Path.Combine(AppContext.BaseDirectory, "Types", "Rpm", "Fixtures");

    public static byte[] Signed => Read("rekor-test-1.2-3.noarch.signed.rpm");

    public static byte[] Unsigned => Read("rekor-test-1.2-3.noarch.unsigned.rpm");

    public static byte[] SignerKey => Read("signer.asc");

    /// <summary>The signature header's MD5 of header and payload, as <c>rpm -qp --qf '%{SIGMD5}'</c> prints it.</summary>
    public const string SignedMd5 = "623ca25deed92c097a1b4da021d95c97";

    public const string SignerEmail = "rpm@example.com";

    private static byte[] Read(string name) => File.ReadAllBytes(Path.Combine(Directory, name));
}
