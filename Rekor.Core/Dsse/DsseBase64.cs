using System.Text;
using Rekor.Core.Pki.Minisign;

namespace Rekor.Core.Dsse;

/// <summary>
/// The two base64 readings the DSSE code paths of Rekor use: Go's <c>base64.StdEncoding</c> (padded standard
/// alphabet, CR and LF skipped), and go-securesystemslib's lenient <c>b64Decode</c>, which tries that and then the
/// padded URL-safe alphabet. Work on the envelope's text as UTF-8, so any non-ASCII character is refused.
/// </summary>
internal static class DsseBase64
{
    public static bool TryDecodeStandard(ReadOnlySpan<byte> text, out byte[] bytes) => GoBase64.TryDecode(text, out bytes);

    public static bool TryDecodeStandard(string text, out byte[] bytes) => GoBase64.TryDecode(Encoding.UTF8.GetBytes(text), out bytes);

    /// <summary>go-securesystemslib's <c>b64Decode</c>: standard alphabet, else URL-safe alphabet, both padded.</summary>
    public static bool TryDecodeStandardOrUrl(ReadOnlySpan<byte> text, out byte[] bytes)
    {
        if (GoBase64.TryDecode(text, out bytes))
        {
            return true;
        }

        // The URL-safe alphabet has '-' and '_' where the standard one has '+' and '/', and no '+' or '/'.
        if (text.IndexOfAny("+/"u8) >= 0)
        {
            return false;
        }

        var translated = text.ToArray();
        translated.AsSpan().Replace((byte)'-', (byte)'+');
        translated.AsSpan().Replace((byte)'_', (byte)'/');
        return GoBase64.TryDecode(translated, out bytes);
    }

    public static bool TryDecodeStandardOrUrl(string text, out byte[] bytes) => TryDecodeStandardOrUrl(Encoding.UTF8.GetBytes(text), out bytes);
}
