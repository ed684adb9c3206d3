using System.Text;
using FsCheck;
using FsCheck.Fluent;
using static Rekor.Server.Tests.Hostile.RawCase;

namespace Rekor.Server.Tests.Hostile;

/// <summary>
/// Request-line abuse: lines that are not HTTP (the host's 400), HTTP versions Kestrel does not speak (its 505),
/// HTTP/1.0, pipelines on one keep-alive connection, and 300 distinct invented methods (the app's 405 on a route,
/// 404 elsewhere, in Rekor's JSON).
/// </summary>
internal static class RawRequestLineCases
{
    public const int InventedMethods = 300;

    private const int PipelineLength = 50;

    /// <summary>Methods ASP.NET Core routes by, compared without case; an invented method must not be one of them.</summary>
    private static readonly HashSet<string> KnownMethods = new(StringComparer.OrdinalIgnoreCase)
    {
        "GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT", "PRI",
    };

    /// <summary>Version tokens Kestrel does not speak: it answers 505 (see <see cref="Reach"/>).</summary>
    private static readonly string[] UnspokenVersions = ["HTTP/1.2", "HTTP/1.x", "http/1.1", "HTTP/2.0", "HTTP/9.9"];

    /// <summary>Version tokens Kestrel does not even read as a version: its 400.</summary>
    private static readonly string[] MalformedVersions = ["HTTP/1.10", "HTTP/01.1", "HTTP/", "HTTP/1.1.1"];

    /// <summary>Routes and what an unknown method gets there.</summary>
    private static readonly (string Path, int Status)[] MethodTargets =
    [
        ("/api/v1/log", 405), ("/api/v1/log/entries", 405), ("/api/v1/log/entries/retrieve", 405), ("/api/v1/index/retrieve", 405),
        ("/api/v1/log/proof", 405), ("/api/v1/nowhere", 404), ("/ping", 405),
    ];

    public static IEnumerable<RawCase> All(Rnd seed) => Malformed().Concat(Versions()).Concat(Http10()).Concat(Pipelines()).Concat(Methods(seed));

