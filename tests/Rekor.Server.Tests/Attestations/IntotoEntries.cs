using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Rekor.Server.Tests.Attestations;

/// <summary>
/// intoto 0.0.2 proposed entries as sigstore-js builds them, with a key of the test's own: a DSSE envelope over an
/// in-toto statement, signed over PAE with ECDSA P-256, then the payload and signature base64-encoded once more.
/// </summary>
internal sealed class IntotoEntries : IDisposable
{
    public const string PayloadType = "application/vnd.in-toto+json";

    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    /// <summary>An in-toto statement naming one subject, padded with a predicate of <paramref name="predicateBytes"/> characters.</summary>
    public static byte[] Statement(string subject, int predicateBytes = 0) => Encoding.UTF8.GetBytes(new JsonObject
    {
        ["_type"] = "https://in-toto.io/Statement/v1",
        ["subject"] = new JsonArray(new JsonObject
        {
            ["name"] = subject,
            ["digest"] = new JsonObject { ["sha256"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(subject))) },
        }),
        ["predicateType"] = "https://example.com/predicate/v1",
        ["predicate"] = new JsonObject { ["padding"] = new string('p', predicateBytes) },
    }.ToJsonString());

    public string Entry(byte[] payload)
    {
        var pae = Encoding.UTF8.GetBytes($"DSSEv1 {PayloadType.Length} {PayloadType} {payload.Length} ").Concat(payload).ToArray();
        var signature = _key.SignData(pae, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        var publicKeyPem = _key.ExportSubjectPublicKeyInfoPem() + "\n";
        return new JsonObject
        {
            ["kind"] = "intoto",
            ["apiVersion"] = "0.0.2",
            ["spec"] = new JsonObject
            {
                ["content"] = new JsonObject
                {
                    ["envelope"] = new JsonObject
                    {
                        ["payloadType"] = PayloadType,
                        ["payload"] = DoubleBase64(payload),
                        ["signatures"] = new JsonArray(new JsonObject
                        {
                            ["sig"] = DoubleBase64(signature),
                            ["publicKey"] = Convert.ToBase64String(Encoding.ASCII.GetBytes(publicKeyPem)),
                        }),
                    },
                    ["hash"] = new JsonObject { ["algorithm"] = "sha256", ["value"] = Convert.ToHexStringLower(SHA256.HashData(payload)) },
                },
            },
        }.ToJsonString();
    }

    public void Dispose() => _key.Dispose();

    private static string DoubleBase64(byte[] bytes) => Convert.ToBase64String(Encoding.ASCII.GetBytes(Convert.ToBase64String(bytes)));
}
