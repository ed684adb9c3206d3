using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using Rekor.Core.Merkle;
using Rekor.Core.Pki.X509;

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

    /// <summary>The key itself, read by the one SPKI parser (<see cref="X509PublicKey"/>), which also verifies.</summary>
    private readonly X509PublicKey _key;

    private readonly byte[] _keyHint;

    private LogKey(X509PublicKey key)
    {
        _key = key;
        Span<byte> digest = stackalloc byte[Hash32.Length];
        SHA256.HashData(key.SpkiDer, digest);
        LogId = new Hash32(digest);
        _keyHint = digest[..KeyHintLength].ToArray();
    }

    /// <summary>ECDSA on P-256, P-384 or P-521, RSA, or Ed25519 (never <see cref="PublicKeyAlgorithm.Unsupported"/>).</summary>
    public PublicKeyAlgorithm Algorithm => _key.Algorithm;

    /// <summary>The DER SubjectPublicKeyInfo, re-encoded as Go's <c>x509.MarshalPKIXPublicKey</c> writes it.</summary>
    public ReadOnlySpan<byte> SpkiDer => _key.SpkiDer;

    /// <summary>SHA-256 of <see cref="SpkiDer"/>: Rekor's <c>logID</c> (written as 64 lowercase hex).</summary>
    public Hash32 LogId { get; }

    /// <summary>The first 4 bytes of <see cref="LogId"/>, which prefix every checkpoint signature.</summary>
    public ReadOnlySpan<byte> KeyHint => _keyHint;

    /// <summary>PKIX PEM (<c>PUBLIC KEY</c>), 64-character lines and a trailing newline, as Rekor serves it.</summary>
    public string ToPem() => PemEncoding.WriteString(PemLabel, _key.SpkiDer) + "\n";

    /// <summary>
    /// Whether <paramref name="signature"/> is this key's signature of <paramref name="message"/> under Rekor's rules:
    /// ECDSA (any curve) as ASN.1 DER over SHA-256, RSA PKCS#1 v1.5 over SHA-256, Ed25519 pure (the rules of
    /// <see cref="X509PublicKey.TryVerifyMessage"/>). A malformed signature is simply not a valid one.
    /// </summary>
    public bool Verify(ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature) => _key.TryVerifyMessage(signature, message, out _);

    /// <summary>Reads a DER SubjectPublicKeyInfo of an ECDSA (P-256/384/521), RSA or Ed25519 key, as <see cref="X509PublicKey"/> reads it.</summary>
    public static bool TryFromSpki(ReadOnlySpan<byte> spkiDer, [NotNullWhen(true)] out LogKey? key, [NotNullWhen(false)] out string? error)
    {
        if (X509PublicKey.TryParse(spkiDer, allowUnsupported: false, out var parsed, out error))
        {
            key = new LogKey(parsed);
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
