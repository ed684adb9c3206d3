using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Rekor.Core.Dsse;

/// <summary>
/// A DSSE envelope decoded for verification as go-securesystemslib's <c>EnvelopeVerifier.VerifyAndDecode</c> decodes
/// it (the library every Rekor DSSE path uses): the payload and every signature read with the lenient base64 (standard,
/// else URL-safe), and the pre-authentication encoding built once. Decoding fails as the library fails, before any key
/// is tried: no signature, or any payload or signature that is not base64. Immutable.
/// </summary>
public sealed class DecodedEnvelope
{
    /// <summary>go-securesystemslib's message for every base64 failure, payload or signature.</summary>
    public const string Base64Error = "unable to base64 decode payload (is payload in the right format?)";

    private readonly byte[][] _signatures;
    private readonly string[] _keyIds;
    private readonly string[] _signatureTexts;

    private DecodedEnvelope(string payloadType, byte[] payload, byte[][] signatures, string[] keyIds, string[] signatureTexts)
    {
        PayloadType = payloadType;
        Payload = payload;
        _signatures = signatures;
        _keyIds = keyIds;
        _signatureTexts = signatureTexts;
        SignedBytes = Pae.Encode(payloadType, payload);
    }

    public string PayloadType { get; }

    /// <summary>The decoded payload (the body the signatures are over, inside the PAE).</summary>
    public ReadOnlyMemory<byte> Payload { get; }

    /// <summary>PAE(payloadType, payload): what each signature signs.</summary>
    public ReadOnlyMemory<byte> SignedBytes { get; }

    /// <summary>How many signatures the envelope has, in envelope order (duplicates included).</summary>
    public int SignatureCount => _signatures.Length;

    /// <summary>Decodes an envelope whose payload and signatures are strings (dsse, intoto 0.0.1).</summary>
    public static bool TryDecode(DsseEnvelope envelope, [NotNullWhen(true)] out DecodedEnvelope? decoded, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        return TryDecode(
            envelope.PayloadType,
            Encoding.UTF8.GetBytes(envelope.Payload),
            [.. envelope.Signatures.Select(s => (s.KeyId, Encoding.UTF8.GetBytes(s.Sig)))],
            out decoded,
            out error);
    }

    /// <summary>
    /// Decodes an envelope whose payload and signature texts are given as bytes (intoto 0.0.2 carries them base64
    /// encoded once more, so they arrive as the bytes of the DSSE base64 text).
    /// </summary>
    public static bool TryDecode(
        string payloadType,
        ReadOnlySpan<byte> payloadText,
        IReadOnlyList<(string KeyId, byte[] SigText)> signatures,
        [NotNullWhen(true)] out DecodedEnvelope? decoded,
        [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(payloadType);
        ArgumentNullException.ThrowIfNull(signatures);
        decoded = null;
        if (signatures.Count == 0)
        {
            error = "no signature found";
            return false;
        }

        if (!DsseBase64.TryDecodeStandardOrUrl(payloadText, out var payload))
        {
            error = Base64Error;
            return false;
        }

        var signatureBytes = new byte[signatures.Count][];
        for (var i = 0; i < signatures.Count; i++)
        {
            if (!DsseBase64.TryDecodeStandardOrUrl(signatures[i].SigText, out signatureBytes[i]))
            {
                error = Base64Error;
                return false;
            }
        }

        decoded = new DecodedEnvelope(
            payloadType, payload, signatureBytes, [.. signatures.Select(s => s.KeyId)], [.. signatures.Select(s => Encoding.Latin1.GetString(s.SigText))]);
        error = null;
        return true;
    }

    /// <summary>
    /// The signature's base64 text, one character per byte (Latin-1), as an identity: Rekor keys signatures by this
    /// text, so two signatures with the same text are one signature to it.
    /// </summary>
    public string SignatureText(int index) => _signatureTexts[index];

    /// <summary>
    /// What one key accepts, as an <c>EnvelopeVerifier</c> with that key alone (threshold 1) accepts: the first
    /// signature in envelope order that <paramref name="verify"/> accepts over <see cref="SignedBytes"/>, and no more
    /// (the library drops a key once it has accepted a signature). A signature whose key hint is not empty and differs
    /// from <paramref name="verifierKeyId"/> is skipped without being tried; a null key id (Rekor's dsse and intoto
    /// 0.0.2 verifiers have none) tries every signature. Returns the signature's index, or -1 with the library's message.
    /// </summary>
    public int FirstAcceptedBy(SignatureCheck verify, string? verifierKeyId, out string? error)
    {
        ArgumentNullException.ThrowIfNull(verify);
        for (var i = 0; i < _signatures.Length; i++)
        {
            if (verifierKeyId is not null && _keyIds[i].Length > 0 && _keyIds[i] != verifierKeyId)
            {
                continue;
            }

            if (verify(_signatures[i], SignedBytes.Span))
            {
                error = null;
                return i;
            }
        }

        error = "accepted signatures do not match threshold, Found: 0, Expected 1";
        return -1;
    }

    /// <summary>Verifies a signature over the signed bytes.</summary>
    public delegate bool SignatureCheck(ReadOnlySpan<byte> signature, ReadOnlySpan<byte> signedBytes);
}
