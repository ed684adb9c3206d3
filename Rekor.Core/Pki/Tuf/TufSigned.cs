using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;
using Rekor.Core.Canonical;

namespace Rekor.Core.Pki.Tuf;

/// <summary>
/// A signed TUF document (<c>{"signed": {...}, "signatures": [{"keyid", "sig"}]}</c>) read as go-tuf v0.7's
/// <c>data.Signed</c> and Rekor's <c>pkg/pki/tuf</c> read it: the <c>signed</c> object with its <c>_type</c> (the role),
/// <c>version</c>, <c>expires</c> and <c>spec_version</c>; each signature's key ID and hex signature. Its canonical value
/// is Rekor's: RFC 8785 JSON of <c>{"signed", "signatures"}</c>, other top-level members and signature members dropped.
/// </summary>
public sealed class TufSigned
{
    /// <summary>Nesting deeper than this is refused rather than read.</summary>
    private const int MaxDepth = 64;

    private TufSigned(JsonElement signed, IReadOnlyList<(string KeyId, byte[] Signature)> signatures, string role, long version, DateTimeOffset expires, string specVersion, byte[] canonical)
    {
        Body = signed;
        Signatures = signatures;
        Role = role;
        Version = version;
        Expires = expires;
        SpecVersion = specVersion;
        CanonicalValue = canonical;
    }

    /// <summary>The <c>signed</c> object (a clone, independent of any document): what the signatures are over.</summary>
    public JsonElement Body { get; }

    internal IReadOnlyList<(string KeyId, byte[] Signature)> Signatures { get; }

    /// <summary><c>signed._type</c>: the role that must sign it (<c>root</c>, <c>targets</c>, <c>snapshot</c>, <c>timestamp</c>).</summary>
    public string Role { get; }

    /// <summary><c>signed.version</c>.</summary>
    public long Version { get; }

    /// <summary><c>signed.expires</c> (the zero time when absent, so already expired).</summary>
    public DateTimeOffset Expires { get; }

    /// <summary><c>signed.spec_version</c>, empty when absent.</summary>
    public string SpecVersion { get; }

    /// <summary>RFC 8785 JSON of <c>{"signatures": [{"keyid", "sig"}], "signed": ...}</c>: what Rekor stores and hashes.</summary>
    public byte[] CanonicalValue { get; }

    /// <summary>Reads a document from its JSON bytes; on failure a message in Go's style and nothing thrown.</summary>
    public static bool TryRead(ReadOnlySpan<byte> json, [NotNullWhen(true)] out TufSigned? read, [NotNullWhen(false)] out string? error)
    {
        read = null;

        // Go would read invalid UTF-8 in strings as U+FFFD (so the bytes signed would not be the bytes sent); refused here.
        if (!System.Text.Unicode.Utf8.IsValid(json))
        {
            error = "invalid UTF-8 in TUF JSON";
            return false;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json.ToArray(), new JsonDocumentOptions { MaxDepth = MaxDepth });
        }
        catch (JsonException e)
        {
            error = "invalid character in TUF JSON: " + e.Message;
            return false;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                error = "json: cannot unmarshal TUF document: not an object";
                return false;
            }

            if (!root.TryGetProperty("signed", out var signed) || signed.ValueKind == JsonValueKind.Null)
            {
                error = "unexpected end of JSON input";
                return false;
            }

            if (signed.ValueKind != JsonValueKind.Object)
            {
                error = "json: cannot unmarshal signed into Go value of type signedMeta";
                return false;
            }

            var signatures = new List<(string, byte[])>();
            if (root.TryGetProperty("signatures", out var list) && list.ValueKind != JsonValueKind.Null)
            {
                if (list.ValueKind != JsonValueKind.Array)
                {
                    error = "json: cannot unmarshal signatures into Go struct field Signed.signatures of type []data.Signature";
                    return false;
                }

                foreach (var signature in list.EnumerateArray())
                {
                    if (signature.ValueKind != JsonValueKind.Object)
                    {
                        error = "json: cannot unmarshal a signature into Go value of type data.Signature";
                        return false;
                    }

                    var keyId = signature.TryGetProperty("keyid", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString()! : "";
                    var sig = Array.Empty<byte>();
                    if (signature.TryGetProperty("sig", out var sigElement) && sigElement.ValueKind != JsonValueKind.Null
                        && (sigElement.ValueKind != JsonValueKind.String || !TufKey.TryHex(sigElement.GetString()!, out sig)))
                    {
                        error = "tuf: invalid JSON hex bytes";
                        return false;
                    }

                    signatures.Add((keyId, sig));
                }
            }

            if (!TryReadMeta(signed, out var role, out var version, out var expires, out var specVersion, out error))
            {
                return false;
            }

            var clone = signed.Clone();
            if (!JsonCanonicalizer.TryCanonicalize(Envelope(clone, signatures), out var canonical, out var canonicalError))
            {
                // Numbers beyond a double, duplicate member names: Go fails on these too, reading or canonicalizing.
                error = "cannot canonicalize the TUF document: " + canonicalError;
                return false;
            }

            read = new TufSigned(clone, signatures, role, version, expires, specVersion, canonical);
            return true;
        }
    }

    /// <summary>Rekor's and go-tuf's <c>signedMeta</c>: <c>_type</c> and <c>spec_version</c> strings, <c>version</c> an integer, <c>expires</c> RFC 3339.</summary>
    private static bool TryReadMeta(JsonElement signed, out string role, out long version, out DateTimeOffset expires, out string specVersion, [NotNullWhen(false)] out string? error)
    {
        role = "";
        version = 0;
        expires = DateTimeOffset.MinValue;
        specVersion = "";
        error = null;
        foreach (var member in signed.EnumerateObject())
        {
            var value = member.Value;
            switch (member.Name)
            {
                case "_type" when value.ValueKind == JsonValueKind.String:
                    role = value.GetString()!;
                    break;
                case "spec_version" when value.ValueKind == JsonValueKind.String:
                    specVersion = value.GetString()!;
                    break;
                case "version" when value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var v):
                    version = v;
                    break;
                case "expires" when value.ValueKind == JsonValueKind.String
                    && DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var e):
                    expires = e;
                    break;
                case "_type" or "spec_version" or "version" or "expires" when value.ValueKind != JsonValueKind.Null:
                    error = $"json: cannot unmarshal {member.Name} into Go struct field signedMeta.{member.Name}";
                    return false;
            }
        }

        return true;
    }

    /// <summary>The document as Go's <c>json.Marshal(data.Signed)</c> writes it, before RFC 8785: only <c>signed</c> and <c>signatures</c>.</summary>
    private static byte[] Envelope(JsonElement signed, IReadOnlyList<(string KeyId, byte[] Signature)> signatures)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WritePropertyName("signed");
            signed.WriteTo(writer);
            writer.WriteStartArray("signatures");
            foreach (var (keyId, signature) in signatures)
            {
                writer.WriteStartObject();
                writer.WriteString("keyid", keyId);
                writer.WriteString("sig", Convert.ToHexStringLower(signature));
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
