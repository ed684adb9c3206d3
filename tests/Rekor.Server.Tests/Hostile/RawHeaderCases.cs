using static Rekor.Server.Tests.Hostile.RawCase;

namespace Rekor.Server.Tests.Hostile;

/// <summary>
/// Header abuse: sizes over Kestrel's limits (the host's 431), line splitting and folding, X-Request-Id values the
/// server must not echo (8,000 characters, control characters, non-ASCII), and Host headers naming the metrics port:
/// the API port never serves <c>/metrics</c>, and the metrics port serves only <c>/metrics</c>, whatever Host says
/// (there only the 404 is asserted, not its body: the metrics port is not the API).
/// </summary>
internal static class RawHeaderCases
{
    public static IEnumerable<RawCase> All(int apiPort, int metricsPort) => Sizes().Concat(Syntax()).Concat(RequestIds()).Concat(MetricsPort(apiPort, metricsPort));

    private static IEnumerable<RawCase> Sizes()
    {
        const string Family = "header size";
        yield return Of(Family, "one 40,000-character header", Http1.Get("/api/v1/log", "X-Big: " + new string('a', 40_000)), Host(431));
        yield return Of(Family, "150 headers", Http1.Get("/api/v1/log", [.. Enumerable.Range(0, 150).Select(i => $"X-H{i}: {i}")]), Host(431));
        yield return Of(Family, "one 20,000-character header (under the limit)", Http1.Get("/api/v1/log", "X-Big: " + new string('a', 20_000)), App(200));
        yield return Of(Family, "a 20,000-character header name", Http1.Get("/api/v1/log", new string('X', 20_000) + ": a"), App(200));
    }

    private static IEnumerable<RawCase> Syntax()
    {
        const string Family = "header syntax";
        yield return Of(Family, "a bare CR in a value", Http1.Get("/api/v1/log", "X-A: a\rb"), Host(400));
        yield return Of(Family, "a folded (obs-fold) header", Http1.Get("/api/v1/log", "X-A: a", " folded"), Host(400));
        yield return Of(Family, "a space in a header name", Http1.Get("/api/v1/log", "X A: b"), Host(400));
        yield return Of(Family, "a header line without a colon", Http1.Get("/api/v1/log", "XAb"), Host(400));
        yield return Of(Family, "NUL in a value", Http1.Get("/api/v1/log", "X-A: a\0b"), Host(400));
        yield return Of(Family, "no Host in HTTP/1.1", Http1.Head("GET", "/api/v1/log", "HTTP/1.1", []), Host(400));
        yield return Of(Family, "two Hosts", Http1.Head("GET", "/api/v1/log", "HTTP/1.1", ["Host: a", "Host: b"]), Host(400));
        yield return Of(Family, "an empty Host", Http1.Head("GET", "/api/v1/log", "HTTP/1.1", ["Host:"]), App(200));
        yield return Of(Family, "a Set-Cookie split off a header by a bare LF", Http1.Get("/api/v1/log", "X-A: a\nSet-Cookie: injected=1"), App(200)) with
        {
            InjectedHeader = "Set-Cookie",
        };
        yield return Of(Family, "a Set-Cookie after an X-Request-Id by CRLF", Http1.Get("/api/v1/log", "X-Request-Id: abc\r\nSet-Cookie: injected=1"), App(200)) with
        {
            InjectedHeader = "Set-Cookie",
            RequestIdSent = "abc",
        };
    }

    /// <summary>Echoed only when at most 128 characters of [A-Za-z0-9._:-]; otherwise the server assigns its own.</summary>
    private static IEnumerable<RawCase> RequestIds()
    {
        (string Sent, string Name)[] ids =
        [
            (new string('a', 8_000), "8,000 characters"), (new string('a', 129), "129 characters"), (new string('a', 128), "128 characters (echoed)"),
            ("req-123.abc:XYZ_9", "plain (echoed)"), ("a\u0001b", "a control character"), ("a\u007fb", "DEL"), ("a\tb", "a tab"),
            ("a b", "a space"), (Http1.Utf8("été"), "UTF-8 é"), ("<script>alert(1)</script>", "markup"), ("a,b", "a comma"),
        ];
        foreach (var (sent, name) in ids)
        {
            foreach (var path in new[] { "/api/v1/log", "/api/v1/nowhere" })
            {
                yield return Of("X-Request-Id", $"X-Request-Id of {name} to {path}", Http1.Get(path, "X-Request-Id: " + sent), App(path == "/api/v1/log" ? 200 : 404)) with
                {
                    RequestIdSent = sent,
                };
            }
        }
    }

    private static IEnumerable<RawCase> MetricsPort(int apiPort, int metricsPort)
    {
        const string Family = "metrics port";
        foreach (var host in new[] { $"127.0.0.1:{metricsPort}", $"localhost:{metricsPort}", $"[::1]:{metricsPort}", $"evil.example:{metricsPort}" })
        {
            yield return Of(Family, $"GET /metrics on the API port with Host {host}", Http1.Head("GET", "/metrics", "HTTP/1.1", ["Host: " + host]), App(404)) with { ApiPath = false };
        }

        foreach (var host in new[] { $"127.0.0.1:{metricsPort}", $"127.0.0.1:{apiPort}", "evil.example" })
        {
            yield return Of(Family, $"GET /metrics on the metrics port with Host {host}", Http1.Head("GET", "/metrics", "HTTP/1.1", ["Host: " + host]), App(200)) with
            {
                ToMetricsPort = true,
                ApiPath = false,
            };
        }

        foreach (var request in new[]
        {
            Http1.Head("GET", "/api/v1/log", "HTTP/1.1", [$"Host: 127.0.0.1:{metricsPort}"]),
            Http1.Head("GET", "/api/v1/log", "HTTP/1.1", [$"Host: 127.0.0.1:{apiPort}"]),
            Http1.Head("GET", "/api/v1/log/entries?logIndex=0", "HTTP/1.1", [$"Host: 127.0.0.1:{metricsPort}"]),
            Http1.Head("GET", "/api/v1/log/publicKey", "HTTP/1.1", [$"Host: 127.0.0.1:{apiPort}"]),
            Http1.Request("POST", "/api/v1/log/entries/retrieve", "{\"logIndexes\":[0]}", Http1.Json),
            Http1.Get("/ping"),
        })
        {
            yield return Of(Family, $"{request.Split("\r\n")[0]} on the metrics port ({request.Split("\r\n")[1]})", request, App(404)) with
            {
                ToMetricsPort = true,
                ApiPath = false,
            };
        }
    }
}
