using System.Text.Json.Nodes;
using Rekor.Core.Tests.Vectors;

namespace Rekor.Core.Tests.Verification;

/// <summary>
/// A Sigstore <c>trusted_root.json</c> (protobuf-specs <c>TrustedRoot</c>) rebuilt from the vectors'
/// <c>trusted-keys/index.json</c>, which lists the <c>tlogs</c> of the production, staging and scaffolding trusted
/// roots with their PEM keys: three Rekor v1 logs and four Rekor v2 logs.
/// </summary>
internal static class VectorTrustedRoot
{
    public static JsonObject Build()
    {
        var index = JsonNode.Parse(File.ReadAllBytes(VectorFiles.PathOf("trusted-keys/index.json")))!;
        var tlogs = new JsonArray();
        foreach (var log in index["logs"]!.AsArray())
        {
            var pem = File.ReadAllText(VectorFiles.PathOf("trusted-keys/" + log!["pemFile"]!.GetValue<string>()));
            var der = Convert.FromBase64String(string.Concat(pem.Split('\n').Where(l => l.Length > 0 && !l.StartsWith("-----", StringComparison.Ordinal))));
            tlogs.Add(new JsonObject
            {
                ["baseUrl"] = log["baseUrl"]!.GetValue<string>(),
                ["hashAlgorithm"] = log["hashAlgorithm"]!.GetValue<string>(),
                ["publicKey"] = new JsonObject
                {
                    ["rawBytes"] = Convert.ToBase64String(der),
                    ["keyDetails"] = log["keyDetails"]!.GetValue<string>(),
                    ["validFor"] = log["validFor"]!.DeepClone(),
                },
                ["logId"] = new JsonObject { ["keyId"] = log["logIdBase64"]!.GetValue<string>() },
            });
        }

        return new JsonObject
        {
            ["mediaType"] = "application/vnd.dev.sigstore.trustedroot+json;version=0.1",
            ["tlogs"] = tlogs,
            ["certificateAuthorities"] = new JsonArray(),
            ["ctlogs"] = new JsonArray(),
            ["timestampAuthorities"] = new JsonArray(),
        };
    }

    /// <summary>The log IDs (hex) of the v1 logs in the index.</summary>
    public static IReadOnlySet<string> V1LogIds() =>
        JsonNode.Parse(File.ReadAllBytes(VectorFiles.PathOf("trusted-keys/index.json")))!["logs"]!.AsArray()
            .Where(l => l!["logIdIsSha256OfSpki"]!.GetValue<bool>())
            .Select(l => l!["logIdHex"]!.GetValue<string>())
            .ToHashSet(StringComparer.Ordinal);
}
