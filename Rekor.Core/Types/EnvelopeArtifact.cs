using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Rekor.Core.Types;

/// <summary>
/// What the DSSE kinds (dsse, intoto) build an entry from on the client side: the envelope's JSON text exactly as
/// given (<see cref="ArtifactInput.Signature"/>, or <see cref="ArtifactInput.Artifact"/> as rekor-cli's
/// <c>--artifact</c>), and the keys or certificates (<see cref="ArtifactInput.VerificationMaterial"/>, then
/// <see cref="ArtifactInput.VerificationMaterials"/>).
/// </summary>
internal sealed record EnvelopeArtifact(string Text, ReadOnlyMemory<byte> Bytes, IReadOnlyList<ReadOnlyMemory<byte>> Keys)
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static bool TryRead(ArtifactInput input, [NotNullWhen(true)] out EnvelopeArtifact? artifact, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(input);
        artifact = null;
        if ((input.Signature ?? input.Artifact) is not { Length: > 0 } bytes)
        {
            error = "the DSSE envelope must be provided";
            return false;
        }

        var keys = new List<ReadOnlyMemory<byte>>();
        if (input.VerificationMaterial is { } single)
        {
            keys.Add(single);
        }

        keys.AddRange(input.VerificationMaterials ?? []);
        try
        {
            artifact = new EnvelopeArtifact(StrictUtf8.GetString(bytes.Span), bytes, keys);
            error = null;
            return true;
        }
        catch (DecoderFallbackException)
        {
            error = "the DSSE envelope is not UTF-8 text";
            return false;
        }
    }
}
