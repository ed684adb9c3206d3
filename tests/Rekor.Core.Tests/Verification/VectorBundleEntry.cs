using System.Text.Json;
using System.Text.Json.Nodes;
using Rekor.Core.Tests.Vectors;
using Rekor.Core.Verification;

namespace Rekor.Core.Tests.Verification;

/// <summary>
/// A vector's untouched bundle <c>tlogEntries[i]</c> object (<see cref="Tlog"/>, to tamper with) beside the same
/// entry in v1 form (<see cref="V1"/>), from which it was rebuilt by the vectors' README §4.
/// </summary>
public sealed record VectorBundleEntry(VectorLogEntry V1, JsonObject Tlog, string? VectorEntryId)
{
    public static IReadOnlyList<string> Files { get; } =
        [.. RekorVector.All.Where(v => ReadVectorFile(v.File)["bundleTransparencyLogEntry"] is JsonObject).Select(v => v.File)];

    public static VectorBundleEntry Read(string file)
    {
        var document = ReadVectorFile(file);
        return new VectorBundleEntry(
            VectorLogEntry.Read(RekorVector.Named(file)),
            document["bundleTransparencyLogEntry"]!.AsObject(),
            document["entryID"]?.GetValue<string>());
    }

    /// <summary>The checks the rebuilt entry passes: those the v1 entry passes, plus the key check (the key is
    /// rebuilt from the body) and the tree-ID check whenever a signed checkpoint names the tree.</summary>
    public IReadOnlySet<VerificationCheck> Supported
    {
        get
        {
            var supported = V1.Supported.Append(VerificationCheck.BodyHashMatchesKey).ToHashSet();
            if (supported.Contains(VerificationCheck.CheckpointSignature))
            {
                supported.Add(VerificationCheck.CheckpointTreeIdMatchesKey);
            }

            return supported;
        }
    }

    public BundleTlogEntryVerification Verify(VerificationOptions? options = null) => Verify(Tlog, options);

    public BundleTlogEntryVerification Verify(JsonNode tlog, VerificationOptions? options = null) =>
        BundleTlogEntryVerifier.Verify(Element(tlog), V1.TrustedKeys, options);

    public static JsonElement Element(JsonNode? node) => JsonSerializer.SerializeToElement(node);

    private static JsonObject ReadVectorFile(string file) => JsonNode.Parse(File.ReadAllBytes(VectorFiles.PathOf(file)))!.AsObject();
}
