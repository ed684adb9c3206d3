using System.Text.Json.Nodes;

namespace Rekor.Core.Tests.Types;

/// <summary>Proposed entries as clients send them, as JSON text, so tests go through the same parsing as the server.</summary>
public static class ProposedEntries
{
    public static string HashedRekord(string? algorithm, string? value, byte[]? signature, byte[]? publicKey, JsonObject? extraData = null)
    {
        var hash = new JsonObject();
        if (algorithm is not null)
        {
            hash["algorithm"] = algorithm;
        }

        if (value is not null)
        {
            hash["value"] = value;
        }

        var data = new JsonObject { ["hash"] = hash };
        foreach (var (name, node) in extraData ?? [])
        {
            data[name] = node?.DeepClone();
        }

        var signatureObject = new JsonObject();
        if (signature is not null)
        {
            signatureObject["content"] = Convert.ToBase64String(signature);
        }

        if (publicKey is not null)
        {
            signatureObject["publicKey"] = new JsonObject { ["content"] = Convert.ToBase64String(publicKey) };
        }

        return new JsonObject
        {
            ["kind"] = "hashedrekord",
            ["apiVersion"] = "0.0.1",
            ["spec"] = new JsonObject { ["signature"] = signatureObject, ["data"] = data },
        }.ToJsonString();
    }

    public static string Rekord(string format, byte[] signature, byte[] publicKey, byte[]? content, string? hashValue = null)
    {
        var data = new JsonObject();
        if (content is not null)
        {
            data["content"] = Convert.ToBase64String(content);
        }

        if (hashValue is not null)
        {
            data["hash"] = new JsonObject { ["algorithm"] = "sha256", ["value"] = hashValue };
        }

        return new JsonObject
        {
            ["kind"] = "rekord",
            ["apiVersion"] = "0.0.1",
            ["spec"] = new JsonObject
            {
                ["signature"] = new JsonObject
                {
                    ["format"] = format,
                    ["content"] = Convert.ToBase64String(signature),
                    ["publicKey"] = new JsonObject { ["content"] = Convert.ToBase64String(publicKey) },
                },
                ["data"] = data,
            },
        }.ToJsonString();
    }
}
