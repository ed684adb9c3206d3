using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Rekor.Core.Client;
using Rekor.Core.Models;
using Rekor.Core.Signing;
using Rekor.Core.Types;
using Rekor.Core.Types.HashedRekord.V001;
using Rekor.Core.Verification;

namespace Rekor.Samples.SignAndVerify;

/// <summary>
/// What a signer does with Rekor, start to end: sign the file's SHA-256 with a new ECDSA P-256 key, log a hashedrekord
/// for it, keep the returned entry as a file (what a bundle keeps), and later verify that file with no network: the
/// body is what was signed, its hash is the entry's UUID, the SET and the checkpoint carry the log's signature, and the
/// inclusion proof leads from the body to the checkpoint's root.
/// </summary>
public static class SignUploadVerify
{
    /// <summary>Runs the whole story against the log at <paramref name="server"/>; true when the offline verification passed.</summary>
    public static async Task<bool> RunAsync(Uri server, string file, string? trustedLogKeyPem, TextWriter output, CancellationToken cancellationToken)
    {
        var client = RekorClient.Create(server);

        // 1. Sign. The key lives only for this run; a real signer keeps it, or uses a Fulcio certificate.
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var digest = SHA256.HashData(await File.ReadAllBytesAsync(file, cancellationToken));
        var signature = key.SignHash(digest, DSASignatureFormat.Rfc3279DerSequence);
        output.WriteLine($"signed {file}: sha256 {Convert.ToHexStringLower(digest)}");

        // 2. Log it: the entry is built from the artifact's digest, signature and key by the kind's FromArtifact.
        var built = HashedRekordV001Entry.FromArtifact(new ArtifactInput
        {
            DigestAlgorithm = "sha256",
            ArtifactDigest = digest,
            Signature = signature,
            VerificationMaterial = Encoding.UTF8.GetBytes(key.ExportSubjectPublicKeyInfoPem() + "\n"),
        });
        if (!built.Succeeded)
        {
            throw new InvalidOperationException("building the hashedrekord entry failed: " + built.Error!.Message);
        }

        var created = await client.CreateLogEntryAsync((ProposedEntry)built.Value!.ToProposedEntry(), cancellationToken);
        var (entryKey, entry) = created.Single();
        output.WriteLine($"logged at index {entry.LogIndex} as {entryKey}");

        // 3. Keep it. From here on nothing needs the log: the saved entry carries its own evidence.
        var saved = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(file))!, Path.GetFileName(file) + ".rekor.json");
        await File.WriteAllTextAsync(saved, JsonSerializer.Serialize(created, RekorJson.Options), cancellationToken);
        output.WriteLine($"saved the entry to {saved}");

        // 4. Verify the saved copy offline, against a log key trusted beforehand (or, here, fetched once).
        var logKey = LogKey.FromPem(trustedLogKeyPem ?? await client.GetPublicKeyAsync(cancellationToken: cancellationToken));
        var reloaded = JsonSerializer.Deserialize<LogEntry>(await File.ReadAllTextAsync(saved, cancellationToken), RekorJson.Options)!;
        var (reloadedKey, reloadedEntry) = reloaded.Single();
        var verification = LogEntryVerifier.Verify(reloadedKey, reloadedEntry, new TrustedLogKeys([logKey]));
        foreach (var check in verification.Checks)
        {
            output.WriteLine($"  {check.Outcome,-13} {check.Check}{(check.Reason is { Length: > 0 } reason ? ": " + reason : string.Empty)}");
        }

        var sameSignature = LoggedSignatureIs(reloadedEntry, signature, digest);
        output.WriteLine(sameSignature ? "  the logged body holds this file's digest and signature" : "  the logged body is NOT this file's digest and signature");
        var ok = verification.IsVerified && sameSignature;
        output.WriteLine(ok ? "verified offline" : "verification FAILED");
        return ok;
    }

    /// <summary>Whether the entry's body is a hashedrekord over <paramref name="digest"/> with <paramref name="signature"/>.</summary>
    private static bool LoggedSignatureIs(LogEntryValue entry, byte[] signature, byte[] digest)
    {
        using var body = JsonDocument.Parse(Convert.FromBase64String(entry.Body.GetString()!));
        var spec = body.RootElement.GetProperty("spec");
        return spec.GetProperty("signature").GetProperty("content").GetString() == Convert.ToBase64String(signature)
            && spec.GetProperty("data").GetProperty("hash").GetProperty("value").GetString() == Convert.ToHexStringLower(digest);
    }
}
