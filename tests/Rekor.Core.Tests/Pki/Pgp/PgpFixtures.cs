using Rekor.Core.Pki.Pgp;

namespace Rekor.Core.Tests.Pki.Pgp;

/// <summary>The files made with gpg 2.2 under Fixtures/ (see its README), and reading them.</summary>
internal static class PgpFixtures
{
    public const string Ed25519Fingerprint = "96874e3f1fc515dfd5205a70e5dc606148baa777";
    public const string RsaFingerprint = "1f5a13c3319657dcc619aa132f205cb3dc70d124";

    private static readonly string Directory = Path.Combine(AppContext.BaseDirectory, "Pki", "Pgp", "Fixtures");

    public static byte[] Message => Read("message.txt");

    public static byte[] Read(string name) => File.ReadAllBytes(Path.Combine(Directory, name));

    public static PgpPublicKey ParseKey(byte[] input)
    {
        Assert.True(PgpPublicKey.TryParse(input, out var key, out var error), error);
        return key;
    }

    public static PgpSignature ParseSignature(byte[] input)
    {
        Assert.True(PgpSignature.TryParse(input, out var signature, out var error), error);
        return signature;
    }

    public static string VerifyError(PgpSignature signature, byte[] message, PgpPublicKey key)
    {
        Assert.False(signature.TryVerify(message, key, out var error));
        Assert.False(string.IsNullOrWhiteSpace(error));
        return error;
    }
}
