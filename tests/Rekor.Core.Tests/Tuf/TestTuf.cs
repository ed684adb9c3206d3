using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;

namespace Rekor.Core.Tests.Tuf;

/// <summary>
/// TUF roots and metadata built and signed here with .NET keys (Ed25519 through BouncyCastle, ECDSA P-256, RSA-PSS),
/// as go-tuf v0.7 writes them: keys as <c>{"keytype","keyval":{"public"},"scheme"}</c> (ed25519 hex, the others PEM),
/// key IDs the sha256 of the key's canonical JSON, each signature over the OLPC canonical JSON of <c>signed</c>
/// (written here independently of the code under test: sorted keys, no whitespace, only \ and " escaped).
/// </summary>
internal static class TestTuf
{
    public const string Future = "2030-01-01T00:00:00Z";

    public sealed record Signer(string KeyId, JsonObject PublicKey, Func<byte[], byte[]> Sign);

    public static Signer Ed25519()
    {
        var generator = new Org.BouncyCastle.Crypto.Generators.Ed25519KeyPairGenerator();
        generator.Init(new Org.BouncyCastle.Crypto.KeyGenerationParameters(new SecureRandom(), 256));
        var pair = generator.GenerateKeyPair();
        var publicKey = ((Ed25519PublicKeyParameters)pair.Public).GetEncoded();
        var privateKey = (Ed25519PrivateKeyParameters)pair.Private;
        return Make("ed25519", "ed25519", Convert.ToHexStringLower(publicKey), message =>
        {
            var signature = new byte[64];
            privateKey.Sign(Org.BouncyCastle.Math.EC.Rfc8032.Ed25519.Algorithm.Ed25519, null, message, 0, message.Length, signature, 0);
            return signature;
        });
    }

    public static Signer Ecdsa()
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return Make("ecdsa", "ecdsa-sha2-nistp256", key.ExportSubjectPublicKeyInfoPem() + "\n",
            message => key.SignData(message, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
    }

    public static Signer Rsa()
    {
        var key = RSA.Create(2048);
        return Make("rsa", "rsassa-pss-sha256", key.ExportSubjectPublicKeyInfoPem() + "\n",
            message => key.SignData(message, HashAlgorithmName.SHA256, RSASignaturePadding.Pss));
    }

    private static Signer Make(string type, string scheme, string publicValue, Func<byte[], byte[]> sign)
    {
        var key = new JsonObject { ["keytype"] = type, ["keyval"] = new JsonObject { ["public"] = publicValue }, ["scheme"] = scheme };
        return new Signer(Convert.ToHexStringLower(SHA256.HashData(Canonical(key))), key, sign);
    }

    public static JsonObject RootSigned(Signer[] rootKeys, int rootThreshold, Signer[] targetsKeys, int targetsThreshold, string expires = Future, int version = 1)
    {
        var keys = new JsonObject();
        foreach (var key in rootKeys.Concat(targetsKeys).DistinctBy(k => k.KeyId))
        {
            keys[key.KeyId] = key.PublicKey.DeepClone();
        }

        JsonObject Role(Signer[] signers, int threshold) => new() { ["keyids"] = new JsonArray([.. signers.Select(s => (JsonNode)s.KeyId)]), ["threshold"] = threshold };

        return new JsonObject
        {
            ["_type"] = "root",
            ["consistent_snapshot"] = true,
            ["expires"] = expires,
            ["keys"] = keys,
            ["roles"] = new JsonObject
            {
                ["root"] = Role(rootKeys, rootThreshold),
                ["snapshot"] = Role(targetsKeys, targetsThreshold),
                ["targets"] = Role(targetsKeys, targetsThreshold),
                ["timestamp"] = Role(targetsKeys, targetsThreshold),
            },
            ["spec_version"] = "1.0.31",
            ["version"] = version,
        };
    }

    public static JsonObject TargetsSigned(int version = 3, string expires = Future, string file = "hello.txt") => new()
    {
        ["_type"] = "targets",
        ["expires"] = expires,
        ["spec_version"] = "1.0.31",
        ["targets"] = new JsonObject
        {
            [file] = new JsonObject { ["hashes"] = new JsonObject { ["sha256"] = new string('a', 64) }, ["length"] = 6 },
        },
        ["version"] = version,
    };

    /// <summary>A signed document: each signer signs the canonical JSON of <paramref name="signed"/>.</summary>
    public static JsonObject Sign(JsonObject signed, params Signer[] signers)
    {
        var message = Canonical(signed);
        return new JsonObject
        {
            ["signatures"] = new JsonArray([.. signers.Select(s => (JsonNode)new JsonObject { ["keyid"] = s.KeyId, ["sig"] = Convert.ToHexStringLower(s.Sign(message)) })]),
            ["signed"] = signed.DeepClone(),
        };
    }

    /// <summary>The proposed entry; each content as the object itself, or as base64 of its JSON text.</summary>
    public static string Entry(JsonObject metadata, JsonObject root, bool asBase64 = false)
    {
        JsonNode Content(JsonObject document) => asBase64 ? Convert.ToBase64String(Encoding.UTF8.GetBytes(document.ToJsonString())) : document.DeepClone();
        return new JsonObject
        {
            ["kind"] = "tuf",
            ["apiVersion"] = "0.0.1",
            ["spec"] = new JsonObject { ["metadata"] = new JsonObject { ["content"] = Content(metadata) }, ["root"] = new JsonObject { ["content"] = Content(root) } },
        }.ToJsonString();
    }

    /// <summary>OLPC canonical JSON of the test documents (strings, integers, booleans, objects, arrays only).</summary>
    public static byte[] Canonical(JsonNode node)
    {
        var builder = new StringBuilder();
        Write(node, builder);
        return Encoding.UTF8.GetBytes(builder.ToString());

        static void Write(JsonNode? node, StringBuilder output)
        {
            switch (node)
            {
                case JsonObject obj:
                    output.Append('{').AppendJoin(',', obj.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p =>
                    {
                        var member = new StringBuilder();
                        WriteText(p.Key, member);
                        member.Append(':');
                        Write(p.Value, member);
                        return member.ToString();
                    })).Append('}');
                    break;
                case JsonArray array:
                    output.Append('[').AppendJoin(',', array.Select(item =>
                    {
                        var element = new StringBuilder();
                        Write(item, element);
                        return element.ToString();
                    })).Append(']');
                    break;
                case JsonValue value when value.TryGetValue<string>(out var text):
                    WriteText(text, output);
                    break;
                case JsonValue value when value.TryGetValue<bool>(out var flag):
                    output.Append(flag ? "true" : "false");
                    break;
                case JsonValue value:
                    output.Append(value.GetValue<int>());
                    break;
                default:
                    output.Append("null");
                    break;
            }
        }

        static void WriteText(string text, StringBuilder output) =>
            output.Append('"').Append(text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)).Append('"');
    }
}
