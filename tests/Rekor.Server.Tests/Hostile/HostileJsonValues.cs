using FsCheck;
using FsCheck.Fluent;

namespace Rekor.Server.Tests.Hostile;

/// <summary>
/// FsCheck generators of what a hostile client puts where a JSON value goes: every other type, numbers beyond any
/// integer or double, empty and huge strings, lone surrogate escapes, raw invalid UTF-8, NUL and control characters,
/// base64 that is invalid or decodes to garbage keys, and wrong values for the members Rekor dispatches on.
/// </summary>
internal static class HostileJsonValues
{
    private static readonly string[] NumberTexts =
    [
        "-1", "0", "-0", "1.5", "0.5", "-0.0", "1e400", "-1e400", "1e-400", "1E+2", "1e3", "9223372036854775807", "9223372036854775808",
        "-9223372036854775808", "-9223372036854775809", "18446744073709551616", "123456789012345678901234567890123456789",
        "1" + new string('0', 400), "0." + new string('0', 400) + "1",
        "01", "+1", "NaN", "Infinity", "-Infinity", "-", "0x10", ".5", "1.", "1e", "1e+", "--1",
    ];

    private static readonly string[] OtherTypeTexts =
    [
        "null", "true", "false", "[]", "{}", "[null]", "[[]]", "{\"\":null}", "[1,\"a\",null,{},[]]", "", "nul", "tru", "[", "{", "]", "}",
        "{\"kind\":\"hashedrekord\"}", "[1,]", "{\"a\":1,}", "/* comment */ 1", "'single'",
    ];

    private static readonly RawJson[] StringValues =
    [
        RawJson.Text("\"\""), RawJson.Text("\" \""), RawJson.Text("\"\\ud800\""), RawJson.Text("\"\\udfff\""), RawJson.Text("\"a\\ud800b\""),
        RawJson.Text("\"\\ud800\\ud800\""), RawJson.Text("\"\\udc00\\ud800\""), RawJson.Text("\"\\ud800\\u0041\""), RawJson.Text("\"\\uD83D\""),
        RawJson.Text("\"\\u0000\""), RawJson.Text("\"abc\\u0000\""), RawJson.Text("\"\\u001f\\u007f\""), RawJson.Text("\"\\uffff\\ufffe\""),
        RawJson.Text("\"\\x41\""), RawJson.Text("\"\\u12\""), RawJson.Text("\"\\\""), RawJson.Text("\"unterminated"),
        RawJson.StringOfBytes([(byte)'a', 0x00, (byte)'b'], "raw NUL in a string"),
        RawJson.StringOfBytes([0x01, 0x1f, 0x7f], "raw control characters in a string"),
        RawJson.StringOfBytes([(byte)'\n'], "raw newline in a string"),
        RawJson.StringOfBytes([0xff], "invalid UTF-8 \\xff"),
        RawJson.StringOfBytes([0xfe, 0xff], "invalid UTF-8 \\xfe\\xff"),
        RawJson.StringOfBytes([0xc0, 0x80], "overlong NUL \\xc0\\x80"),
        RawJson.StringOfBytes([0xe0, 0x80, 0xaf], "overlong '/' \\xe0\\x80\\xaf"),
        RawJson.StringOfBytes([(byte)'a', 0xe2, 0x82], "truncated 3-byte sequence"),
        RawJson.StringOfBytes([0xf0, 0x9f, 0x98], "truncated 4-byte sequence"),
        RawJson.StringOfBytes([0x80, 0x80], "lone continuation bytes"),
        RawJson.StringOfBytes([0xed, 0xa0, 0x80], "UTF-8 encoded surrogate U+D800"),
        RawJson.StringOfBytes([0xf4, 0x90, 0x80, 0x80], "beyond U+10FFFF"),
        RawJson.StringOfBytes([0xf8, 0x88, 0x80, 0x80, 0x80], "5-byte sequence"),
        RawJson.String("\u202emalicious\u202c"), RawJson.String("😀"), RawJson.String("\ufeff"), RawJson.String("<script>alert(1)</script>"),
        RawJson.String("../../../../etc/passwd"), RawJson.String("%00%ff"), RawJson.String("\r\n\r\nHTTP/1.1 200 OK\r\n"),
        RawJson.String("' OR 1=1 --"), RawJson.String("${jndi:ldap://x}"), RawJson.String("\u0000"),
    ];

    private static readonly string[] Kinds =
    [
        "rekord", "hashedrekord", "intoto", "dsse", "rpm", "jar", "alpine", "helm", "cose", "tuf", "rfc3161", "HASHEDREKORD", "hashedRekord",
        "", " hashedrekord", "hashedrekord ", "recipe", "greeting", "__proto__", "hashedrekord\u0000",
    ];

    private static readonly string[] ApiVersions =
    [
        "0.0.1", "0.0.2", "0.0.3", "0.0.0", "1.0.0", "9.9.9", "0.0.1-rc1", "v0.0.1", "0.0", "0.0.1.0", "", "00.0.1", "0.0.01", "0.0.1 ",
        "99999999999999999999.0.0", "-1.0.0", "0.0.1+build", "*",
    ];

    private static readonly string[] Algorithms = ["sha256", "sha384", "sha512", "sha1", "md5", "SHA256", "", "sha3-256", "sha256\u0000", "sha 256"];

    private static readonly string[] Formats = ["x509", "pgp", "minisign", "ssh", "tuf", "X509", "pkcs7", "", "x509\u0000", "x509 "];

    private static readonly string[] Operators = ["and", "or", "AND", "Or", "xor", "", "and\u0000", "not"];

