using System.Formats.Asn1;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography;
using Rekor.Core.Pki;

namespace Rekor.Core.Signing;

/// <summary>
/// Private log keys as PEM text, the forms Rekor's file signer reads: PKCS#8 (<c>PRIVATE KEY</c>), encrypted PKCS#8
/// (<c>ENCRYPTED PRIVATE KEY</c>, PBES2), SEC1 (<c>EC PRIVATE KEY</c>) and PKCS#1 (<c>RSA PRIVATE KEY</c>); ECDSA
/// P-256/384/521, RSA (2048 bits or more) and Ed25519. Writes PKCS#8, encrypted with AES-256-CBC under PBKDF2-HMAC-SHA256
/// when a password is given. Text only: reading and writing files is <see cref="LogSigningKeyFile"/>'s job.
/// </summary>
public static class LogSignerPem
{
    /// <summary>PBKDF2-HMAC-SHA256 iterations for keys written with a password: OWASP's 2023 recommendation.
    /// Costs a fraction of a second, once, when a server starts.</summary>
    public const int DefaultPbkdf2Iterations = 600_000;

    private const string Pkcs8Label = "PRIVATE KEY";
    private const string EncryptedPkcs8Label = "ENCRYPTED PRIVATE KEY";
    private const string Sec1Label = "EC PRIVATE KEY";
    private const string Pkcs1Label = "RSA PRIVATE KEY";
    private const string EcParametersLabel = "EC PARAMETERS";

    /// <summary>
    /// A signer for the first private key in <paramref name="pem"/> (<c>EC PARAMETERS</c> blocks before it, as
    /// <c>openssl ecparam -genkey</c> writes them, are passed over). <paramref name="password"/> is needed only for
    /// an encrypted key.
    /// </summary>
    /// <exception cref="CryptographicException">The key cannot be loaded; the message says which form was being read
    /// and why (no key, unsupported algorithm or curve, missing or wrong password, corrupt data).</exception>
    public static InMemoryLogSigner Load(string pem, string? password = null)
    {
        ArgumentNullException.ThrowIfNull(pem);
        if (pem.Contains("Proc-Type: 4,ENCRYPTED", StringComparison.Ordinal))
        {
            throw Failure("legacy OpenSSL-encrypted PEM", "this encryption is not supported; convert the key to encrypted PKCS#8 (openssl pkcs8 -topk8)");
        }

        var rest = pem.AsSpan();
        while (PemEncoding.TryFind(rest, out var fields))
        {
            var label = rest[fields.Label].ToString();
            var der = Convert.FromBase64String(rest[fields.Base64Data].ToString());
            try
            {
                switch (label)
                {
                    case Pkcs8Label:
                        return FromPkcs8(der, "PKCS#8 PEM");
                    case EncryptedPkcs8Label:
                        return FromEncryptedPkcs8(der, password);
                    case Sec1Label:
                        return FromSec1(der);
                    case Pkcs1Label:
                        return FromPkcs1(der);
                    case EcParametersLabel:
                        break;
                    default:
                        throw Failure($"PEM block '{label}'", "it is not a private key (expected PRIVATE KEY, ENCRYPTED PRIVATE KEY, EC PRIVATE KEY or RSA PRIVATE KEY)");
                }
            }
            finally
            {
                CryptographicOperations.ZeroMemory(der);
            }

            rest = rest[fields.Location.End..];
        }

        throw Failure("PEM text", "it holds no PEM-encoded private key");
    }

