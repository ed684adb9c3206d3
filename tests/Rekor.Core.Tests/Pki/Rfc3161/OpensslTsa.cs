namespace Rekor.Core.Tests.Pki.Rfc3161;

/// <summary>
/// A throwaway time-stamping authority run by the real <c>openssl ts</c>: a self-signed certificate with the critical
/// timeStamping extended key usage (RSA 2048 or P-256), made in a temporary directory that is deleted on dispose.
/// A machine without openssl fails the test that needs it, naming the package; nothing is skipped.
/// </summary>
internal sealed class OpensslTsa : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("rekor-tsa-").FullName;

    /// <param name="keyAlgorithm"><c>rsa</c> or <c>p256</c>.</param>
    public OpensslTsa(string keyAlgorithm)
    {
        string[] newKey = keyAlgorithm switch
        {
            "rsa" => ["-newkey", "rsa:2048"],
            "p256" => ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"],
            _ => throw new ArgumentOutOfRangeException(nameof(keyAlgorithm), keyAlgorithm, "rsa or p256"),
        };
        Run(["req", "-x509", .. newKey, "-nodes", "-keyout", PathOf("tsa.key"), "-out", PathOf("tsa.crt"),
            "-subj", "/CN=Rekor test TSA/emailAddress=TSA@Example.com", "-days", "2",
            "-addext", "extendedKeyUsage=critical,timeStamping"]);
        File.WriteAllText(PathOf("serial"), "01\n");
        File.WriteAllText(PathOf("tsa.cnf"), $"""
            [ tsa ]
            default_tsa = tsa_config
            [ tsa_config ]
            serial = {PathOf("serial")}
            crypto_device = builtin
            signer_cert = {PathOf("tsa.crt")}
            signer_key = {PathOf("tsa.key")}
            signer_digest = sha256
            default_policy = 1.2.3.4.1
            digests = sha256, sha384, sha512
            accuracy = secs:1
            ordering = yes
            tsa_name = yes
            ess_cert_id_alg = sha256
            """);
    }

    /// <summary>
    /// <c>openssl ts -query</c> over <paramref name="data"/> then <c>openssl ts -reply</c>: the DER TimeStampResp.
    /// A query digest the TSA does not accept (sha1) gives a response with status rejection and no token.
    /// </summary>
    public byte[] Timestamp(byte[] data, string queryDigest = "sha256", bool includeCertificate = true)
    {
        var name = Guid.NewGuid().ToString("N");
        File.WriteAllBytes(PathOf(name + ".data"), data);
        string[] certificate = includeCertificate ? ["-cert"] : [];
        Run(["ts", "-query", "-data", PathOf(name + ".data"), "-" + queryDigest, .. certificate, "-out", PathOf(name + ".tsq")]);
        Run(["ts", "-reply", "-config", PathOf("tsa.cnf"), "-queryfile", PathOf(name + ".tsq"), "-out", PathOf(name + ".tsr")]);
        return File.ReadAllBytes(PathOf(name + ".tsr"));
    }

    /// <summary><c>openssl ts -query -digest</c> of a SHA-256 computed elsewhere (e.g. over a CMS signature value) then <c>-reply</c>.</summary>
    public byte[] TimestampDigest(byte[] sha256)
    {
        var name = Guid.NewGuid().ToString("N");
        Run(["ts", "-query", "-digest", Convert.ToHexStringLower(sha256), "-sha256", "-cert", "-out", PathOf(name + ".tsq")]);
        Run(["ts", "-reply", "-config", PathOf("tsa.cnf"), "-queryfile", PathOf(name + ".tsq"), "-out", PathOf(name + ".tsr")]);
        return File.ReadAllBytes(PathOf(name + ".tsr"));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string PathOf(string file) => Path.Combine(_directory, file);

    private static void Run(string[] arguments) => ExternalTool.Run("openssl", "openssl", arguments);
}
