using System.Diagnostics;
using System.Security.Cryptography;

namespace Rekor.Load;

/// <summary>The crypto floor of a write, measured on this machine in the same run: what no server can go below.</summary>
/// <param name="EntriesPerSecond">Entries/s on every core doing nothing but each entry's unavoidable crypto.</param>
internal sealed record FloorReport(double EntriesPerSecond, int Cores, double Seconds);

/// <summary>
/// Measures, on every core at once and before any load runs, the crypto each hashedrekord write cannot avoid: import
/// the submitter's fresh P-256 public key (the point check), verify its signature over the digest, and sign the SET
/// with a P-256 log key. A write rate divided by this is the share of the floor the server reaches.
/// </summary>
internal static class CryptoFloor
{
    private const int Keys = 256;

    public static FloorReport Measure(double seconds)
    {
        var digest = SHA256.HashData("the crypto floor"u8);
        var submitted = Enumerable.Range(0, Keys).Select(_ =>
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            return (Spki: key.ExportSubjectPublicKeyInfo(), Signature: key.SignHash(digest, DSASignatureFormat.Rfc3279DerSequence));
        }).ToArray();
        using var logKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var cores = Environment.ProcessorCount;
        var total = 0L;
        var clock = Stopwatch.StartNew();
        Parallel.For(0, cores, new ParallelOptions { MaxDegreeOfParallelism = cores }, worker =>
        {
            var done = 0L;
            for (var i = worker; clock.Elapsed.TotalSeconds < seconds; i++)
            {
                var (spki, signature) = submitted[i % Keys];
                using var key = ECDsa.Create();
                key.ImportSubjectPublicKeyInfo(spki, out _);
                if (!key.VerifyHash(digest, signature, DSASignatureFormat.Rfc3279DerSequence))
                {
                    throw new InvalidOperationException("the floor's own signature did not verify");
                }

                logKey.SignHash(digest, DSASignatureFormat.Rfc3279DerSequence);
                done++;
            }

            Interlocked.Add(ref total, done);
        });
        return new FloorReport(total / clock.Elapsed.TotalSeconds, cores, clock.Elapsed.TotalSeconds);
    }
}
