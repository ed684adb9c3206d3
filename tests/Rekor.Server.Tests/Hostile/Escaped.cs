using System.Globalization;
using System.Text;

namespace Rekor.Server.Tests.Hostile;

/// <summary>Bytes shown in a failure message: printable ASCII as is, everything else as an escape, cut at a limit.</summary>
internal static class Escaped
{
    public static string Bytes(ReadOnlySpan<byte> bytes, int limit = 200)
    {
        var text = new StringBuilder();
        foreach (var b in bytes[..Math.Min(bytes.Length, limit)])
        {
            text.Append(b switch
            {
                (byte)'\r' => "\\r",
                (byte)'\n' => "\\n",
                (byte)'\t' => "\\t",
                (byte)'\\' => "\\\\",
                >= 0x20 and < 0x7f => ((char)b).ToString(),
                _ => $"\\x{b:x2}",
            });
        }

        if (bytes.Length > limit)
        {
            text.Append(CultureInfo.InvariantCulture, $"… ({bytes.Length} bytes)");
        }

        return text.ToString();
    }

    public static string Text(string? text, int limit = 200) => text is null ? "(none)" : Bytes(Encoding.UTF8.GetBytes(text), limit);
}
