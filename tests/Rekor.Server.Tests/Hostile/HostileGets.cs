using System.Globalization;
using FsCheck;
using FsCheck.Fluent;

namespace Rekor.Server.Tests.Hostile;

/// <summary>
/// FsCheck generators of hostile reads: the entry, proof and public-key endpoints with integers that are not int64,
/// percent-encoded NUL, invalid UTF-8 and surrogates, IDs of every wrong length and tree, repeated and missing
/// parameters; and paths around the API with other methods. Values are written as they go on the wire (already
/// percent-encoded where needed), so what the server decodes is exactly the hostile value.
/// </summary>
internal static class HostileGets
{
    private static readonly string[] OddIntegers =
    [
        "0", "1", "-1", "-0", "%2B1", "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
        "99999999999999999999999", "1e3", "1.0", "1.5", "0x10", "%201", "1%20", "%EF%BC%91", "%00", "1%00", "%ff", "%ed%a0%80", "%e2%82",
        "%C0%80", "", "abc", "null", "%5B%5D", "%22%22", new string('9', 300), "1,2", "1;2", "%0d%0aX-Injected:%201", "%E2%80%AE1", "%u0031",
    ];

    public static Gen<HostileRequest> For(Baseline baseline)
    {
        var integers = Gen.Frequency(
            (6, Gen.Elements(OddIntegers)),
            (2, Gen.Elements(Decimal(baseline.Tree.Size - 1), Decimal(baseline.Tree.Size), Decimal(baseline.Tree.Size + 1))));
        var treeIds = Gen.Frequency(
            (3, Gen.Elements(OddIntegers)),
            (2, Gen.Elements(baseline.Tree.TreeId, "00" + baseline.Tree.TreeId, baseline.Tree.TreeId + "%00", "%2B" + baseline.Tree.TreeId, "18446744073709551615")));
        return Gen.Frequency(
            (3, ByIndex(integers)),
            (3, ById(baseline)),
            (3, Proof(integers, treeIds)),
            (1, PublicKey(treeIds)),
            (1, AroundTheApi()));
    }

    private static Gen<HostileRequest> ByIndex(Gen<string> integers) => Gen.Frequency(
        (5, integers.Select(v => HostileRequest.Get("/api/v1/log/entries?logIndex=" + v, "/api/v1/log/entries?logIndex", "logIndex=" + v))),
        (1, Gen.Zip(integers, integers).Select(p => HostileRequest.Get(
            $"/api/v1/log/entries?logIndex={p.Item1}&logIndex={p.Item2}", "/api/v1/log/entries?logIndex", "logIndex twice"))),
        (1, Gen.Elements("/api/v1/log/entries?LogIndex=0", "/api/v1/log/entries?logindex=0", "/api/v1/log/entries?logIndex", "/api/v1/log/entries?=0&&&",
            "/api/v1/log/entries?logIndex[]=0", "/api/v1/log/entries?logIndex=0#frag")
            .Select(t => HostileRequest.Get(t, "/api/v1/log/entries?logIndex", "parameter spelling"))));

    private static Gen<HostileRequest> ById(Baseline baseline)
    {
        var known = baseline.EntryIds[0];
        var uuid = known[^64..];
        var ids = Gen.Elements(
            known, uuid, known.ToUpperInvariant(), new string('a', 64), "0000000000000000" + uuid, "ffffffffffffffff" + uuid, "7fffffffffffffff" + uuid,
            "8000000000000000" + uuid, uuid[..63], uuid + "a", known[..79], known + "a", new string('g', 64), new string('a', 1_000), new string('a', 6_000),
            "%00", "%ff", "%ed%a0%80", "..", "%2e%2e", "%2e%2e%2f%2e%2e", "a%2Fb", uuid + "%00", "%E2%80%AE" + uuid[3..], "retrieve", "%20" + uuid, "-1",
            "%" + uuid[..63], uuid + "%", "%25" + uuid);
        return ids.Select(id => HostileRequest.Get("/api/v1/log/entries/" + id, "/api/v1/log/entries/{entryUUID}", "entry " + id));
    }

    private static Gen<HostileRequest> Proof(Gen<string> integers, Gen<string> treeIds) =>
        from first in Optional(integers)
        from last in Optional(integers)
        from tree in Optional(treeIds)
        let query = string.Join('&', new[] { ("firstSize", first), ("lastSize", last), ("treeID", tree) }.Where(p => p.Item2 is not null).Select(p => p.Item1 + "=" + p.Item2))
        select HostileRequest.Get("/api/v1/log/proof?" + query, "/api/v1/log/proof", query);

    private static Gen<HostileRequest> PublicKey(Gen<string> treeIds) =>
        Optional(treeIds).Select(tree => tree is null
            ? HostileRequest.Get("/api/v1/log/publicKey", "/api/v1/log/publicKey", "no treeID")
            : HostileRequest.Get("/api/v1/log/publicKey?treeID=" + tree, "/api/v1/log/publicKey", "treeID=" + tree));

    /// <summary>Neighbouring paths and other methods: 404s and 405s, which must be Rekor's JSON too.</summary>
    private static Gen<HostileRequest> AroundTheApi() =>
        from path in Gen.Elements(
            "/api/v1/log/", "/api/v1/log//entries", "/api/v1/log/entries/", "/api/v1/log/entries/retrieve", "/api/v1/index/retrieve", "/api/v1/log/proof/",
            "/api/v1/", "/api/v2/log", "/api/v1/log/entries/%2e%2e/%2e%2e/", "/api/v1/log/entries/retrieve/x", "/api/v1/log/publicKey/", "/api/v1/LOG",
            "/api/v1/log?treeID=x", "/api/v1/log;x=1", "/api/v1/log/%00", "/api/v1/log/%ff", "/api//v1/log", "/api/v1/log/./entries", "/api/v1/index",
            "/api/v1/log/entries/retrieve?logIndexes=1", "/api/v1/log/timestamp")
        from method in Gen.Frequency((6, Gen.Constant("GET")), (1, Gen.Elements("DELETE", "PUT", "PATCH", "OPTIONS", "TRACE", "POST")))
        select new HostileRequest(method, path, [], null, method + " (around the API)", method + " " + path);

    private static Gen<string?> Optional(Gen<string> values) => Gen.Frequency((1, Gen.Constant<string?>(null)), (4, values.Select(v => (string?)v)));

    private static string Decimal(long value) => value.ToString(CultureInfo.InvariantCulture);
}
