using FsCheck;
using FsCheck.Fluent;

namespace Rekor.Server.Tests.Hostile;

/// <summary>One change to a body's bytes, below JSON: truncation, flipped bits, and bytes no JSON or UTF-8 allows.</summary>
internal sealed record ByteMutation(string Label, Func<byte[], byte[]> Apply)
{
    private static readonly (byte[] Bytes, string Label)[] Insertions =
    [
        ([0xff], "\\xff"), ([0xfe], "\\xfe"), ([0xc0, 0x80], "overlong NUL \\xc0\\x80"), ([0xe2, 0x82], "truncated \\xe2\\x82"),
        ([0xf0, 0x9f, 0x98], "truncated \\xf0\\x9f\\x98"), ([0x80], "lone continuation \\x80"), ([0xed, 0xa0, 0x80], "encoded surrogate \\xed\\xa0\\x80"),
        ([0x00], "NUL"), ([0x01], "\\x01"), ([0x1b], "ESC"), ([0x7f], "DEL"), ([(byte)'\r', (byte)'\n'], "CRLF"),
        ("\\ud800"u8.ToArray(), "\\ud800 escape"), ("\\udfff"u8.ToArray(), "\\udfff escape"), ([0xef, 0xbb, 0xbf], "a byte order mark"),
        ("\""u8.ToArray(), "a quote"), ("\\"u8.ToArray(), "a backslash"), ("{"u8.ToArray(), "{"), ("]"u8.ToArray(), "]"), (","u8.ToArray(), "a comma"),
        (":"u8.ToArray(), "a colon"), ("1e400"u8.ToArray(), "1e400"),
    ];

    /// <summary>Byte-level mutations of <paramref name="body"/>; positions are drawn from its length.</summary>
    public static Gen<ByteMutation> For(byte[] body)
    {
        if (body.Length == 0)
        {
            return Gen.Elements(Insertions).Select(i => new ByteMutation("an empty body plus " + i.Label, _ => i.Bytes));
        }

        var afterQuotes = body.Select((b, i) => (b, i)).Where(p => p.b == (byte)'"').Select(p => p.i + 1).ToArray();
        var insideStrings = afterQuotes.Length > 0 ? Gen.Elements(afterQuotes) : Gen.Choose(0, body.Length);
        return Gen.Frequency(
            (3, Gen.Choose(0, body.Length - 1).Select(at => new ByteMutation($"truncate at byte {at}", b => b[..at]))),
            (3, Gen.Choose(1, 4).SelectMany(n => Gen.ListOf(Gen.Zip(Gen.Choose(0, body.Length - 1), Gen.Choose(1, 255)), n)).Select(flips => new ByteMutation(
                "flip " + string.Join(", ", flips.Select(f => $"byte {f.Item1} ^ 0x{f.Item2:x2}")),
                b =>
                {
                    var copy = (byte[])b.Clone();
                    foreach (var (at, mask) in flips)
                    {
                        copy[at] ^= (byte)mask;
                    }

                    return copy;
                }))),
            (2, Gen.Zip(Gen.Choose(0, body.Length), Gen.Elements(Insertions)).Select(p => Insert(p.Item1, p.Item2))),
            (4, Gen.Zip(insideStrings, Gen.Elements(Insertions)).Select(p => Insert(p.Item1, p.Item2))));
    }

    private static ByteMutation Insert(int at, (byte[] Bytes, string Label) insertion) =>
        new($"insert {insertion.Label} at byte {at}", b => [.. b[..at], .. insertion.Bytes, .. b[at..]]);
}
