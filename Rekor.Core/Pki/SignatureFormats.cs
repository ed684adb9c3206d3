using System.Diagnostics.CodeAnalysis;
using Rekor.Core.Pki.Minisign;
using Rekor.Core.Pki.Pgp;
using Rekor.Core.Pki.Ssh;
using Rekor.Core.Pki.X509;

namespace Rekor.Core.Pki;

/// <summary>
/// Rekor's <c>pki.ArtifactFactory</c>: reads a key or a detached signature of a format named on the wire
/// (<c>x509</c>, <c>pgp</c>, <c>minisign</c>, <c>ssh</c>), with each format's own parser and messages.
/// </summary>
public static class SignatureFormats
{
    /// <summary>The wire name of <paramref name="format"/>, as rekord's <c>signature.format</c> and searches spell it.</summary>
    public static string Name(this SignatureFormat format) => format switch
    {
        SignatureFormat.X509 => "x509",
        SignatureFormat.Pgp => "pgp",
        SignatureFormat.Minisign => "minisign",
        SignatureFormat.Ssh => "ssh",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "not a signature format"),
    };

    /// <summary>The format a wire name names, exactly (Rekor compares case-sensitively).</summary>
    public static bool TryParseName(string? name, out SignatureFormat format)
    {
        format = name switch
        {
            "x509" => SignatureFormat.X509,
            "pgp" => SignatureFormat.Pgp,
            "minisign" => SignatureFormat.Minisign,
            "ssh" => SignatureFormat.Ssh,
            _ => (SignatureFormat)(-1),
        };
        return Enum.IsDefined(format);
    }

    /// <summary>Reads a public key (or, for x509, a certificate or chain) in <paramref name="format"/>.</summary>
    public static bool TryParsePublicKey(
        SignatureFormat format, ReadOnlySpan<byte> content, [NotNullWhen(true)] out IArtifactPublicKey? key, [NotNullWhen(false)] out string? error)
    {
        key = null;
        switch (format)
        {
            case SignatureFormat.X509:
                var x509Parsed = X509Verifier.TryParse(content, out var x509, out error);
                key = x509;
                return x509Parsed;
            case SignatureFormat.Minisign:
                var minisignParsed = MinisignPublicKey.TryParse(content, out var minisign, out error);
                key = minisign;
                return minisignParsed;
            case SignatureFormat.Ssh:
                var sshParsed = SshPublicKey.TryParseAuthorizedKey(content, out var ssh, out error);
                key = ssh;
                return sshParsed;
            case SignatureFormat.Pgp:
                var pgpParsed = PgpPublicKey.TryParse(content, out var pgp, out error);
                key = pgp;
                return pgpParsed;
            default:
                throw new ArgumentOutOfRangeException(nameof(format), format, "not a signature format");
        }
    }

    /// <summary>Reads a detached signature in <paramref name="format"/>.</summary>
    public static bool TryParseSignature(
        SignatureFormat format, ReadOnlySpan<byte> content, [NotNullWhen(true)] out IArtifactSignature? signature, [NotNullWhen(false)] out string? error)
    {
        signature = null;
        switch (format)
        {
            case SignatureFormat.X509:
                var x509Parsed = X509Signature.TryParse(content, out var x509, out error);
                signature = x509;
                return x509Parsed;
            case SignatureFormat.Minisign:
                var minisignParsed = MinisignSignature.TryParse(content, out var minisign, out error);
                signature = minisign;
                return minisignParsed;
            case SignatureFormat.Ssh:
                var sshParsed = SshSignature.TryParse(content, out var ssh, out error);
                signature = ssh;
                return sshParsed;
            case SignatureFormat.Pgp:
                var pgpParsed = PgpSignature.TryParse(content, out var pgp, out error);
                signature = pgp;
                return pgpParsed;
            default:
                throw new ArgumentOutOfRangeException(nameof(format), format, "not a signature format");
        }
    }
}
