using System.Text.Json;
using Rekor.Core.Merkle;
using Rekor.Core.Schemas;

namespace Rekor.Core.Verification;

/// <summary>
/// An entry's <c>body</c> as each check needs it: the base64 text exactly as served (what the SET signs) and the leaf
/// hash of the decoded bytes (what the key names and the proof proves). Either may be missing, with the reason.
/// </summary>
internal sealed class EntryBody
{
    private EntryBody(string? base64, string? textError, Hash32? leafHash, string? leafError)
    {
        Base64 = base64;
        TextError = textError;
        LeafHash = leafHash;
        LeafError = leafError;
    }

    /// <summary>The base64 text as served; null when <c>body</c> is not a JSON string (then <see cref="TextError"/> says why).</summary>
    public string? Base64 { get; }

    public string? TextError { get; }

    /// <summary>SHA-256(0x00 ‖ decoded body); null when the text is not base64 (then <see cref="LeafError"/> says why).</summary>
    public Hash32? LeafHash { get; }

    public string? LeafError { get; }

    /// <summary>Reads <paramref name="body"/>, which the generated model types as any JSON value (see openapi.yaml);
    /// on the wire it is standard padded base64 of the canonical entry.</summary>
    public static EntryBody Read(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.String)
        {
            var error = body.ValueKind == JsonValueKind.Undefined
                ? "the entry has no body"
                : $"the body is a JSON {body.ValueKind}, not a base64 string";
            return new EntryBody(null, error, null, error);
        }

        if (!SchemaChecks.TryGetText(body, out var text))
        {
            const string NotText = "the body is a JSON string that is not valid Unicode text";
            return new EntryBody(null, NotText, null, NotText);
        }

        var bytes = new byte[text.Length / 4 * 3];
        if (text.Length == 0 || !Convert.TryFromBase64String(text, bytes, out var written))
        {
            return new EntryBody(text, null, null, "the body is not standard padded base64");
        }

        return new EntryBody(text, null, Rfc6962.HashLeaf(bytes.AsSpan(0, written)), null);
    }
}
