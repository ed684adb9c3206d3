using System.Formats.Cbor;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace Rekor.Core.Tests.Cose;

/// <summary>
/// COSE_Sign1 messages built here, because Debian packages no COSE tool: written with System.Formats.Cbor following
/// RFC 9052 exactly (§4.2 the message, §4.4 the Sig_structure with context "Signature1"), independently of the
/// reader under test, and signed with .NET's ECDsa (ES256: IEEE P1363 r‖s) and RSA (PS256: PSS, salt = hash length).
/// </summary>
internal static class TestCose
{
    public const long ES256 = -7;
    public const long ES384 = -35;
    public const long PS256 = -37;

    public static Func<byte[], byte[]> Es256(ECDsa key) =>
        toBeSigned => key.SignData(toBeSigned, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

    public static Func<byte[], byte[]> Ps256(RSA key) =>
        toBeSigned => key.SignData(toBeSigned, HashAlgorithmName.SHA256, RSASignaturePadding.Pss);

    /// <summary>A protected header map: <c>alg</c> (label 1) and content type (label 3) when given.</summary>
    public static byte[] ProtectedHeader(long? alg, string? contentType = null)
    {
        var writer = new CborWriter(CborConformanceMode.Lax);
        writer.WriteStartMap((alg is null ? 0 : 1) + (contentType is null ? 0 : 1));
        if (alg is { } a)
        {
            writer.WriteInt32(1);
            writer.WriteInt64(a);
        }

        if (contentType is not null)
        {
            writer.WriteInt32(3);
            writer.WriteTextString(contentType);
        }

        writer.WriteEndMap();
        return writer.Encode();
    }

    /// <summary>RFC 9052 §4.4: <c>["Signature1", body_protected, external_aad, payload]</c>.</summary>
    public static byte[] SigStructure(byte[] protectedHeader, byte[] aad, byte[] payload)
    {
        var writer = new CborWriter(CborConformanceMode.Lax);
        writer.WriteStartArray(4);
        writer.WriteTextString("Signature1");
        writer.WriteByteString(protectedHeader);
        writer.WriteByteString(aad);
        writer.WriteByteString(payload);
        writer.WriteEndArray();
        return writer.Encode();
    }

    /// <summary>RFC 9052 §4.2: <c>COSE_Sign1 = [protected, unprotected, payload, signature]</c>, tagged 18 unless told not to.</summary>
    public static byte[] Message(byte[] protectedHeader, byte[] payload, byte[] signature, bool tagged = true)
    {
        var writer = new CborWriter(CborConformanceMode.Lax);
        if (tagged)
        {
            writer.WriteTag((CborTag)18);
        }

        writer.WriteStartArray(4);
        writer.WriteByteString(protectedHeader);
        writer.WriteStartMap(1);
        writer.WriteInt32(4); // kid, unprotected
        writer.WriteByteString("test-key"u8);
        writer.WriteEndMap();
        writer.WriteByteString(payload);
        writer.WriteByteString(signature);
        writer.WriteEndArray();
        return writer.Encode();
    }

    /// <summary>A signed message: the Sig_structure over <paramref name="payload"/> (and <paramref name="aad"/>) signed by <paramref name="sign"/>.</summary>
    public static byte[] Sign1(byte[] payload, long? alg, Func<byte[], byte[]> sign, byte[]? aad = null, string? contentType = null, bool tagged = true)
    {
        var protectedHeader = ProtectedHeader(alg, contentType);
        var signature = sign(SigStructure(protectedHeader, aad ?? [], payload));
        return Message(protectedHeader, payload, signature, tagged);
    }

    /// <summary>The proposed entry a client sends; <paramref name="data"/> null leaves <c>data</c> out.</summary>
    public static string Entry(byte[] message, byte[] publicKeyPem, JsonObject? data)
    {
        var spec = new JsonObject
        {
            ["message"] = Convert.ToBase64String(message),
            ["publicKey"] = Convert.ToBase64String(publicKeyPem),
        };
        if (data is not null)
        {
            spec["data"] = data;
        }

        return new JsonObject { ["kind"] = "cose", ["apiVersion"] = "0.0.1", ["spec"] = spec }.ToJsonString();
    }

    public static JsonObject Aad(byte[] aad) => new() { ["aad"] = Convert.ToBase64String(aad) };
}
