using System.Text.Encodings.Web;
using System.Text.Json;

namespace Rekor.Core.Types;

/// <summary>The JSON settings every Rekor model is read and written with.</summary>
public static class RekorJson
{
    /// <summary>
    /// Property names come from the schemas (attributes on the generated models), so no naming policy;
    /// no HTML escaping, as Go's encoder is configured in Rekor; optional members omitted when absent.
    /// </summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.General)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        PropertyNameCaseInsensitive = false,
    };
}
