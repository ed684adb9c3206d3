using Rekor.Core.Signing;

namespace Rekor.Core.Checkpoints;

/// <summary>
/// One signature line of a signed note, <c>— &lt;Name&gt; base64(KeyHint ‖ Signature)</c>: the signer's name (Rekor
/// uses its hostname), the 4-byte key hint (first bytes of the signer's log ID) and the raw signature. The arrays are
/// the record's own; treat them as read-only. Equal when name and bytes are.
/// </summary>
public sealed record NoteSignature
{
    public NoteSignature(string name, byte[] keyHint, byte[] signature)
    {
        ArgumentNullException.ThrowIfNull(keyHint);
        ArgumentNullException.ThrowIfNull(signature);
        if (!NoteText.IsValidSignerName(name))
        {
            throw new ArgumentException("a signer name is non-empty, with no white space, '+' or control characters", nameof(name));
        }

        if (keyHint.Length != LogKey.KeyHintLength)
        {
            throw new ArgumentException($"a key hint is {LogKey.KeyHintLength} bytes, not {keyHint.Length}", nameof(keyHint));
        }

        ArgumentOutOfRangeException.ThrowIfZero(signature.Length);
        Name = name;
        KeyHint = keyHint;
        Signature = signature;
    }

    public string Name { get; }

    public byte[] KeyHint { get; }

    public byte[] Signature { get; }

    /// <summary>The line as it appears in the note, without its newline.</summary>
    public string ToLine() => NoteText.SignaturePrefix + Name + " " + Convert.ToBase64String([.. KeyHint, .. Signature]);

    public bool Equals(NoteSignature? other) =>
        other is not null
        && string.Equals(Name, other.Name, StringComparison.Ordinal)
        && KeyHint.AsSpan().SequenceEqual(other.KeyHint)
        && Signature.AsSpan().SequenceEqual(other.Signature);

    public override int GetHashCode() => HashCode.Combine(StringComparer.Ordinal.GetHashCode(Name), BitConverter.ToInt32(KeyHint), Signature.Length);
}
