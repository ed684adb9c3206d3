using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Rekor.Core.Json;

namespace Rekor.Core.Dsse;

/// <summary>One signature of a DSSE envelope: the key hint and the signature as the envelope's base64 text, exactly as received.</summary>
public sealed record DsseSignature(string KeyId, string Sig);

/// <summary>
/// A DSSE envelope (<c>{payloadType, payload, signatures[{keyid, sig}]}</c>) with its texts exactly as received: the
/// payload and signatures still base64, never re-encoded, since the log hashes and stores those strings. Immutable.
/// </summary>
public sealed record DsseEnvelope(string PayloadType, string Payload, IReadOnlyList<DsseSignature> Signatures)
{
    /// <summary>Go's limit on JSON nesting; a deeper envelope is refused, as Go refuses it.</summary>
    public const int MaxDepth = 10000;

    private const string GoType = "dsse.Envelope";

    /// <summary>
    /// Reads an envelope's JSON text as go-securesystemslib's <c>dsse.Envelope</c> is read by Go's <c>encoding/json</c>:
    /// member names ignore case, unknown members are ignored, null and absent members are empty, a member of the
    /// wrong type is refused with Go's message. Never throws: malformed text gives a message instead.
    /// </summary>
    public static bool TryParse(string json, [NotNullWhen(true)] out DsseEnvelope? envelope, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(json);
        envelope = null;
        if (json.StartsWith('\uFEFF'))
        {
            // .NET would skip a byte order mark; Go's decoder refuses it as an invalid character.
            error = "the envelope is not valid JSON: it starts with a byte order mark";
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = MaxDepth });
            return TryRead(document.RootElement, out envelope, out error);
        }
        catch (JsonException e)
        {
            error = "the envelope is not valid JSON: " + e.Message;
            return false;
        }
        catch (InvalidOperationException e)
        {
            // A string whose escapes are not valid UTF-16 (a lone surrogate) cannot be read as text.
            error = "the envelope holds a string that is not valid text: " + e.Message;
            return false;
        }
    }

    private static bool TryRead(JsonElement root, out DsseEnvelope? envelope, out string? error)
    {
        envelope = null;
        if (root.ValueKind == JsonValueKind.Null)
        {
            envelope = new DsseEnvelope(string.Empty, string.Empty, []);
            error = null;
            return true;
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            error = GoJsonFields.CannotUnmarshalValue(root.ValueKind, GoType);
            return false;
        }

        if (!TryReadString(root, "payloadType", "Envelope.payloadType", out var payloadType, out error)
            || !TryReadString(root, "payload", "Envelope.payload", out var payload, out error))
        {
            return false;
        }

        var signatures = new List<DsseSignature>();
        if (GoJsonFields.TryGetField(root, "signatures", out var array))
        {
            if (array.ValueKind != JsonValueKind.Array)
            {
                error = GoJsonFields.CannotUnmarshalField(array.ValueKind, "Envelope.signatures", "[]dsse.Signature");
                return false;
            }

            foreach (var item in array.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.Null)
                {
                    // Go appends the zero value for a null element.
                    signatures.Add(new DsseSignature(string.Empty, string.Empty));
                    continue;
                }

                if (item.ValueKind != JsonValueKind.Object)
                {
                    error = GoJsonFields.CannotUnmarshalField(item.ValueKind, "Envelope.signatures", "dsse.Signature");
                    return false;
                }

                if (!TryReadString(item, "keyid", "Envelope.signatures.keyid", out var keyId, out error)
                    || !TryReadString(item, "sig", "Envelope.signatures.sig", out var sig, out error))
                {
                    return false;
                }

                signatures.Add(new DsseSignature(keyId, sig));
            }
        }

        envelope = new DsseEnvelope(payloadType, payload, signatures);
        error = null;
        return true;
    }

    private static bool TryReadString(JsonElement jsonObject, string field, string path, out string value, out string? error)
    {
        if (GoJsonFields.TryReadString(jsonObject, field, out value, out var wrongKind))
        {
            error = null;
            return true;
        }

        error = GoJsonFields.CannotUnmarshalField(wrongKind, path, "string");
        return false;
    }
}
