using System.Text;
using System.Text.Json.Nodes;
using Rekor.Core.Dsse;
using Rekor.Core.Tests.Pki;

namespace Rekor.Core.Tests.Types;

/// <summary>DSSE envelopes signed in tests with <see cref="TestKey"/>s, and the proposed entries that carry them.</summary>
public static class TestEnvelopes
{
    public const string InTotoType = "application/vnd.in-toto+json";

    /// <summary>An in-toto statement with two subjects (one with two digests) and a SLSA 0.2 predicate with one material.</summary>
    public static readonly byte[] Statement = Encoding.UTF8.GetBytes("""
        {"_type":"https://in-toto.io/Statement/v0.1","predicateType":"https://slsa.dev/provenance/v0.2",
         "subject":[{"name":"a.tgz","digest":{"sha256":"AA11","sha512":"bb22"}},{"name":"b","digest":{"sha256":"cc33"}}],
         "predicate":{"builder":{"id":"https://ci"},"buildType":"t","materials":[{"uri":"git+https://x","digest":{"sha1":"dd44"}}],
                      "metadata":{"buildStartedOn":"2024-01-02T03:04:05Z","reproducible":false}}}
        """);

    /// <summary>The base64 DSSE signature of <paramref name="key"/> over PAE(type, payload).</summary>
    public static string Sign(TestKey key, string payloadType, byte[] payload) => Convert.ToBase64String(key.SignMessage(Pae.Encode(payloadType, payload)));

    /// <summary>Compact envelope JSON: <c>{"payloadType","payload","signatures":[{"keyid","sig"}]}</c> (keyid left out when null).</summary>
    public static string Json(string payloadType, byte[] payload, params (string Sig, string? KeyId)[] signatures) =>
        Json(payloadType, Convert.ToBase64String(payload), signatures);

    public static string Json(string payloadType, string payloadBase64, params (string Sig, string? KeyId)[] signatures) =>
        new JsonObject
        {
            ["payloadType"] = payloadType,
            ["payload"] = payloadBase64,
            ["signatures"] = new JsonArray([.. signatures.Select(s => (JsonNode)Signature(s.Sig, s.KeyId))]),
        }.ToJsonString();

    /// <summary>A dsse 0.0.1 proposed entry.</summary>
    public static string Dsse(string envelope, params byte[][] verifiers) => DsseVectorTests.Proposed(envelope, verifiers);

    /// <summary>An intoto 0.0.2 proposed entry: payload and signatures base64 of their DSSE base64 text, each signature with its key.</summary>
    public static string IntotoV002(string payloadType, byte[] payload, string? hashValue, params (string Sig, string? KeyId, byte[] PublicKeyPem)[] signatures)
    {
        var content = new JsonObject
        {
            ["envelope"] = new JsonObject
            {
                ["payloadType"] = payloadType,
                ["payload"] = Twice(Convert.ToBase64String(payload)),
                ["signatures"] = new JsonArray([.. signatures.Select(s =>
                {
                    var item = new JsonObject { ["sig"] = Twice(s.Sig), ["publicKey"] = Convert.ToBase64String(s.PublicKeyPem) };
                    if (s.KeyId is not null)
                    {
                        item["keyid"] = s.KeyId;
                    }

                    return (JsonNode)item;
                })]),
            },
        };
        if (hashValue is not null)
        {
            content["hash"] = new JsonObject { ["algorithm"] = "sha256", ["value"] = hashValue };
        }

        return new JsonObject { ["kind"] = "intoto", ["apiVersion"] = "0.0.2", ["spec"] = new JsonObject { ["content"] = content } }.ToJsonString();
    }

    /// <summary>An intoto 0.0.1 proposed entry.</summary>
    public static string IntotoV001(string envelope, byte[] publicKeyPem) =>
        new JsonObject
        {
            ["kind"] = "intoto",
            ["apiVersion"] = "0.0.1",
            ["spec"] = new JsonObject { ["publicKey"] = Convert.ToBase64String(publicKeyPem), ["content"] = new JsonObject { ["envelope"] = envelope } },
        }.ToJsonString();

    public static string Twice(string base64Text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(base64Text));

    private static JsonObject Signature(string sig, string? keyId)
    {
        var item = new JsonObject();
        if (keyId is not null)
        {
            item["keyid"] = keyId;
        }

        item["sig"] = sig;
        return item;
    }
}
