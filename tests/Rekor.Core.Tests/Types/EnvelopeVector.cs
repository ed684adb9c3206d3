using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Rekor.Core.Tests.Vectors;

namespace Rekor.Core.Tests.Types;

/// <summary>
/// The fixture side of a logged dsse or intoto vector: the DSSE envelope the bundle carried (payload and signatures as
/// base64 text), the signing certificate or key, the decoded logged body, and how the client serialized the envelope
/// it sent (<c>checks.artifactFieldChecks.envelopeSerializationFound</c>), so the proposed entry can be rebuilt.
/// </summary>
public sealed partial record EnvelopeVector(
    string File,
    string PayloadType,
    string PayloadBase64,
    IReadOnlyList<(string Sig, string? KeyId)> Signatures,
    string? SigningMaterialPem,
    JsonObject DecodedBody,
    string? Serialization)
{
    public static EnvelopeVector Named(string file)
    {
        var root = JsonNode.Parse(System.IO.File.ReadAllBytes(VectorFiles.PathOf(file)))!.AsObject();
        var artifact = root["artifact"]!.AsObject();
        var envelope = artifact["dsseEnvelope"]!.AsObject();
        var material = artifact["certificatePem"]?.GetValue<string>()
            ?? artifact["certificateChainPem"]?.AsArray()[0]!.GetValue<string>()
            ?? artifact["publicKeyPem"]?.GetValue<string>();
        return new EnvelopeVector(
            file,
            envelope["payloadType"]!.GetValue<string>(),
            envelope["payload"]!.GetValue<string>(),
            [.. envelope["signatures"]!.AsArray().Select(s => (s!["sig"]!.GetValue<string>(), s["keyid"]?.GetValue<string>()))],
            material,
            root["decodedBody"]!.AsObject(),
            root["checks"]?["artifactFieldChecks"]?["envelopeSerializationFound"]?.GetValue<string>());
    }

    public byte[] Payload => Convert.FromBase64String(PayloadBase64);

    /// <summary>
    /// The envelope text the client sent, rebuilt from the serialization the vector names, e.g.
    /// <c>{payload,payloadType,signatures} with signatures[{sig,keyid}], compact JSON</c> (a keyid the bundle lacks is "").
    /// </summary>
    public string EnvelopeText()
    {
        var match = SerializationPattern().Match(Serialization ?? throw new InvalidOperationException($"{File} names no envelope serialization"));
        Assert.True(match.Success, Serialization);
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            foreach (var member in match.Groups["top"].Value.Split(','))
            {
                switch (member)
                {
                    case "payload":
                        writer.WriteString("payload", PayloadBase64);
                        break;
                    case "payloadType":
                        writer.WriteString("payloadType", PayloadType);
                        break;
                    case "signatures":
                        writer.WriteStartArray("signatures");
                        foreach (var (sig, keyId) in Signatures)
                        {
                            writer.WriteStartObject();
                            foreach (var field in match.Groups["sig"].Value.Split(','))
                            {
                                writer.WriteString(field, field == "sig" ? sig : keyId ?? string.Empty);
                            }

                            writer.WriteEndObject();
                        }

                        writer.WriteEndArray();
                        break;
                }
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    [GeneratedRegex(@"^\{(?<top>[a-zA-Z,]+)\} with signatures\[\{(?<sig>[a-zA-Z,]+)\}\]")]
    private static partial Regex SerializationPattern();
}
