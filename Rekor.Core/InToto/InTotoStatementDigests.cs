using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Rekor.Core.Json;

namespace Rekor.Core.InToto;

/// <summary>
/// The artifact digests an in-toto statement names, as <c>alg:digest</c> strings in document order, read the ways
/// Rekor reads them with Go's <c>encoding/json</c> (see <see cref="GoJsonFields"/>): a statement that does not read
/// into Rekor's Go struct yields nothing from that struct. Knows nothing of the log; the case is kept as written.
/// </summary>
public static class InTotoStatementDigests
{
    /// <summary>The DSSE payload type of an in-toto statement (in-toto-golang's <c>PayloadType</c>).</summary>
    public const string PayloadType = "application/vnd.in-toto+json";

    /// <summary>
    /// dsse 0.0.1's reading: <c>subject[].digest</c> entries, then <c>predicate.materials[].digest</c> entries. Nothing
    /// at all if the subjects do not read; no materials if the predicate does not read as an object with materials.
    /// </summary>
    public static IReadOnlyList<string> SubjectsAndPredicateMaterials(ReadOnlySpan<byte> statementJson)
    {
        var keys = new List<string>();
        using var document = Parse(statementJson);
        if (document is null || !TryAddSubjects(document.RootElement, withNames: false, keys))
        {
            return [];
        }

        if (document.RootElement.ValueKind == JsonValueKind.Object
            && Field(document.RootElement, "predicate", out var predicate))
        {
            var materials = new List<string>();
            if (TryAddMaterials(predicate, materials))
            {
                keys.AddRange(materials);
            }
        }

        return keys;
    }

    /// <summary>
    /// intoto's statement reading: the <c>subject[].digest</c> entries, or false with Go's kind of message when the
    /// payload does not read into <c>{subject: [{digest: map[string]string}]}</c>.
    /// </summary>
    public static bool TryReadSubjectDigests(ReadOnlySpan<byte> statementJson, [NotNullWhen(true)] out IReadOnlyList<string>? digests, [NotNullWhen(false)] out string? error)
    {
        digests = null;
        using var document = Parse(statementJson);
        if (document is null)
        {
            error = "the payload is not valid JSON";
            return false;
        }

        var keys = new List<string>();
        if (!TryAddSubjects(document.RootElement, withNames: false, keys))
        {
            error = "json: the payload does not read as an in-toto statement (subject[].digest)";
            return false;
        }

        digests = keys;
        error = null;
        return true;
    }

    /// <summary>
    /// The statement index keys both intoto versions add: for an in-toto payload type, the subject digests and, when
    /// the payload is a SLSA 0.2 provenance statement, its material digests; nothing for another payload type or a
    /// payload that does not read as a statement.
    /// </summary>
    public static IReadOnlyList<string> IntotoIndexKeys(string payloadType, ReadOnlySpan<byte> payload)
    {
        if (payloadType != PayloadType || !TryReadSubjectDigests(payload, out var subjects, out _))
        {
            return [];
        }

        return [.. subjects, .. SlsaV02MaterialDigests(payload)];
    }

    /// <summary>
    /// intoto's SLSA reading: <c>predicate.materials[].digest</c> entries when the whole payload reads into
    /// in-toto-golang's <c>ProvenanceStatement</c> (a SLSA 0.2 provenance statement, every typed field of the right
    /// type, times in RFC 3339); nothing otherwise.
    /// </summary>
    public static IReadOnlyList<string> SlsaV02MaterialDigests(ReadOnlySpan<byte> statementJson)
    {
        using var document = Parse(statementJson);
        if (document is null || !SlsaV02ProvenanceShape.Reads(document.RootElement))
        {
            return [];
        }

        var keys = new List<string>();
        if (document.RootElement.ValueKind == JsonValueKind.Object && Field(document.RootElement, "predicate", out var predicate))
        {
            TryAddMaterials(predicate, keys);
        }

        return keys;
    }

    /// <summary>Go's <c>json.Unmarshal</c> syntax check: null when the text is not one JSON value (a UTF-8 BOM included, which Go refuses).</summary>
    private static JsonDocument? Parse(ReadOnlySpan<byte> json)
    {
        if (json.StartsWith("\xEF\xBB\xBF"u8))
        {
            return null;
        }

        try
        {
            return JsonDocument.Parse(json.ToArray(), new JsonDocumentOptions { MaxDepth = Dsse.DsseEnvelope.MaxDepth });
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Reads <c>{subject: [{name?, digest}]}</c> (null anywhere is empty); false on a value of the wrong type.</summary>
    internal static bool TryAddSubjects(JsonElement statement, bool withNames, List<string> keys)
    {
        if (statement.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (statement.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        return !Field(statement, "subject", out var subjects) || TryAddDigestList(subjects, withNames ? "name" : null, keys);
    }

    /// <summary>Reads <c>{materials: [{digest}]}</c> from a predicate (other members unchecked); false on a value of the wrong type.</summary>
    internal static bool TryAddMaterials(JsonElement predicate, List<string> keys)
    {
        if (predicate.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (predicate.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        return !Field(predicate, "materials", out var materials) || TryAddDigestList(materials, stringField: null, keys);
    }

    /// <summary>An array of objects with a digest map and an optional string member (checked only for its type).</summary>
    private static bool TryAddDigestList(JsonElement list, string? stringField, List<string> keys)
    {
        if (list.ValueKind != JsonValueKind.Array)
        {
            return false;
        }

        foreach (var item in list.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.Null)
            {
                continue;
            }

            if (item.ValueKind != JsonValueKind.Object)
            {
                return false;
            }

            if (stringField is not null && Field(item, stringField, out var text) && !GoJsonFields.IsString(text))
            {
                return false;
            }

            if (Field(item, "digest", out var digest))
            {
                if (!GoJsonFields.IsStringMap(digest))
                {
                    return false;
                }

                keys.AddRange(GoJsonFields.StringMapEntries(digest).Select(e => e.Key + ":" + e.Value));
            }
        }

        return true;
    }

    private static bool Field(JsonElement jsonObject, string name, out JsonElement value) => GoJsonFields.TryGetField(jsonObject, name, out value);
}
