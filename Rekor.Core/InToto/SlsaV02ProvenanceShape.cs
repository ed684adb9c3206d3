using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Rekor.Core.Json;

namespace Rekor.Core.InToto;

/// <summary>
/// Whether a JSON value reads without error into in-toto-golang's <c>ProvenanceStatement</c> (v0.11: a statement
/// header and a SLSA 0.2 predicate) with Go's <c>encoding/json</c>: every field the Go struct types is checked for its
/// JSON type (strings, bools, objects, arrays, <c>map[string]string</c> digests, RFC 3339 times); members the struct
/// does not know and its <c>interface{}</c> fields take anything.
/// </summary>
internal static partial class SlsaV02ProvenanceShape
{
    public static bool Reads(JsonElement statement)
    {
        if (statement.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (statement.ValueKind != JsonValueKind.Object
            || !Strings(statement, "_type", "predicateType")
            || !InTotoStatementDigests.TryAddSubjects(statement, withNames: true, []))
        {
            return false;
        }

        if (!Member(statement, "predicate", out var predicate))
        {
            return true;
        }

        return ObjectReads(predicate, PredicateReads);
    }

    private static bool PredicateReads(JsonElement predicate)
    {
        if (!Strings(predicate, "buildType"))
        {
            return false;
        }

        if (Member(predicate, "builder", out var builder) && !ObjectReads(builder, b => Strings(b, "id")))
        {
            return false;
        }

        if (Member(predicate, "invocation", out var invocation) && !ObjectReads(invocation, InvocationReads))
        {
            return false;
        }

        if (Member(predicate, "metadata", out var metadata) && !ObjectReads(metadata, MetadataReads))
        {
            return false;
        }

        if (Member(predicate, "materials", out var materials)
            && !(materials.ValueKind == JsonValueKind.Array && materials.EnumerateArray().All(MaterialReads)))
        {
            return false;
        }

        return true;
    }

    private static bool InvocationReads(JsonElement invocation) =>
        !Member(invocation, "configSource", out var source)
        || ObjectReads(source, s => Strings(s, "uri", "entryPoint") && (!Member(s, "digest", out var digest) || GoJsonFields.IsStringMap(digest)));

    private static bool MetadataReads(JsonElement metadata) =>
        Strings(metadata, "buildInvocationID")
        && Bools(metadata, "reproducible")
        && Times(metadata, "buildStartedOn", "buildFinishedOn")
        && (!Member(metadata, "completeness", out var completeness) || ObjectReads(completeness, c => Bools(c, "parameters", "environment", "materials")));

    private static bool MaterialReads(JsonElement material) =>
        ObjectReads(material, m => Strings(m, "uri") && (!Member(m, "digest", out var digest) || GoJsonFields.IsStringMap(digest)));

    /// <summary>A Go struct (or pointer to one): null reads as empty; an object reads if its fields do; anything else does not.</summary>
    private static bool ObjectReads(JsonElement value, Func<JsonElement, bool> fieldsRead) => value.ValueKind switch
    {
        JsonValueKind.Null => true,
        JsonValueKind.Object => fieldsRead(value),
        _ => false,
    };

    /// <summary>A present member, null included (the type checks need to see null).</summary>
    private static bool Member(JsonElement jsonObject, string name, out JsonElement value) => GoJsonFields.TryGetMember(jsonObject, name, out value);

    private static bool Strings(JsonElement jsonObject, params string[] names) =>
        names.All(name => !Member(jsonObject, name, out var value) || GoJsonFields.IsString(value));

    private static bool Bools(JsonElement jsonObject, params string[] names) =>
        names.All(name => !Member(jsonObject, name, out var value) || GoJsonFields.IsBool(value));

    /// <summary>Go's <c>time.Time.UnmarshalJSON</c>: null, or a JSON string whose raw text between the quotes (escapes not decoded) is RFC 3339.</summary>
    private static bool Times(JsonElement jsonObject, params string[] names) =>
        names.All(name => !Member(jsonObject, name, out var value) || value.ValueKind == JsonValueKind.Null
            || (value.ValueKind == JsonValueKind.String && IsRfc3339(Encoding.UTF8.GetString(JsonMarshal.GetRawUtf8Value(value)[1..^1]))));

    private static bool IsRfc3339(string text)
    {
        var match = Rfc3339().Match(text);
        if (!match.Success)
        {
            return false;
        }

        int Part(string name) => int.Parse(match.Groups[name].ValueSpan, CultureInfo.InvariantCulture);
        var (year, month, day) = (Part("year"), Part("month"), Part("day"));
        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(Math.Max(year, 1), month))
        {
            return false;
        }

        if (Part("hour") > 23 || Part("minute") > 59 || Part("second") > 59)
        {
            return false;
        }

        return !match.Groups["offsetHour"].Success || (Part("offsetHour") <= 23 && Part("offsetMinute") <= 59);
    }

    [GeneratedRegex(@"^(?<year>[0-9]{4})-(?<month>[0-9]{2})-(?<day>[0-9]{2})T(?<hour>[0-9]{2}):(?<minute>[0-9]{2}):(?<second>[0-9]{2})(\.[0-9]+)?(Z|[+-](?<offsetHour>[0-9]{2}):(?<offsetMinute>[0-9]{2}))$", RegexOptions.CultureInvariant)]
    private static partial Regex Rfc3339();
}
