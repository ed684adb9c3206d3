using System.Numerics;
using System.Security.Cryptography;

namespace Rekor.Core.Pki.Tuf;

/// <summary>
/// RSASSA-PSS verification with SHA-256 and MGF1-SHA-256 whatever the salt length (RFC 8017 §9.1.2 with the salt
/// length read from the encoded message), as Go's <c>rsa.VerifyPSS</c> with empty options (<c>PSSSaltLengthAuto</c>)
/// verifies for go-tuf's <c>rsa</c> keys. .NET verifies only a salt as long as the hash, which TUF signers need not use.
/// </summary>
internal static class RsaPssAnySalt
{
    private const int HashLength = 32;

    public static bool Verify(ReadOnlySpan<byte> spkiDer, byte[] message, byte[] signature)
    {
        RSAParameters key;
        try
        {
            using var rsa = RSA.Create();
            rsa.ImportSubjectPublicKeyInfo(spkiDer, out _);
            key = rsa.ExportParameters(false);
        }
        catch (CryptographicException)
        {
            return false;
        }

        var modulus = new BigInteger(key.Modulus, isUnsigned: true, isBigEndian: true);
        var exponent = new BigInteger(key.Exponent, isUnsigned: true, isBigEndian: true);
        if (signature.Length != key.Modulus!.Length)
        {
            return false;
        }

        var s = new BigInteger(signature, isUnsigned: true, isBigEndian: true);
        if (s >= modulus)
        {
            return false;
        }

        var emBits = (int)modulus.GetBitLength() - 1;
        var emLength = (emBits + 7) / 8;
        var m = BigInteger.ModPow(s, exponent, modulus);
        var mBytes = m.ToByteArray(isUnsigned: true, isBigEndian: true);
        if (mBytes.Length > emLength || emLength < HashLength + 2)
        {
            return false;
        }

        var em = new byte[emLength];
        mBytes.CopyTo(em, emLength - mBytes.Length);
        if (em[^1] != 0xbc)
        {
            return false;
        }

        var dbLength = emLength - HashLength - 1;
        var h = em.AsSpan(dbLength, HashLength);
        var unusedBits = 8 * emLength - emBits;
        var topMask = (byte)(0xff >> unusedBits);
        if ((em[0] & ~topMask) != 0)
        {
            return false;
        }

        var db = Mgf1(h, dbLength);
        for (var i = 0; i < dbLength; i++)
        {
            db[i] ^= em[i];
        }

        db[0] &= topMask;
        var separator = Array.FindIndex(db, b => b != 0);
        if (separator < 0 || db[separator] != 0x01)
        {
            return false;
        }

        var salt = db.AsSpan(separator + 1);
        var mPrime = new byte[8 + HashLength + salt.Length];
        SHA256.HashData(message).CopyTo(mPrime, 8);
        salt.CopyTo(mPrime.AsSpan(8 + HashLength));
        return CryptographicOperations.FixedTimeEquals(SHA256.HashData(mPrime), h);
    }

    private static byte[] Mgf1(ReadOnlySpan<byte> seed, int length)
    {
        var output = new byte[length];
        var block = new byte[seed.Length + 4];
        seed.CopyTo(block);
        for (int counter = 0, offset = 0; offset < length; counter++, offset += HashLength)
        {
            block[^4] = (byte)(counter >> 24);
            block[^3] = (byte)(counter >> 16);
            block[^2] = (byte)(counter >> 8);
            block[^1] = (byte)counter;
            var digest = SHA256.HashData(block);
            digest.AsSpan(0, Math.Min(HashLength, length - offset)).CopyTo(output.AsSpan(offset));
        }

        return output;
    }
}
