using System.Text.Json;
using Rekor.Core.Models;
using Rekor.Core.Signing;
using Rekor.Core.Types;
using Rekor.Core.Verification;

namespace Rekor.Load;

/// <summary>What verifying the kept answers found: how many were checked and verified, and the first failures.</summary>
internal sealed record VerificationReport(int Sampled, int Verified, IReadOnlyList<string> Failures)
{
    public bool Passed => Sampled > 0 && Verified == Sampled;
}

/// <summary>
/// Verifies kept answers as a Sigstore client would (<see cref="LogEntryVerifier"/>): the SET and the checkpoint
/// signed by the log's key, the inclusion proof, the body hashing to the entry's UUID. Runs after the clock stops.
/// </summary>
internal static class SampleVerifier
{
    public static VerificationReport Verify(IReadOnlyList<KeptAnswer> kept, int sample, string publicKeyPem, string checkpointName)
    {
        var trusted = new TrustedLogKeys([LogKey.FromPem(publicKeyPem)]);
        var options = new VerificationOptions { ExpectedCheckpointSignerName = checkpointName };
        var chosen = Spread(kept, sample);
        var failures = new List<string>();
        var verified = 0;
        foreach (var answer in chosen)
        {
            var problem = Problem(answer, trusted, options);
            if (problem is null)
            {
                verified++;
            }
            else if (failures.Count < 5)
            {
                failures.Add($"request {answer.Sequence}: {problem}");
            }
        }

        return new VerificationReport(chosen.Count, verified, failures);
    }

    private static string? Problem(KeptAnswer answer, TrustedLogKeys trusted, VerificationOptions options)
    {
        Dictionary<string, LogEntryValue>? entries;
        try
        {
            entries = JsonSerializer.Deserialize<Dictionary<string, LogEntryValue>>(answer.Body, RekorJson.Options);
        }
        catch (JsonException e)
        {
            return "unreadable answer: " + e.Message;
        }

        if (entries is not { Count: 1 })
        {
            return $"expected one entry, got {entries?.Count ?? 0}";
        }

        var (entryId, value) = entries.Single();
        var result = LogEntryVerifier.Verify(entryId, value, trusted, options);
        return result.IsVerified ? null : result.ToString();
    }

    /// <summary>At most <paramref name="sample"/> of <paramref name="kept"/>, evenly spaced, first and last included.</summary>
    private static List<KeptAnswer> Spread(IReadOnlyList<KeptAnswer> kept, int sample)
    {
        if (kept.Count <= sample)
        {
            return [.. kept];
        }

        return [.. Enumerable.Range(0, sample).Select(i => kept[(int)((long)i * (kept.Count - 1) / Math.Max(1, sample - 1))])];
    }
}
