using System.Text.Json;

namespace Rekor.Server.Tests.Hostile;

/// <summary>Rekor's error body, checked byte for byte as a client reads it: <c>application/json</c>, <c>{"code": int, "message": string}</c>.</summary>
internal static class ErrorBodyShape
{
    /// <summary>What is wrong with an error response, or null when it is Rekor's shape.</summary>
    public static string? Problem(string? mediaType, byte[] body)
    {
        if (!string.Equals(mediaType, "application/json", StringComparison.OrdinalIgnoreCase))
        {
            return $"Content-Type is {mediaType ?? "missing"}, not application/json";
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return "the body is JSON but not an object";
            }

            if (!root.TryGetProperty("code", out var code) || code.ValueKind != JsonValueKind.Number || !code.TryGetInt32(out _))
            {
                return "the body has no integer \"code\"";
            }

            return root.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String
                ? null
                : "the body has no string \"message\"";
        }
        catch (JsonException e)
        {
            return "the body is not JSON: " + e.Message;
        }
    }
}
