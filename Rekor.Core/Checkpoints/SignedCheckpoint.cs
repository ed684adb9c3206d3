using System.Diagnostics.CodeAnalysis;
using System.Text;
using Rekor.Core.Merkle;
using Rekor.Core.Signing;

namespace Rekor.Core.Checkpoints;

/// <summary>
/// A Rekor v1 checkpoint as a signed note (rekor pkg/util/signed_note.go):
/// <code>
/// &lt;origin&gt;\n&lt;size&gt;\n&lt;base64 root&gt;\n[&lt;other line&gt;\n…]\n— &lt;name&gt; &lt;base64(keyHint ‖ signature)&gt;\n[more signature lines]
/// </code>
/// The signature covers the body: every line before the blank line, each with its newline. The parser is strict
/// (it accepts only what Rekor writes, and what every Sigstore client's parser also accepts), keeps the body exactly
/// as received and verifies over those bytes.
/// </summary>
public sealed class SignedCheckpoint
{
    private readonly byte[] _noteBodyUtf8;

    private SignedCheckpoint(Checkpoint checkpoint, string noteBody, IReadOnlyList<NoteSignature> signatures)
    {
        Checkpoint = checkpoint;
        NoteBody = noteBody;
        _noteBodyUtf8 = Encoding.UTF8.GetBytes(noteBody);
        Signatures = signatures;
    }

    public Checkpoint Checkpoint { get; }

    /// <summary>The signed text, exactly as it appeared in the note (equal to <see cref="Checkpoints.Checkpoint.ToNoteBody"/>).</summary>
    public string NoteBody { get; }

    /// <summary>The signature lines in order; at least one.</summary>
    public IReadOnlyList<NoteSignature> Signatures { get; }

    /// <summary>
    /// Signs <paramref name="checkpoint"/> as Rekor does and returns the note text: the body, a blank line, and
    /// <c>— &lt;signerName&gt; base64(keyHint ‖ signature)\n</c>. The signer hashes as its key type requires
    /// (SHA-256 for ECDSA and RSA, none for Ed25519); the key hint is the first 4 bytes of its log ID.
    /// </summary>
    public static async Task<string> SignAsync(Checkpoint checkpoint, string signerName, ILogSigner signer, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        ArgumentNullException.ThrowIfNull(signer);
        if (!NoteText.IsValidSignerName(signerName))
        {
            throw new ArgumentException("a signer name is non-empty, with no white space, '+' or control characters", nameof(signerName));
        }

        var body = checkpoint.ToNoteBody();
        var signature = await signer.SignAsync(Encoding.UTF8.GetBytes(body), ct);
        var line = new NoteSignature(signerName, signer.PublicKey.KeyHint.ToArray(), signature).ToLine();
        return body + "\n" + line + "\n";
    }

