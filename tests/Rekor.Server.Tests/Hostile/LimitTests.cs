using System.Text;
using Rekor.Server.Tests.Api;
using Xunit.Abstractions;

namespace Rekor.Server.Tests.Hostile;

/// <summary>
/// Part 3 of the hostile-input test: the limits, against a server started with a 4 KiB body limit. A body of exactly
/// the limit is read, however it is chunked; one byte more, with Content-Length or chunked, is a 413 in Rekor's JSON;
/// a search of 11 items (one over Rekor's 10) is a 422; JSON nested past 64 levels is a 4xx, never a 5xx or a stack
/// overflow.
/// </summary>
public sealed class LimitTests(SmallLimitServer server, ITestOutputHelper output) : IClassFixture<SmallLimitServer>
{
    private const int Limit = 4096;

    private static readonly string[] PostPaths = RawFramingCases.PostPaths;

    /// <summary>A body for each POST endpoint that is well-formed whatever spaces follow it, and what the endpoint answers for it.</summary>
    private static readonly (string Path, string Json, int Status)[] AtTheLimit =
    [
        ("/api/v1/log/entries", "{}", 422),
        ("/api/v1/log/entries/retrieve", "{\"logIndexes\":[0]}", 200),
        ("/api/v1/index/retrieve", "{}", 200),
    ];

    [Fact]
    public async Task Bodies_over_the_limit_get_413_long_searches_422_and_deep_JSON_a_4xx()
    {
        HostileRequest[] requests = [.. Sizes(), .. SearchItems(), .. Depths()];

        await HostileRun.ExecuteAsync(server, output, "limits", requests.Length, async ledger =>
        {
            using var sender = new ConcurrentSender(server.BaseAddress, keepAlive: false);
            await sender.SendAllAsync(requests, ledger);
        });
    }

    /// <summary>
    /// Chunked bodies well under the limit, written in small chunks: the limit is on the body, so the chunk framing
    /// (sizes and CRLFs, more bytes than the body when chunks are tiny) must not count towards it.
    /// </summary>
    [Fact]
    public async Task A_chunked_body_under_the_limit_is_read_however_small_its_chunks()
    {
        (int Size, int Chunk)[] shapes = [(1_000, 1), (3_000, 100), (Limit - 64, 1_000)];
        var cases = AtTheLimit.SelectMany(target => shapes.Select(shape =>
        {
            var body = target.Json + new string(' ', shape.Size - target.Json.Length);
            var framing = string.Concat(body.Chunk(shape.Chunk).Select(c => $"{c.Length:x}\r\n{new string(c)}\r\n")) + "0\r\n\r\n";
            return RawCase.Of(
                "chunked under the limit",
                $"{shape.Size} bytes in {shape.Chunk}-byte chunks to {target.Path}",
                Http1.Chunked(target.Path, framing),
                RawCase.App(target.Status));
        })).ToArray();

        await HostileRun.ExecuteAsync(server, output, "chunked bodies under the limit", cases.Length, ledger =>
            RawCasePlayer.PlayAllAsync(cases, server.BaseAddress.Port, server.MetricsPort, ledger));
    }

    /// <summary>A body that is what each endpoint would answer for at the limit, one byte over it, and far over it.</summary>
    private static IEnumerable<HostileRequest> Sizes()
    {
        foreach (var (path, json, status) in AtTheLimit)
        {
            yield return Sized(path, json, Limit, chunked: false, StatusExpectation.Exactly(status, "a body of exactly the limit is read"));
            yield return Sized(path, json, Limit, chunked: true, StatusExpectation.Exactly(status, "a body of exactly the limit is read"));
            foreach (var size in new[] { Limit + 1, 2 * Limit, 64 * 1024 })
            {
                foreach (var chunked in new[] { false, true })
                {
                    yield return Sized(path, json, size, chunked, StatusExpectation.Exactly(413, "a body over --max_request_body_size is a 413"));
                }
            }
        }
    }

    private static IEnumerable<HostileRequest> SearchItems()
    {
        var uuid = new string('a', 64);
        const string TooMany = "a search of more than 10 items is a 422";
        const string Enough = "a search of 10 items is answered";
        yield return Search($"{{\"entryUUIDs\":[{string.Join(',', Enumerable.Repeat($"\"{uuid}\"", 11))}]}}", 422, TooMany);
        yield return Search($"{{\"logIndexes\":[{string.Join(',', Enumerable.Range(0, 11))}]}}", 422, TooMany);
        yield return Search($"{{\"entries\":[{string.Join(',', Enumerable.Repeat("{}", 11))}]}}", 422, TooMany);
        yield return Search($"{{\"logIndexes\":[0,1,2,3,4,5],\"entryUUIDs\":[{string.Join(',', Enumerable.Repeat($"\"{uuid}\"", 5))}]}}", 422, TooMany);
        yield return Search($"{{\"logIndexes\":[{string.Join(',', Enumerable.Range(0, 40))}]}}", 422, TooMany);
        yield return Search($"{{\"logIndexes\":[{string.Join(',', Enumerable.Range(0, 10))}]}}", 200, Enough);
        yield return Search($"{{\"entryUUIDs\":[{string.Join(',', Enumerable.Repeat($"\"{uuid}\"", 10))}]}}", 200, Enough);
    }

    /// <summary>Nesting at, just past, and far past 64 levels, at the top and inside the members each endpoint reads.</summary>
    private static IEnumerable<HostileRequest> Depths()
    {
        foreach (var path in PostPaths)
        {
            foreach (var depth in new[] { 64, 65, 100, 1_000, 2_000 })
            {
                yield return Nested(path, depth, "[", "]", string.Empty);
                yield return Nested(path, depth, "{\"a\":", "}", "1");
                yield return Nested(path, depth, "{\"spec\":", "}", "{}", "{\"kind\":\"hashedrekord\",\"apiVersion\":\"0.0.1\",\"spec\":", "}");
                yield return Nested(path, depth, "[", "]", "0", "{\"logIndexes\":", "}");
                yield return Nested(path, depth, "{\"a\":", "}", "null", "{\"publicKey\":{\"format\":\"x509\",\"content\":", "}}");
            }
        }
    }

    /// <summary><paramref name="json"/> followed by spaces up to <paramref name="size"/> bytes.</summary>
    private static HostileRequest Sized(string path, string json, int size, bool chunked, StatusExpectation expect) =>
        HostileRequest.PostJson(path, Encoding.UTF8.GetBytes(json + new string(' ', size - json.Length)), $"{size} bytes{(chunked ? ", chunked" : string.Empty)}")
            with { Expect = expect, Chunked = chunked };

    private static HostileRequest Search(string json, int status, string rule) =>
        HostileRequest.PostJson(SearchBodies.EntriesPath, Encoding.UTF8.GetBytes(json), json.Length > 60 ? json[..60] + "…" : json)
            with { Expect = StatusExpectation.Exactly(status, rule) };

    private static HostileRequest Nested(string path, int depth, string open, string close, string innermost, string prefix = "", string suffix = "")
    {
        var json = prefix + string.Concat(Enumerable.Repeat(open, depth)) + innermost + string.Concat(Enumerable.Repeat(close, depth)) + suffix;
        var body = Encoding.UTF8.GetBytes(json);
        var request = HostileRequest.PostJson(path, body, $"{depth} levels of {open}{innermost}{close} in {(prefix.Length == 0 ? "the body" : prefix)}");
        return body.Length > Limit ? request with { Expect = StatusExpectation.Exactly(413, "a body over --max_request_body_size is a 413") } : request;
    }
}
