using Rekor.Core.Pki.Minisign;

namespace Rekor.Core.Tests.Pki.Minisign;

/// <summary>The files made with minisign 0.11 under Fixtures/ (see its README), and reading them.</summary>
internal static class MinisignFixtures
{
    /// <summary>The fixture key's ID as minisign prints it.</summary>
    public const string KeyId = "D1E22D1686FA9C6F";

    private static readonly string Directory = Path.Combine(AppContext.BaseDirectory, "Pki", "Minisign", "Fixtures");

    /// <summary>The fixture key read from its key file.</summary>
    public static MinisignPublicKey Key => ParseKey(Read("key.pub"));

    /// <summary>The fixture key's 32 Ed25519 bytes: the legacy raw form.</summary>
    public static byte[] RawKey => Convert.FromBase64String(SecondLine("key.pub"))[10..];

    public static byte[] Read(string name) => File.ReadAllBytes(Path.Combine(Directory, name));

    public static string SecondLine(string name) => File.ReadAllLines(Path.Combine(Directory, name))[1];

    public static MinisignPublicKey ParseKey(byte[] input)
    {
        Assert.True(MinisignPublicKey.TryParse(input, out var key, out var error), error);
        return key;
    }

    public static MinisignSignature ParseSignature(byte[] input)
    {
        Assert.True(MinisignSignature.TryParse(input, out var signature, out var error), error);
        return signature;
    }
}
