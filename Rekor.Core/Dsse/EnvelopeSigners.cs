using System.Diagnostics.CodeAnalysis;
using Rekor.Core.Pki.X509;

namespace Rekor.Core.Dsse;

/// <summary>
/// Which of the given x509 keys signed which signature of a DSSE envelope, found as Rekor's <c>verifyEnvelope</c>
/// (dsse 0.0.1, intoto 0.0.2) finds it: each key in turn is read as x509 material and tried as a one-key envelope
/// verifier over the PAE (<see cref="Pki.X509.X509PublicKey.TryVerifyMessage"/>: ECDSA, DER or IEEE P1363, and RSA PKCS#1 v1.5 over
/// SHA-256 whatever the curve, Ed25519 pure; no certificate chain is checked), accepting the first signature it verifies; a key that verifies none fails the whole envelope;
/// in the end every signature must have been accepted by some key.
/// </summary>
public static class EnvelopeSigners
{
    /// <summary>
    /// Finds the signer of each signature. With stopWhenAllSigned (dsse), keys after the point where every signature
    /// has a signer are not read at all; without it (intoto 0.0.2) every key must verify. The envelope is the
    /// decoding, or null with decodeError when decoding failed: that failure is reported when the first key is tried,
    /// after that key was read, as Rekor reports it. The signers are, for each envelope signature in order, the key
    /// that verified it (the last one, if several did).
    /// </summary>
    public static bool TryFind(
        IReadOnlyList<ReadOnlyMemory<byte>> keys,
        DecodedEnvelope? envelope,
        string? decodeError,
        bool stopWhenAllSigned,
        [NotNullWhen(true)] out IReadOnlyList<X509Verifier>? signers,
        [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(keys);
        signers = null;
        var unsigned = new HashSet<string>(StringComparer.Ordinal);
        var signerOfText = new Dictionary<string, X509Verifier>(StringComparer.Ordinal);
        for (var i = 0; i < (envelope?.SignatureCount ?? 0); i++)
        {
            unsigned.Add(envelope!.SignatureText(i));
        }

        foreach (var keyPem in keys)
        {
            if (stopWhenAllSigned && envelope is not null && unsigned.Count == 0)
            {
                break;
            }

            if (!X509Verifier.TryParse(keyPem.Span, out var key, out var keyError))
            {
                error = "could not parse public key as x509: " + keyError;
                return false;
            }

            if (key.PublicKey.Algorithm == PublicKeyAlgorithm.Unsupported)
            {
                error = "could not load verifier: unsupported public key type";
                return false;
            }

            if (envelope is null)
            {
                error = "could not verify envelope: " + (decodeError ?? "no envelope");
                return false;
            }

            var accepted = envelope.FirstAcceptedBy(
                (signature, signedBytes) => key.PublicKey.TryVerifyMessage(signature, signedBytes, out _), verifierKeyId: null, out var verifyError);
            if (accepted < 0)
            {
                error = "could not verify envelope: " + verifyError;
                return false;
            }

            var text = envelope.SignatureText(accepted);
            unsigned.Remove(text);
            signerOfText[text] = key;
        }

        if (envelope is null || unsigned.Count > 0)
        {
            error = "all signatures must have a key that verifies it";
            return false;
        }

        signers = [.. Enumerable.Range(0, envelope.SignatureCount).Select(i => signerOfText[envelope.SignatureText(i)])];
        error = null;
        return true;
    }
}
