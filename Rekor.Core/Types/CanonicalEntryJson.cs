using System.Buffers;
using System.Text.Json;
using Rekor.Core.Canonical;

namespace Rekor.Core.Types;

/// <summary>
/// Writes an entry's leaf bytes: <c>{"apiVersion","kind","spec"}</c> in RFC 8785 form, as Rekor's
/// <c>CanonicalizeEntry</c> does (Go's JSON, then JCS). The spec is written by the kind; member order and string
/// escaping are fixed by the JCS pass, so the kind only has to write the right members.
/// </summary>
internal static class CanonicalEntryJson
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
        SkipValidation = false,
    };

    public static byte[] Write(string kind, string apiVersion, Action<Utf8JsonWriter> writeSpec)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("apiVersion", apiVersion);
            writer.WriteString("kind", kind);
            writer.WritePropertyName("spec");
            writer.WriteStartObject();
            writeSpec(writer);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return JsonCanonicalizer.Canonicalize(buffer.WrittenSpan);
    }
}