    /// <summary>
    /// Parses checkpoint text, or says why it is refused. Accepted: text ending in a newline, with exactly one blank
    /// line; before it an origin (non-empty), a size (decimal, no sign, no leading zeros), a root hash (canonical
    /// base64 of 32 bytes) and any further non-empty lines; after it one or more lines <c>— name base64</c>, whose
    /// base64 (canonical) holds a 4-byte key hint and a signature. No control characters but newlines.
    /// </summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out SignedCheckpoint? checkpoint, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        error = Refusal(text, out checkpoint);
        return error is null;
    }

    /// <exception cref="FormatException">The text is not a well-formed checkpoint (the message says why).</exception>
    public static SignedCheckpoint Parse(string text) =>
        TryParse(text, out var checkpoint, out var error) ? checkpoint : throw new FormatException("not a valid checkpoint: " + error);

    /// <summary>
    /// Whether a signature line with <paramref name="key"/>'s key hint (and, if given, the name
    /// <paramref name="expectedName"/>) is a valid signature of the body by that key. Lines of other signers are
    /// ignored, so a note co-signed by witnesses still verifies.
    /// </summary>
    public bool VerifiedBy(LogKey key, string? expectedName = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        foreach (var signature in Signatures)
        {
            if (key.KeyHint.SequenceEqual(signature.KeyHint)
                && (expectedName is null || string.Equals(expectedName, signature.Name, StringComparison.Ordinal))
                && key.Verify(_noteBodyUtf8, signature.Signature))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The note text again: the body, a blank line and every signature line.</summary>
    public override string ToString() => NoteBody + "\n" + string.Concat(Signatures.Select(s => s.ToLine() + "\n"));

    /// <summary>Null when <paramref name="text"/> is a valid checkpoint (then <paramref name="parsed"/> holds it), else why not.</summary>
    private static string? Refusal(string text, out SignedCheckpoint? parsed)
    {
        parsed = null;
        if (!text.EndsWith('\n'))
        {
            return "a checkpoint ends with a newline";
        }

        var forbidden = NoteText.IndexOfForbidden(text, allowNewline: true);
        if (forbidden >= 0)
        {
            return $"character U+{(int)text[forbidden]:X4} at offset {forbidden} is not allowed in a note";
        }

        var separator = text.IndexOf("\n\n", StringComparison.Ordinal);
        if (separator < 0)
        {
            return "there is no blank line between the body and the signatures";
        }

        if (text.IndexOf("\n\n", separator + 1, StringComparison.Ordinal) >= 0)
        {
            return "there is more than one blank line";
        }

        var noteBody = text[..(separator + 1)];
        var bodyLines = noteBody[..^1].Split('\n');
        if (bodyLines.Length < 3)
        {
            return $"the body has {bodyLines.Length} line(s); a checkpoint has an origin, a tree size and a root hash";
        }

        if (bodyLines[0].Length == 0)
        {
            return "the origin line is empty";
        }

        if (!NoteText.TryParseDecimal(bodyLines[1], out var treeSize))
        {
            return $"the tree size '{bodyLines[1]}' is not a decimal number without sign or leading zeros";
        }

        if (!NoteText.TryParseBase64(bodyLines[2], out var root) || root.Length != Hash32.Length)
        {
            return $"the root hash '{bodyLines[2]}' is not canonical base64 of {Hash32.Length} bytes";
        }

        if (separator + 2 == text.Length)
        {
            return "there is no signature line";
        }

        var signatureLines = text[(separator + 2)..^1].Split('\n');
        var signatures = new List<NoteSignature>(signatureLines.Length);
        foreach (var line in signatureLines)
        {
            var lineError = SignatureLineRefusal(line, out var signature);
            if (lineError is not null)
            {
                return lineError;
            }

            signatures.Add(signature!);
        }

        parsed = new SignedCheckpoint(
            new Checkpoint(bodyLines[0], treeSize, new Hash32(root), bodyLines[3..]),
            noteBody,
            signatures.AsReadOnly());
        return null;
    }

    private static string? SignatureLineRefusal(string line, out NoteSignature? signature)
    {
        signature = null;
        if (line.Length == 0)
        {
            return "there is no signature line";
        }

        if (!line.StartsWith(NoteText.SignaturePrefix, StringComparison.Ordinal))
        {
            return $"the signature line '{line}' does not start with an em dash (U+2014) and a space";
        }

        var rest = line.AsSpan(NoteText.SignaturePrefix.Length);
        var space = rest.IndexOf(' ');
        if (space < 0)
        {
            return $"the signature line '{line}' has no space between the signer name and the signature";
        }

        var name = rest[..space];
        if (!NoteText.IsValidSignerName(name))
        {
            return $"the signer name '{name}' is empty or holds white space or '+'";
        }

        if (!NoteText.TryParseBase64(rest[(space + 1)..], out var blob))
        {
            return $"the signature of '{name}' is not canonical base64";
        }

        if (blob.Length <= LogKey.KeyHintLength)
        {
            return $"the signature of '{name}' has {blob.Length} bytes; it needs a {LogKey.KeyHintLength}-byte key hint and a signature";
        }

        signature = new NoteSignature(name.ToString(), blob[..LogKey.KeyHintLength], blob[LogKey.KeyHintLength..]);
        return null;
    }
}
