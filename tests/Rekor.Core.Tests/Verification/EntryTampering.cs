using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Rekor.Core.Checkpoints;

namespace Rekor.Core.Tests.Verification;

/// <summary>
/// Single changes to a log entry's wire JSON, each on a fresh copy: one byte of a field flipped (in its decoded form,
/// then encoded again as the wire has it) or one number moved by one.
/// </summary>
internal static class EntryTampering
{
    /// <summary>Positions to flip in a field of <paramref name="length"/> bytes: all of a short one; the ends, the
    /// middle and 16 evenly spread positions of a long one.</summary>
    public static IEnumerable<int> Sample(int length, int all = 128)
    {
        if (length <= all)
        {
            return Enumerable.Range(0, length);
        }

        var step = length / 16;
        return new[] { 0, 1, length / 2, length - 2, length - 1 }
            .Concat(Enumerable.Range(0, 16).Select(i => (i * step) + (i % step)))
            .Distinct()
            .Order();
    }

    public static JsonObject Copy(JsonObject entry) => entry.DeepClone().AsObject();

    public static JsonObject Proof(JsonObject entry) => entry["verification"]!["inclusionProof"]!.AsObject();

    public static JsonObject WithBodyByte(JsonObject entry, int position) =>
        With(entry, e => e["body"] = FlipBase64(e["body"]!.GetValue<string>(), position));

    public static JsonObject WithSetByte(JsonObject entry, int position) =>
        With(entry, e => e["verification"]!["signedEntryTimestamp"] = FlipBase64(e["verification"]!["signedEntryTimestamp"]!.GetValue<string>(), position));

    public static JsonObject WithNumber(JsonObject entry, string name, long delta) =>
        With(entry, e => e[name] = e[name]!.GetValue<long>() + delta);

    public static JsonObject WithLogIdByte(JsonObject entry, int position) =>
        With(entry, e => e["logID"] = FlipHex(e["logID"]!.GetValue<string>(), position));

    public static JsonObject WithProofHashByte(JsonObject entry, int element, int position) =>
        With(entry, e => Proof(e)["hashes"]![element] = FlipHex(Proof(e)["hashes"]![element]!.GetValue<string>(), position));

    public static JsonObject WithRootHashByte(JsonObject entry, int position) =>
        With(entry, e => Proof(e)["rootHash"] = FlipHex(Proof(e)["rootHash"]!.GetValue<string>(), position));

    public static JsonObject WithProofNumber(JsonObject entry, string name, long delta) =>
        With(entry, e => Proof(e)[name] = Proof(e)[name]!.GetValue<long>() + delta);

    /// <summary>Flips a byte of the checkpoint's UTF-8 text at <paramref name="position"/> (which may leave text
    /// that is not UTF-8; it is then read as a client would, with U+FFFD).</summary>
    public static JsonObject WithCheckpointTextByte(JsonObject entry, int position) =>
        With(entry, e =>
        {
            var bytes = Encoding.UTF8.GetBytes(Proof(e)["checkpoint"]!.GetValue<string>());
            bytes[position] ^= 0x01;
            Proof(e)["checkpoint"] = Encoding.UTF8.GetString(bytes);
        });

    /// <summary>Flips a byte of the first signature line's decoded blob (4-byte key hint, then the signature).</summary>
    public static JsonObject WithCheckpointSignatureByte(JsonObject entry, int position) =>
        With(entry, e =>
        {
            var note = SignedCheckpoint.Parse(Proof(e)["checkpoint"]!.GetValue<string>());
            var signature = note.Signatures[0];
            byte[] blob = [.. signature.KeyHint, .. signature.Signature];
            blob[position] ^= 0x01;
            Proof(e)["checkpoint"] = note.NoteBody + "\n\u2014 " + signature.Name + " " + Convert.ToBase64String(blob) + "\n";
        });

    /// <summary>The key with the hex digit at <paramref name="position"/> changed to another (value XOR 1), so it
    /// stays a well-formed entry ID.</summary>
    public static string KeyWithDigit(string key, int position)
    {
        var value = Convert.ToInt32(key[position].ToString(), 16) ^ 1;
        return key[..position] + value.ToString("x", CultureInfo.InvariantCulture) + key[(position + 1)..];
    }

    public static int CheckpointLength(JsonObject entry) => Encoding.UTF8.GetByteCount(Proof(entry)["checkpoint"]!.GetValue<string>());

    public static int CheckpointBodyLength(JsonObject entry) =>
        Encoding.UTF8.GetByteCount(SignedCheckpoint.Parse(Proof(entry)["checkpoint"]!.GetValue<string>()).NoteBody);

    private static JsonObject With(JsonObject entry, Action<JsonObject> change)
    {
        var copy = Copy(entry);
        change(copy);
        return copy;
    }

    private static string FlipBase64(string base64, int position)
    {
        var bytes = Convert.FromBase64String(base64);
        bytes[position] ^= 0x01;
        return Convert.ToBase64String(bytes);
    }

    private static string FlipHex(string hex, int position)
    {
        var bytes = Convert.FromHexString(hex);
        bytes[position] ^= 0x01;
        return Convert.ToHexStringLower(bytes);
    }
}
