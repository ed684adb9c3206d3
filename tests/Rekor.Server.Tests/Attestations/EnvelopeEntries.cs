using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Rekor.Server.Tests.Attestations;

/// <summary>
/// DSSE-envelope entries as sigstore-js builds them, with a key of the test's own: an envelope over an in-toto
/// statement, signed over PAE with ECDSA P-256, sent as intoto 0.0.2 (payload and signature base64-encoded once more)
/// or as dsse 0.0.1 (the envelope as a JSON string, the key as a verifier).
/// </summary>
internal sealed class EnvelopeEntries : IDisposable
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

    /// <summary>The signing key's PKIX PEM as sent (Go's canonical form: 64 columns and a final newline).</summary>
    public string PublicKeyPem => _key.ExportSubjectPublicKeyInfoPem() + "\n";

    /// <summary>A dsse 0.0.1 proposed entry for an envelope over <paramref name="payload"/>.</summary>
    public string Dsse(byte[] payload)
    {
        var envelope = new JsonObject
        {
            ["payloadType"] = PayloadType,
            ["payload"] = Convert.ToBase64String(payload),
            ["signatures"] = new JsonArray(new JsonObject { ["keyid"] = "", ["sig"] = Convert.ToBase64String(SignPae(payload)) }),
        }.ToJsonString();
        return new JsonObject
        {
            ["kind"] = "dsse",
            ["apiVersion"] = "0.0.1",
            ["spec"] = new JsonObject
            {
                ["proposedContent"] = new JsonObject
                {
                    ["envelope"] = envelope,
                    ["verifiers"] = new JsonArray(Convert.ToBase64String(Encoding.ASCII.GetBytes(PublicKeyPem))),
                },
            },
        }.ToJsonString();
    }

    /// <summary>An intoto 0.0.2 proposed entry for an envelope over <paramref name="payload"/>.</summary>
    public string Intoto(byte[] payload)
    {
        var signature = SignPae(payload);
        var publicKeyPem = PublicKeyPem;
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

    private byte[] SignPae(byte[] payload)
    {
        var pae = Encoding.UTF8.GetBytes($"DSSEv1 {PayloadType.Length} {PayloadType} {payload.Length} ").Concat(payload).ToArray();
        return _key.SignData(pae, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
    }

    private static string DoubleBase64(byte[] bytes) => Convert.ToBase64String(Encoding.ASCII.GetBytes(Convert.ToBase64String(bytes)));
}
