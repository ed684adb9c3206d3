using System.Text;
using Org.BouncyCastle.Crypto.Digests;
using Bc = Org.BouncyCastle.Math.EC.Rfc8032;

namespace Rekor.Core.Tests.Pki.Minisign;

/// <summary>A minisign key made in-test: 32 private bytes from a seed, its key text with the given key ID, and signing as minisign does.</summary>
internal sealed record MinisignTestKey(byte[] Private, byte[] Public, byte[] KeyId)
{
    public static MinisignTestKey Create(byte seed, ulong keyId)
    {
        var privateKey = Enumerable.Repeat(seed, Bc.Ed25519.SecretKeySize).ToArray();
        var publicKey = new byte[Bc.Ed25519.PublicKeySize];
        Bc.Ed25519.GeneratePublicKey(privateKey, 0, publicKey, 0);
        return new MinisignTestKey(privateKey, publicKey, BitConverter.GetBytes(keyId));
    }

    public byte[] Text => Encoding.ASCII.GetBytes($"untrusted comment: test key\n{Convert.ToBase64String([(byte)'E', (byte)'d', .. KeyId, .. Public])}\n");

    /// <summary>Minisign signature text: <c>ED</c> over BLAKE2b-512 of the message, or <c>Ed</c> over the message; the global signature over signature ‖ comment.</summary>
    public byte[] SignText(byte[] message, bool prehashed, string trustedComment = "trusted comment: test")
    {
        var signature = Sign(prehashed ? Blake2b512(message) : message);
        var global = Sign([.. signature, .. Encoding.UTF8.GetBytes(trustedComment["trusted comment: ".Length..])]);
        var algorithm = prehashed ? "ED"u8.ToArray() : "Ed"u8.ToArray();
        return Encoding.ASCII.GetBytes(
            $"untrusted comment: test\n{Convert.ToBase64String([.. algorithm, .. KeyId, .. signature])}\n{trustedComment}\n{Convert.ToBase64String(global)}\n");
    }

    private static byte[] Blake2b512(byte[] data)
    {
        var digest = new Blake2bDigest(512);
        digest.BlockUpdate(data, 0, data.Length);
        var hash = new byte[64];
        digest.DoFinal(hash, 0);
        return hash;
    }

    private byte[] Sign(byte[] data)
    {
        var signature = new byte[Bc.Ed25519.SignatureSize];
        Bc.Ed25519.Sign(Private, 0, data, 0, data.Length, signature, 0);
        return signature;
    }
}
