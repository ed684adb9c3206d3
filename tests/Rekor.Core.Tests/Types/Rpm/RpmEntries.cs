using System.Text.Json.Nodes;

namespace Rekor.Core.Tests.Types.Rpm;

/// <summary>rpm 0.0.1 proposed entries as clients send them (JSON text), so tests go through the server's parsing.</summary>
public static class RpmEntries
{
    public static string Proposed(byte[] publicKey, byte[]? package, string? sha256Hex = null)
    {
        var packageObject = new JsonObject();
        if (package is not null)
        {
            packageObject["content"] = Convert.ToBase64String(package);
        }

        if (sha256Hex is not null)
        {
            packageObject["hash"] = new JsonObject { ["algorithm"] = "sha256", ["value"] = sha256Hex };
        }

        return new JsonObject
        {
            ["kind"] = "rpm",
            ["apiVersion"] = "0.0.1",
            ["spec"] = new JsonObject
            {
                ["publicKey"] = new JsonObject { ["content"] = Convert.ToBase64String(publicKey) },
                ["package"] = packageObject,
            },
        }.ToJsonString();
    }
}
