using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Rekor.Core.Tests.Pki.Pgp;

namespace Rekor.Core.Tests.Types.Helm;

/// <summary>
/// Helm provenance files made the way <c>helm package --sign</c> makes them (helm's <c>pkg/provenance</c>
/// <c>messageBlock</c>: the chart's metadata as YAML, <c>"\n...\n"</c>, then <c>yaml.Marshal</c> of the sum collection,
/// <c>files:\n  &lt;chart&gt;.tgz: sha256:&lt;hex&gt;\n</c>), clear-signed by the real <c>gpg --clearsign</c> because Debian has no
/// helm. Also the rpm-free proposed entries of the helm kind.
/// </summary>
internal static class HelmProvenanceFiles
{
    /// <summary>The message block helm writes for a chart archive <paramref name="chart"/> named <paramref name="name"/>-<paramref name="version"/>.tgz.</summary>
    public static string MessageBlock(byte[] chart, string name = "mychart", string version = "0.1.0") =>
        $"apiVersion: v2\nappVersion: 1.16.0\ndescription: A Helm chart for Kubernetes\nname: {name}\ntype: application\nversion: {version}\n"
        + "\n...\n"
        + $"files:\n  {name}-{version}.tgz: sha256:{ChartSha256(chart)}\n";

    public static string ChartSha256(byte[] chart) => Convert.ToHexStringLower(SHA256.HashData(chart));

    /// <summary>A chart archive's stand-in bytes (only its digest is in the provenance).</summary>
    public static byte[] Chart(string seed) => Encoding.UTF8.GetBytes("chart archive " + seed);

    /// <summary><see cref="MessageBlock"/> (or <paramref name="text"/>) clear-signed by <paramref name="signer"/> with gpg.</summary>
    public static byte[] Sign(Gpg gpg, string signer, string text) => gpg.ClearSign(signer, Encoding.UTF8.GetBytes(text));

    public static string Proposed(byte[] publicKey, byte[] provenance) =>
        new JsonObject
        {
            ["kind"] = "helm",
            ["apiVersion"] = "0.0.1",
            ["spec"] = new JsonObject
            {
                ["publicKey"] = new JsonObject { ["content"] = Convert.ToBase64String(publicKey) },
                ["chart"] = new JsonObject { ["provenance"] = new JsonObject { ["content"] = Convert.ToBase64String(provenance) } },
            },
        }.ToJsonString();
}
