using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Rekor.Server.Tests.Hostile;

/// <summary>
/// Key and certificate bytes that decode as base64 but are wrong as keys: malformed DER, PEM armour around noise, and
/// well-formed keys nobody signed with (or that Rekor's policy refuses). Made once per process; the FsCheck generators
/// pick among them, so the choice replays with the seed even though the key bytes are new each run.
/// </summary>
internal static class GarbageKeyMaterial
{
    public static IReadOnlyList<(byte[] Bytes, string Label)> Blobs { get; } = Make();

    public static string Pem(string label, byte[] der) =>
        $"-----BEGIN {label}-----\n{Convert.ToBase64String(der, Base64FormattingOptions.InsertLineBreaks)}\n-----END {label}-----\n";

    private static (byte[], string)[] Make()
    {
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        using var rsa1024 = RSA.Create(1024);
        using var certificateKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var certificate = new CertificateRequest("CN=hostile", certificateKey, HashAlgorithmName.SHA256)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var certificateDer = certificate.RawData;
        certificate.Dispose();
        var spki = p384.ExportSubjectPublicKeyInfo();
        byte[] nestedForever = [.. Enumerable.Repeat<byte[]>([0x30, 0x80], 2_000).SelectMany(b => b)];
        return
        [
            ([], "empty"),
            ([0x30], "DER: a lone SEQUENCE tag"),
            ([0x30, 0x82, 0xff, 0xff], "DER: a SEQUENCE claiming 65535 bytes"),
            ([0x30, 0x84, 0xff, 0xff, 0xff, 0xff, 0x00], "DER: a SEQUENCE claiming 4 GiB"),
            ([0x30, 0x80, 0x00, 0x00], "DER: indefinite length"),
            ([0x30, 0x03, 0x02, 0x01, 0x01], "DER: SEQUENCE { INTEGER 1 }"),
            (nestedForever, "DER: 2000 nested indefinite SEQUENCEs"),
            (spki[..(spki.Length / 2)], "DER: half a P-384 SubjectPublicKeyInfo"),
            (spki, "DER: a P-384 key nobody signed with"),
            (Encoding.ASCII.GetBytes(p384.ExportSubjectPublicKeyInfoPem()), "PEM: a P-384 key nobody signed with"),
            (Encoding.ASCII.GetBytes(rsa1024.ExportSubjectPublicKeyInfoPem()), "PEM: an RSA-1024 key"),
            (Encoding.ASCII.GetBytes(Pem("CERTIFICATE", certificateDer)), "PEM: a self-signed certificate"),
            (Encoding.ASCII.GetBytes(Pem("CERTIFICATE", certificateDer[..200])), "PEM: a truncated certificate"),
            (Encoding.ASCII.GetBytes(Pem("PUBLIC KEY", [0x30, 0x82, 0xff, 0xff])), "PEM: a public key of malformed DER"),
            (Encoding.ASCII.GetBytes(Pem("PUBLIC KEY", Encoding.ASCII.GetBytes("not a key at all"))), "PEM: a public key of text"),
            (Encoding.ASCII.GetBytes("-----BEGIN PUBLIC KEY-----\n!!!!\n-----END PUBLIC KEY-----\n"), "PEM: invalid base64 inside"),
            (Encoding.ASCII.GetBytes("-----BEGIN PUBLIC KEY-----\nMFkw"), "PEM: no end line"),
            (Encoding.ASCII.GetBytes(Pem("PGP PUBLIC KEY BLOCK", [0x99, 0x01, 0x0d])), "PEM: a PGP armour of junk"),
            (Encoding.ASCII.GetBytes("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA== junk"), "ssh: a truncated ed25519 key"),
            ([.. Encoding.ASCII.GetBytes(p384.ExportSubjectPublicKeyInfoPem()), .. Encoding.ASCII.GetBytes(p384.ExportSubjectPublicKeyInfoPem())], "PEM: two keys"),
        ];
    }
}