    /// <summary>
    /// The signer's private key as PKCS#8 PEM (64-character lines, trailing newline): <c>PRIVATE KEY</c>, or
    /// <c>ENCRYPTED PRIVATE KEY</c> under <paramref name="password"/> when one is given.
    /// </summary>
    public static string ToPem(InMemoryLogSigner signer, string? password = null, int pbkdf2Iterations = DefaultPbkdf2Iterations)
    {
        ArgumentNullException.ThrowIfNull(signer);
        var pkcs8 = signer.ExportPkcs8PrivateKey();
        try
        {
            if (password is null)
            {
                return PemEncoding.WriteString(Pkcs8Label, pkcs8) + "\n";
            }

            ArgumentException.ThrowIfNullOrEmpty(password);
            ArgumentOutOfRangeException.ThrowIfLessThan(pbkdf2Iterations, 1);
            var info = Pkcs8PrivateKeyInfo.Decode(pkcs8, out _, skipCopy: true);
            var encrypted = info.Encrypt(password, new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, pbkdf2Iterations));
            return PemEncoding.WriteString(EncryptedPkcs8Label, encrypted) + "\n";
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs8);
        }
    }

    private static InMemoryLogSigner FromEncryptedPkcs8(byte[] der, string? password)
    {
        const string what = "encrypted PKCS#8 PEM";
        if (password is null)
        {
            throw Failure(what, "the key is encrypted and no password was given");
        }

        Pkcs8PrivateKeyInfo info;
        try
        {
            info = Pkcs8PrivateKeyInfo.DecryptAndDecode(password, der, out var bytesRead);
            if (bytesRead != der.Length)
            {
                throw Failure(what, "there are bytes after the EncryptedPrivateKeyInfo");
            }
        }
        catch (CryptographicException e) when (e is not LogSigningKeyException)
        {
            throw Failure(what, "couldn't decrypt it: wrong password, or an encryption scheme that is not supported", e);
        }

        var plain = info.Encode();
        try
        {
            return FromPkcs8(plain, what);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }

    /// <summary>PrivateKeyInfo (RFC 5208) or OneAsymmetricKey (RFC 5958); the algorithm comes from its identifier.</summary>
    private static InMemoryLogSigner FromPkcs8(byte[] der, string what)
    {
        try
        {
            var outer = new AsnReader(der, AsnEncodingRules.DER);
            var info = outer.ReadSequence();
            outer.ThrowIfNotEmpty();
            _ = info.ReadInteger();
            var algorithmIdentifier = info.ReadSequence();
            var oid = algorithmIdentifier.ReadObjectIdentifier();
            switch (oid)
            {
                case AlgorithmOids.EcPublicKey:
                    return WithEcdsa(what, key => key.ImportPkcs8PrivateKey(der, out _));
                case AlgorithmOids.Rsa:
                    return WithRsa(what, key => key.ImportPkcs8PrivateKey(der, out _));
                case AlgorithmOids.Ed25519:
                    return Ed25519FromPkcs8(info, what);
                default:
                    throw Failure(what, $"the key algorithm {oid} is not supported (ECDSA, RSA and Ed25519 are)");
            }
        }
        catch (AsnContentException e)
        {
            throw Failure(what, "it is not a DER PKCS#8 private key: " + e.Message, e);
        }
    }

    /// <summary>The rest of an Ed25519 PKCS#8 after its algorithm: the seed wrapped in an OCTET STRING, optional
    /// attributes, and (RFC 5958 version 1) an optional public key, which must match the seed.</summary>
    private static Ed25519LogSigner Ed25519FromPkcs8(AsnReader info, string what)
    {
        var wrapped = info.ReadOctetString();
        var seed = new AsnReader(wrapped, AsnEncodingRules.DER).ReadOctetString();
        CryptographicOperations.ZeroMemory(wrapped);
        try
        {
            if (seed.Length != Ed25519LogSigner.SeedLength)
            {
                throw Failure(what, $"an Ed25519 private key is {Ed25519LogSigner.SeedLength} bytes, not {seed.Length}");
            }

            var attributes = new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true);
            if (info.HasData && info.PeekTag().HasSameClassAndValue(attributes))
            {
                info.ReadEncodedValue();
            }

            byte[]? publicKey = null;
            if (info.HasData)
            {
                publicKey = info.ReadBitString(out _, new Asn1Tag(TagClass.ContextSpecific, 1));
            }

            info.ThrowIfNotEmpty();
            var signer = new Ed25519LogSigner(seed);
            if (publicKey is not null && !Ed25519Spki.Encode(publicKey).AsSpan().SequenceEqual(signer.PublicKey.SpkiDer))
            {
                signer.Dispose();
                throw Failure(what, "its public key does not belong to its private key");
            }

            return signer;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
        }
    }

    private static EcdsaLogSigner FromSec1(byte[] der) =>
        WithEcdsa("SEC1 EC PRIVATE KEY PEM", key => key.ImportECPrivateKey(der, out _));

    private static RsaLogSigner FromPkcs1(byte[] der) =>
        WithRsa("PKCS#1 RSA PRIVATE KEY PEM", key => key.ImportRSAPrivateKey(der, out _));

    private static EcdsaLogSigner WithEcdsa(string what, Action<ECDsa> import)
    {
        var key = ECDsa.Create();
        try
        {
            import(key);
            return new EcdsaLogSigner(key);
        }
        catch (Exception e) when ((e is CryptographicException or FormatException or ArgumentException) && e is not LogSigningKeyException)
        {
            key.Dispose();
            throw Failure(what, e.Message, e);
        }
    }

    private static RsaLogSigner WithRsa(string what, Action<RSA> import)
    {
        var key = RSA.Create();
        try
        {
            import(key);
            return new RsaLogSigner(key);
        }
        catch (Exception e) when ((e is CryptographicException or FormatException or ArgumentException) && e is not LogSigningKeyException)
        {
            key.Dispose();
            throw Failure(what, e.Message, e);
        }
    }

    private static LogSigningKeyException Failure(string what, string reason, Exception? inner = null) =>
        new($"couldn't load the log signing key ({what}): {reason}", inner);
}