    private static readonly string[] Emails =
    [
        "a@b", "", "@", "appu@google.com", "APPU@GOOGLE.COM", new string('a', 300) + "@example.com", "\"<>\"@x", "x@ünicode.example", "a@b@c",
        "a\u0000@b", "*", "%",
    ];

    private static readonly string[] InvalidBase64 = ["!!!!", "abc", "a", "====", "YQ", "Y Q==", "YQ==YQ==", "-_-_", "YWJj\n", "=", "AAAA====", "\u00e9\u00e9\u00e9\u00e9"];

    /// <summary>Any hostile value, whatever the member.</summary>
    public static Gen<RawJson> Any { get; } = Gen.Frequency(
        (8, Gen.Elements(NumberTexts).Select(t => RawJson.Text(t))),
        (6, Gen.Elements(OtherTypeTexts).Select(t => RawJson.Text(t, t.Length == 0 ? "nothing" : t))),
        (12, Gen.Elements(StringValues)),
        (4, Base64()),
        (1, Huge()));

    /// <summary>Hostile values aimed at what the member named <paramref name="name"/> (or the array it is an item of) holds.</summary>
    public static Gen<RawJson> For(string? name) => name switch
    {
        "kind" => Gen.Frequency((3, Strings(Kinds)), (1, Any)),
        "apiVersion" => Gen.Frequency((3, Strings(ApiVersions)), (1, Any)),
        "content" or "signature" or "envelope" or "payload" => Gen.Frequency((4, Base64()), (1, Any)),
        "value" or "hash" => Gen.Frequency((3, HexStrings()), (1, Any)),
        "algorithm" => Gen.Frequency((3, Strings(Algorithms)), (1, Any)),
        "format" => Gen.Frequency((3, Strings(Formats)), (1, Any)),
        "operator" => Gen.Frequency((3, Strings(Operators)), (1, Any)),
        "email" or "subject" => Gen.Frequency((3, Strings(Emails)), (1, Any)),
        "entryUUIDs" => Gen.Frequency((3, HexStrings()), (1, Any)),
        _ => Any,
    };

    /// <summary>Member names to rename to or add: near-misses of <paramref name="original"/>, Rekor's own names, and names no decoder should accept.</summary>
    public static Gen<RawJson> Names(string? original)
    {
        var near = original is null
            ? []
            : new[] { original.ToUpperInvariant(), original + " ", " " + original, original + "\u0000", original[..^1], original + original };
        return Gen.Frequency(
            (3, Strings([.. near, "kind", "apiVersion", "spec", "data", "signature", "entries", "logIndexes", "entryUUIDs", "hash", "publicKey"])),
            (2, Gen.Elements(
                RawJson.Text("\"\"", "empty name"),
                RawJson.Text("\"\\ud800\"", "lone surrogate name"),
                RawJson.StringOfBytes([0xff, 0xfe], "invalid UTF-8 name"),
                RawJson.StringOfBytes([(byte)'k', 0x00], "raw NUL in a name"),
                RawJson.String("__proto__"),
                RawJson.String("$ref"),
                RawJson.String(new string('n', 5_000), "a 5000-character name"),
                RawJson.Text("kind", "an unquoted name"),
                RawJson.Text("1", "a number as a name"))));
    }

    private static Gen<RawJson> Strings(string[] values) => Gen.Elements(values).Select(v => RawJson.String(v));

    /// <summary>Base64 that is not base64, and base64 of garbage keys, signatures and certificates.</summary>
    private static Gen<RawJson> Base64() => Gen.Frequency(
        (2, Gen.Elements(InvalidBase64).Select(t => RawJson.String(t, "invalid base64 \"" + t + "\""))),
        (2, Gen.Elements(GarbageKeyMaterial.Blobs.ToArray()).Select(b => RawJson.String(Convert.ToBase64String(b.Bytes), "base64 of " + b.Label))),
        (2, Gen.Choose(0, 600).SelectMany(length => Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), length))
            .Select(bytes => RawJson.String(Convert.ToBase64String(bytes), $"base64 of {bytes.Length} random bytes"))));

    private static Gen<RawJson> HexStrings() => Gen.Elements(
        RawJson.String(new string('g', 64), "64 non-hex"),
        RawJson.String(new string('A', 64), "64 uppercase hex"),
        RawJson.String(new string('a', 63), "63 hex"),
        RawJson.String(new string('a', 65), "65 hex"),
        RawJson.String(new string('a', 80), "80 hex"),
        RawJson.String("0000000000000000" + new string('a', 64), "80 hex, tree ID 0"),
        RawJson.String("ffffffffffffffff" + new string('a', 64), "80 hex, tree ID 2^64-1"),
        RawJson.String(new string('a', 128), "128 hex"),
        RawJson.String("sha256:" + new string('a', 64)),
        RawJson.String("sha256:" + new string('a', 63)),
        RawJson.String("sha512:" + new string('a', 64)),
        RawJson.String("md5:" + new string('a', 32)),
        RawJson.String(":"),
        RawJson.String(""));

    /// <summary>Large values: strings of 4 KiB to 300 KiB (some of lone surrogate escapes), a 100,000-item array, 10,000 digits.</summary>
    private static Gen<RawJson> Huge() => Gen.Elements(4_096, 65_536, 300_000).SelectMany(size => Gen.Choose(0, 3).Select(shape => shape switch
    {
        0 => RawJson.String(new string('A', size), $"a {size}-character string"),
        1 => RawJson.Text("\"" + string.Concat(Enumerable.Repeat("\\ud800", size / 6)) + "\"", $"{size / 6} lone surrogate escapes"),
        2 => RawJson.Text("[" + string.Join(',', Enumerable.Repeat("0", 100_000)) + "]", "an array of 100,000 zeros"),
        _ => RawJson.Text(new string('9', 10_000), "a number of 10,000 digits"),
    }));
}
