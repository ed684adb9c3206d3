using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using Org.BouncyCastle.Math.EC.Rfc8032;
using Rekor.Core.Merkle;

namespace Rekor.Core.Signing;

/// <summary>
/// A log's public key, as Rekor identifies and uses it: the DER SubjectPublicKeyInfo (in Go's canonical encoding),
/// the log ID = SHA-256 of that DER, the 4-byte checkpoint key hint = the first bytes of the log ID (for every key
/// type; Rekor does not use the sumdb note key-ID scheme), and verification with Rekor's hashing rules.
/// Immutable and safe to share between threads; two keys are equal when their log IDs are.
/// </summary>
public sealed class LogKey : IEquatable<LogKey>
{
    public const int KeyHintLength = 4;

    private const string PemLabel = "PUBLIC KEY";

    private readonly byte[] _spkiDer;
    private readonly byte[] _keyHint;

    /// <summary>
    /// .NET keys (ECDsa or RSA) already imported from <see cref="_spkiDer"/>. Importing costs more than verifying,
    /// and one instance is not documented as safe for concurrent use, so a verification takes one out (or imports a
    /// new one) and puts it back: each is used by one thread at a time, and there are never more than the most
    /// verifications that ran at once. Not disposed explicitly; their handles are released with this key.
    /// </summary>
    private readonly ConcurrentBag<AsymmetricAlgorithm> _importedKeys = [];

    private LogKey(LogKeyAlgorithm algorithm, byte[] canonicalSpkiDer)
    {
        Algorithm = algorithm;
        _spkiDer = canonicalSpkiDer;
        Span<byte> digest = stackalloc byte[Hash32.Length];
        SHA256.HashData(canonicalSpkiDer, digest);
        LogId = new Hash32(digest);
        _keyHint = digest[..KeyHintLength].ToArray();
    }

    public LogKeyAlgorithm Algorithm { get; }

    /// <summary>The DER SubjectPublicKeyInfo, re-encoded as Go's <c>x509.MarshalPKIXPublicKey</c> writes it.</summary>
    public ReadOnlySpan<byte> SpkiDer => _spkiDer;

    /// <summary>SHA-256 of <see cref="SpkiDer"/>: Rekor's <c>logID</c> (written as 64 lowercase hex).</summary>
    public Hash32 LogId { get; }

    /// <summary>The first 4 bytes of <see cref="LogId"/>, which prefix every checkpoint signature.</summary>
    public ReadOnlySpan<byte> KeyHint => _keyHint;

    /// <summary>PKIX PEM (<c>PUBLIC KEY</c>), 64-character lines and a trailing newline, as Rekor serves it.</summary>
    public string ToPem() => PemEncoding.WriteString(PemLabel, _spkiDer) + "\n";

    /// <summary>
    /// Whether <paramref name="signature"/> is this key's signature of <paramref name="message"/> under Rekor's rules:
    /// ECDSA (any curve) as ASN.1 DER over SHA-256, RSA PKCS#1 v1.5 over SHA-256, Ed25519 pure.
    /// </summary>
    public bool Verify(ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        try
        {
            switch (Algorithm)
            {
                case LogKeyAlgorithm.EcdsaP256:
                case LogKeyAlgorithm.EcdsaP384:
                case LogKeyAlgorithm.EcdsaP521:
                    var ecdsa = _importedKeys.TryTake(out var pooledEcdsa) ? (ECDsa)pooledEcdsa : ImportEcdsa();
                    try
                    {
                        return ecdsa.VerifyData(message, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
                    }
                    finally
                    {
                        _importedKeys.Add(ecdsa);
                    }

                case LogKeyAlgorithm.Rsa:
                    var rsa = _importedKeys.TryTake(out var pooledRsa) ? (RSA)pooledRsa : ImportRsa();
                    try
                    {
                        return rsa.VerifyData(message, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
                    }
                    finally
                    {
                        _importedKeys.Add(rsa);
                    }

                case LogKeyAlgorithm.Ed25519:
                    return signature.Length == Ed25519.SignatureSize
                        && Ed25519.Verify(signature.ToArray(), 0, _spkiDer, SubjectPublicKeyInfo.Ed25519Prefix.Length, message.ToArray(), 0, message.Length);
                default:
                    return false;
            }
        }
        catch (CryptographicException)
        {
            // A signature that is not even well-formed (bad DER, wrong length) is simply not a valid signature.
            return false;
        }
    }

    private ECDsa ImportEcdsa()
    {
        var ecdsa = ECDsa.Create();
        ecdsa.ImportSubjectPublicKeyInfo(_spkiDer, out _);
        return ecdsa;
    }

    private RSA ImportRsa()
    {
        var rsa = RSA.Create();
        rsa.ImportSubjectPublicKeyInfo(_spkiDer, out _);
        return rsa;
    }

    /// <summary>Reads a DER SubjectPublicKeyInfo of an ECDSA (P-256/384/521), RSA or Ed25519 key.</summary>
    public static bool TryFromSpki(ReadOnlySpan<byte> spkiDer, [NotNullWhen(true)] out LogKey? key, [NotNullWhen(false)] out string? error)
    {
        if (SubjectPublicKeyInfo.TryRead(spkiDer, out var algorithm, out var canonical, out error))
        {
            key = new LogKey(algorithm, canonical);
            return true;
        }

        key = null;
        return false;
    }

    /// <summary>Reads the first <c>PUBLIC KEY</c> block of PEM text.</summary>
    public static bool TryFromPem(string pem, [NotNullWhen(true)] out LogKey? key, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(pem);
        key = null;
        var labelsSeen = new List<string>();
        var rest = pem.AsSpan();
        while (PemEncoding.TryFind(rest, out var fields))
        {
            var label = rest[fields.Label];
            if (label.SequenceEqual(PemLabel))
            {
                return TryFromSpki(Convert.FromBase64String(rest[fields.Base64Data].ToString()), out key, out error);
            }

            labelsSeen.Add(label.ToString());
            rest = rest[fields.Location.End..];
        }

        error = labelsSeen.Count == 0
            ? "no PEM block found"
            : $"no PEM block labelled '{PemLabel}' (found: {string.Join(", ", labelsSeen)})";
        return false;
    }

    /// <exception cref="FormatException">The bytes are not a supported SubjectPublicKeyInfo.</exception>
    public static LogKey FromSpki(ReadOnlySpan<byte> spkiDer) =>
        TryFromSpki(spkiDer, out var key, out var error) ? key : throw new FormatException("couldn't read the log public key: " + error);

    /// <exception cref="FormatException">The text holds no supported <c>PUBLIC KEY</c> PEM block.</exception>
    public static LogKey FromPem(string pem) =>
        TryFromPem(pem, out var key, out var error) ? key : throw new FormatException("couldn't read the log public key PEM: " + error);

    public bool Equals(LogKey? other) => other is not null && LogId == other.LogId;

    public override bool Equals(object? obj) => Equals(obj as LogKey);

    public override int GetHashCode() => LogId.GetHashCode();

    public override string ToString() => $"{Algorithm} log key {LogId.ToHex()}";
}
