using System.Text.Json;
using System.Text.Json.Nodes;
using Rekor.Core.Models;
using Rekor.Core.Signing;
using Rekor.Core.Tests.Vectors;
using Rekor.Core.Types;
using Rekor.Core.Verification;

namespace Rekor.Core.Tests.Verification;

/// <summary>
/// A vector's <c>logEntry</c> as the wire JSON (<see cref="Entry"/>, to tamper with) and its key, plus which checks the
/// vector supports according to the vectors' own <c>index.json</c> (checked there by an independent verifier).
/// </summary>
public sealed record VectorLogEntry(RekorVector Vector, string Key, JsonObject Entry, IReadOnlySet<VerificationCheck> Supported)
{
    /// <summary>The vector's own log key (<c>logPublicKeyPem</c>), imported once per vector and test.</summary>
    public TrustedLogKeys TrustedKeys { get; } = new(LogKey.FromPem(Vector.LogPublicKeyPem));

    /// <summary>The entry as a client reads it off the wire.</summary>
    public LogEntryValue Model() => ToModel(Entry);

    public LogEntryVerification Verify(VerificationOptions? options = null) => LogEntryVerifier.Verify(Key, Model(), TrustedKeys, options);

    public static LogEntryValue ToModel(JsonNode entry) =>
        entry.Deserialize<LogEntryValue>(RekorJson.Options) ?? throw new InvalidOperationException("the entry is JSON null");

    public static VectorLogEntry Read(RekorVector vector)
    {
        var document = JsonNode.Parse(File.ReadAllBytes(VectorFiles.PathOf(vector.File)))!.AsObject();
        var (key, entry) = document["logEntry"]!.AsObject().Single();
        return new VectorLogEntry(vector, key, entry!.AsObject(), SupportedChecks(vector.File, key));
    }

    /// <summary>The checks <c>index.json</c> reports as passing (a: leaf hash = key, b: SET, c: inclusion proof,
    /// d: checkpoint signature and root/size); the tree-ID check goes with d when the key has a tree ID.</summary>
    private static HashSet<VerificationCheck> SupportedChecks(string file, string key)
    {
        var checks = IndexChecks.Value[file];
        var supported = new HashSet<VerificationCheck>();
        void AddIf(string name, params VerificationCheck[] these)
        {
            var outcome = checks[name]!.GetValue<string>();
            Assert.True(outcome is "pass" or "-", $"{file}: index.json says {name} = {outcome}");
            if (outcome == "pass")
            {
                supported.UnionWith(these);
            }
        }

        AddIf("a_leafHashMatchesKey", VerificationCheck.BodyHashMatchesKey);
        AddIf("b_set", VerificationCheck.SignedEntryTimestamp);
        AddIf("c_inclusionProof", VerificationCheck.InclusionProof);
        AddIf("d_checkpoint", VerificationCheck.CheckpointSignature, VerificationCheck.CheckpointMatchesProof);
        if (supported.Contains(VerificationCheck.CheckpointSignature) && key.Length == EntryId.HexLength)
        {
            supported.Add(VerificationCheck.CheckpointTreeIdMatchesKey);
        }

        return supported;
    }

    private static readonly Lazy<Dictionary<string, JsonObject>> IndexChecks = new(() =>
        JsonNode.Parse(File.ReadAllBytes(VectorFiles.PathOf("index.json")))!["vectors"]!.AsArray()
            .Select(v => v!.AsObject())
            .Where(v => v["checks"] is JsonObject)
            .ToDictionary(v => v["file"]!.GetValue<string>(), v => v["checks"]!.AsObject(), StringComparer.Ordinal));
}