    private static IEnumerable<RawCase> Malformed()
    {
        const string Family = "request line";
        var random = new Random(0x5eed);
        byte[] garbage = [.. Enumerable.Range(0, 200).Select(_ => (byte)random.Next(0x80, 0x100)), .. "\r\n\r\n"u8];
        byte[] tlsHello = [0x16, 0x03, 0x01, 0x00, 0xa5, 0x01, 0x00, 0x00, 0xa1, 0x03, 0x03, .. Enumerable.Repeat((byte)0x42, 60), .. "\r\n\r\n"u8];
        yield return Of(Family, "a method alone", "GET\r\n\r\n", Host(400));
        yield return Of(Family, "no version (HTTP/0.9)", "GET /ping\r\n\r\n", Host(400));
        yield return Of(Family, "a leading space", " GET /ping HTTP/1.1\r\nHost: x\r\n\r\n", Host(400));
        yield return Of(Family, "two spaces", "GET  /ping HTTP/1.1\r\nHost: x\r\n\r\n", Host(400));
        yield return Of(Family, "a fourth token", "GET /ping HTTP/1.1 extra\r\nHost: x\r\n\r\n", Host(400));
        yield return Of(Family, "a method with a parenthesis", "G(T /ping HTTP/1.1\r\nHost: x\r\n\r\n", Host(400));
        yield return Of(Family, "NUL in the method", "GE\0T /ping HTTP/1.1\r\nHost: x\r\n\r\n", Host(400));
        yield return Of(Family, "NUL after the version", "GET /ping HTTP/1.1\0\r\nHost: x\r\n\r\n", Host(400));
        yield return Of(Family, "NUL in the path", "GET /api/v1/log/entries/\0 HTTP/1.1\r\nHost: x\r\n\r\n", Host(400));
        yield return Of(Family, "raw \\xff\\xfe in the path", "GET /api/v1/log/entries/\u00ff\u00fe HTTP/1.1\r\nHost: x\r\n\r\n", Host(400));
        yield return Of(Family, "percent-encoded \\xff NUL in the path", "GET /api/v1/log/entries/%ff%00 HTTP/1.1\r\nHost: x\r\n\r\n", Host(400));
        yield return Of(Family, "a CR inside the target (Kestrel takes it as %0D)", "GET /api/v1/\rlog HTTP/1.1\r\nHost: x\r\n\r\n", App(404));
        yield return Of(Family, "an authority-form target", "GET ping HTTP/1.1\r\nHost: x\r\n\r\n", Host(405));
        yield return Of(Family, "an absolute-form target naming another host", "GET http://evil.example/api/v1/log HTTP/1.1\r\nHost: x\r\n\r\n", Host(400));
        yield return Of(Family, "a TLS ClientHello", tlsHello, Host(400));
        yield return Of(Family, "200 bytes of binary", garbage, Host(400));
        yield return Of(Family, "a 10,000-character target", $"GET /api/v1/log/entries/{new string('a', 10_000)} HTTP/1.1\r\nHost: x\r\n\r\n", Host(414));
        yield return Of(Family, "blank lines before the request line", "\r\n\r\nGET /api/v1/log HTTP/1.1\r\nHost: x\r\n\r\n", App(200));
        yield return Of(Family, "an undecodable %zz in the path", "GET /api/v1/log/%zz HTTP/1.1\r\nHost: x\r\n\r\n", App(404));
        yield return new RawCase(Family, "the HTTP/2 connection preface", [new RawStep("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8.ToArray(), TimeSpan.Zero)], [App()])
        {
            NotHttp1 = true,
        };
    }

    private static IEnumerable<RawCase> Versions() =>
        UnspokenVersions.Select(version => Of("HTTP version", version, $"GET /api/v1/log {version}\r\nHost: x\r\n\r\n", Host(505)) with { UnsupportedVersion = true })
            .Concat(MalformedVersions.Select(version => Of("HTTP version", version, $"GET /api/v1/log {version}\r\nHost: x\r\n\r\n", Host(400))));

    private static IEnumerable<RawCase> Http10()
    {
        const string Family = "HTTP/1.0";
        yield return Of(Family, "a GET without Host", "GET /api/v1/log HTTP/1.0\r\n\r\n", App(200));
        yield return Of(
            Family,
            "a POST with a body",
            Http1.Head("POST", "/api/v1/log/entries/retrieve", "HTTP/1.0", [Http1.Json, "Content-Length: 17"]) + "{\"logIndexes\":[]}",
            App(200));
        yield return Of(
            Family,
            "a chunked POST (chunked is HTTP/1.1)",
            Http1.Head("POST", "/api/v1/log/entries", "HTTP/1.0", [Http1.Json, "Transfer-Encoding: chunked"]) + "2\r\n{}\r\n0\r\n\r\n",
            App());
        yield return Of(
            Family,
            "two requests on a keep-alive connection",
            "GET /api/v1/log HTTP/1.0\r\nConnection: keep-alive\r\n\r\nGET /api/v1/log/publicKey HTTP/1.0\r\nConnection: keep-alive\r\n\r\n",
            App(200),
            App(200));
    }

    /// <summary>Requests written back to back before any answer: every one answered, in order.</summary>
    private static IEnumerable<RawCase> Pipelines()
    {
        (string Request, int Status)[] reads =
        [
            (Http1.Get("/ping"), 200), (Http1.Get("/api/v1/log"), 200), (Http1.Get("/api/v1/log/publicKey"), 200),
            (Http1.Get("/api/v1/log/entries?logIndex=x"), 422), (Http1.Get("/api/v1/log/proof?lastSize=0"), 422),
            (Http1.Get("/api/v1/nowhere"), 404), (Http1.Request("POST", "/api/v1/log/entries/retrieve", "{\"logIndexes\":[]}", Http1.Json), 200),
            (Http1.Request("POST", "/api/v1/log/entries", "{}", Http1.Json), 422), (Http1.Request("POST", "/api/v1/index/retrieve", "{}", Http1.Json), 200),
            (Http1.Request("POST", "/api/v1/log/entries", "{}", "Content-Type: text/plain"), 415),
        ];
        var pipeline = Enumerable.Range(0, 3).SelectMany(_ => reads).ToArray();
        yield return new RawCase(
            "pipelining",
            $"{pipeline.Length} mixed requests in one write",
            [new RawStep(Encoding.Latin1.GetBytes(string.Concat(pipeline.Select(r => r.Request))), TimeSpan.Zero)],
            [.. pipeline.Select(r => new RawAnswer(Reach.App, r.Status, r.Request))]);
    }

    /// <summary>300 distinct method tokens nobody defined, 50 to a keep-alive connection, written as one pipeline each.</summary>
    private static IEnumerable<RawCase> Methods(Rnd seed)
    {
        const string TokenCharacters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$%&'*+-.^_`|~";
        var token = Gen.Choose(1, 16).SelectMany(length => Gen.ArrayOf(Gen.Elements(TokenCharacters.ToCharArray()), length)).Select(chars => new string(chars));
        var methods = token.Sample(InventedMethods * 3, seed, 20)
            .Where(m => !KnownMethods.Contains(m))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Take(InventedMethods)
            .ToArray();
        for (var start = 0; start < methods.Length; start += PipelineLength)
        {
            var requests = methods.Skip(start).Take(PipelineLength).Select((method, i) => (method, target: MethodTargets[(start + i) % MethodTargets.Length])).ToArray();
            var writes = requests.Select(r => $"{r.method} {r.target.Path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").ToArray();
            yield return new RawCase(
                "invented methods",
                $"methods {start + 1}-{start + requests.Length}: {string.Join(' ', requests.Take(5).Select(r => r.method))} …",
                [new RawStep(Encoding.Latin1.GetBytes(string.Concat(writes)), TimeSpan.Zero)],
                [.. requests.Select((r, i) => new RawAnswer(Reach.App, r.target.Status, writes[i]))]);
        }
    }
}
