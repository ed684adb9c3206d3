using System.Text;

namespace Rekor.Server.Tests.Hostile;

/// <summary>Bytes to put where a JSON value or member name goes (not necessarily valid JSON), and a label for reports.</summary>
internal sealed record RawJson(byte[] Bytes, string Label)
{
    /// <summary>Text written as is: <c>Text("1e400")</c> is the number, <c>Text("\"\\ud800\"")</c> a string holding a lone surrogate escape.</summary>
    public static RawJson Text(string text, string? label = null) => new(Encoding.UTF8.GetBytes(text), label ?? text);

    /// <summary>A JSON string whose content is <paramref name="content"/> as raw bytes, between quotes, unescaped.</summary>
    public static RawJson StringOfBytes(byte[] content, string label) => new([(byte)'"', .. content, (byte)'"'], label);

    /// <summary>A well-formed JSON string of <paramref name="value"/>.</summary>
    public static RawJson String(string value, string? label = null) =>
        new(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(value), label ?? "\"" + (value.Length > 40 ? value[..40] + "…" : value) + "\"");

    public override string ToString() => Label;
}
