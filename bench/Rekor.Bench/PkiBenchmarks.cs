using System.Globalization;
using System.Security.Cryptography;
using Rekor.Core.Pki.Pgp;

namespace Rekor.Bench;

/// <summary>
/// The pgp format's costs per entry (reading the submitter's keyring, verifying a detached signature), for the
/// committed gpg fixtures (an Ed25519 and an RSA-2048 key), each against the floor measured in the same run: one
/// RSA-2048 PKCS#1 v1.5 verification by .NET (the raw crypto an RSA signature check cannot avoid).
/// </summary>
internal static class PkiBenchmarks
{
    private const int Batch = 16;

    private static int s_sink;

    public static void Run(BenchOptions options)
    {
        var fixtures = Path.Combine("tests", "Rekor.Core.Tests", "Pki", "Pgp", "Fixtures");
        byte[] Read(string name) => File.ReadAllBytes(Path.Combine(fixtures, name));
        var message = Read("message.txt");

        using var rsa = RSA.Create(2048);
        var rsaSignature = rsa.SignData(message, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var floor = Measurement.Take("RSA-2048 verify (.NET, the floor)", Batch, options.SecondsPerRun, () =>
        {
            for (var i = 0; i < Batch; i++)
            {
                s_sink ^= rsa.VerifyData(message, rsaSignature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1) ? 1 : 0;
            }
        });

        var results = new List<Measurement>();
        foreach (var (name, key, signature) in new[] { ("Ed25519", "ed25519.gpg", "message.txt.ed25519.sig"), ("RSA-2048", "rsa2048.gpg", "message.txt.rsa2048.sig") })
        {
            var keyBytes = Read(key);
            var signatureBytes = Read(signature);
            if (!PgpPublicKey.TryParse(keyBytes, out var parsedKey, out var keyError))
            {
                throw new InvalidOperationException($"the {name} fixture key does not read: {keyError}");
            }

            if (!PgpSignature.TryParse(signatureBytes, out var parsedSignature, out var signatureError))
            {
                throw new InvalidOperationException($"the {name} fixture signature does not read: {signatureError}");
            }

            results.Add(Measurement.Take($"pgp {name}: read the keyring", Batch, options.SecondsPerRun, () =>
            {
                for (var i = 0; i < Batch; i++)
                {
                    s_sink ^= PgpPublicKey.TryParse(keyBytes, out _, out _) ? 1 : 0;
                }
            }));
            results.Add(Measurement.Take($"pgp {name}: verify a detached signature", Batch, options.SecondsPerRun, () =>
            {
                for (var i = 0; i < Batch; i++)
                {
                    s_sink ^= parsedSignature.TryVerify(message, parsedKey, out _) ? 1 : 0;
                }
            }));
        }

        var c = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(c, $"Pki benchmarks, {Environment.ProcessorCount} cores, {Environment.Version}"));
        Console.WriteLine(string.Create(c, $"{"operation",-44} {"ops/s",12} {"ms/op",8} {"x floor",9} {"B/op",9}"));
        foreach (var r in results.Prepend(floor))
        {
            // x floor: this operation's rate as a fraction of .NET's RSA-2048 verification rate.
            Console.WriteLine(string.Create(c, $"{r.Name,-44} {r.OpsPerSecond,12:N0} {1000 / r.OpsPerSecond,8:F3} {r.OpsPerSecond / floor.OpsPerSecond,9:F3} {r.BytesPerOp,9:F0}"));
        }

        Console.WriteLine(string.Create(c, $"(sink {s_sink})"));
    }
}
