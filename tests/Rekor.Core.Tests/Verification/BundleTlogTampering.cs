using System.Globalization;
using System.Text.Json.Nodes;

namespace Rekor.Core.Tests.Verification;

/// <summary>Single changes to a bundle tlog entry's protobuf JSON, each on a fresh copy: one byte of a base64 field
/// flipped (in its decoded form, then encoded again) or one int64 string moved by one.</summary>
internal static class BundleTlogTampering
{
    public static JsonObject With(JsonObject tlog, Action<JsonObject> change)
    {
        var copy = tlog.DeepClone().AsObject();
        change(copy);
        return copy;
    }

    public static JsonObject Proof(JsonObject tlog) => tlog["inclusionProof"]!.AsObject();

    public static JsonObject WithBase64Byte(JsonObject tlog, Func<JsonObject, JsonObject> parent, string name, int position) =>
        With(tlog, t => parent(t)[name] = FlipBase64(parent(t)[name]!.GetValue<string>(), position));

    public static JsonObject WithProofHashByte(JsonObject tlog, int element, int position) =>
        With(tlog, t => Proof(t)["hashes"]![element] = FlipBase64(Proof(t)["hashes"]![element]!.GetValue<string>(), position));

    public static JsonObject WithInt64(JsonObject tlog, Func<JsonObject, JsonObject> parent, string name, long delta) =>
        With(tlog, t => parent(t)[name] = (long.Parse(parent(t)[name]!.GetValue<string>(), CultureInfo.InvariantCulture) + delta).ToString(CultureInfo.InvariantCulture));

    public static string FlipBase64(string base64, int position)
    {
        var bytes = Convert.FromBase64String(base64);
        bytes[position] ^= 0x01;
        return Convert.ToBase64String(bytes);
    }
}
