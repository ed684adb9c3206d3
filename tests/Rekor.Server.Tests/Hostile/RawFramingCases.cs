using System.Text;
using static Rekor.Server.Tests.Hostile.RawCase;

namespace Rekor.Server.Tests.Hostile;

/// <summary>
/// Body framing abuse on the three POST endpoints: broken chunked encoding (the issue: a 400 from the app, with
/// Rekor's JSON body, since Kestrel finds the fault only as the app reads the body), Content-Length that lies in
/// either direction or cannot be a length (the host's 400), transfer codings Kestrel cannot honour, and one body
/// trickled slower than Kestrel's minimum data rate (240 bytes/s after a 5 s grace: the app's 408, in JSON).
/// </summary>
internal static class RawFramingCases
{
    public static readonly string[] PostPaths = ["/api/v1/log/entries", "/api/v1/log/entries/retrieve", "/api/v1/index/retrieve"];

    /// <summary>Content-Length values Kestrel refuses to read as a length.</summary>
    private static readonly string[] UnparseableLengths = ["abc", "-1", "2, 2", "99999999999999999999", "0x2", ""];

    /// <summary>Transfer codings whose last coding is not chunked, which Kestrel cannot frame.</summary>
    private static readonly string[] UnhonouredCodings = ["gzip", "chunked, gzip", "identity", "x-unknown"];

    public static IEnumerable<RawCase> All() => PostPaths.SelectMany(Chunking).Concat(PostPaths.SelectMany(Lengths)).Concat(Codings()).Append(Trickle());

    private static IEnumerable<RawCase> Chunking(string path)
    {
        const string Family = "chunked framing";
        yield return Of(Family, $"chunk size zz to {path}", Http1.Chunked(path, "zz\r\n{}\r\n0\r\n\r\n"), App(400));
        yield return Of(Family, $"chunk size of 18 hex digits to {path}", Http1.Chunked(path, "ffffffffffffffffff\r\n{}\r\n0\r\n\r\n"), App(400));
        yield return Of(Family, $"chunk data without its CRLF to {path}", Http1.Chunked(path, "2\r\n{}0\r\n\r\n"), App(400));
        yield return Of(Family, $"chunk larger than declared to {path}", Http1.Chunked(path, "2\r\n{\"logIndexes\":[1]}\r\n0\r\n\r\n"), App(400));
        yield return Of(Family, $"negative chunk size to {path}", Http1.Chunked(path, "-2\r\n{}\r\n0\r\n\r\n"), App(400));
        yield return Of(Family, $"chunk size with a trailing space to {path}", Http1.Chunked(path, "2 \r\n{}\r\n0\r\n\r\n"), App(400));
        yield return Of(Family, $"chunk framing with bare LFs to {path}", Http1.Chunked(path, "2\n{}\n0\n\n"), App(400));
        yield return Of(Family, $"empty chunk size line to {path}", Http1.Chunked(path, "\r\n{}\r\n0\r\n\r\n"), App(400));
        yield return Of(Family, $"chunk extension with a control character to {path}", Http1.Chunked(path, "2;\u0001x\r\n{}\r\n0\r\n\r\n"), App());
        yield return Of(Family, $"no last chunk, then the client half-closes, to {path}", Http1.Chunked(path, "2\r\n{}\r\n"), App()) with
        {
            HalfClose = true,
            AnswerOptional = true,
        };
    }

    private static IEnumerable<RawCase> Lengths(string path)
    {
        const string Family = "content-length";
        var head = Http1.Head("POST", path, "HTTP/1.1", ["Host: 127.0.0.1", Http1.Json, "Content-Length: 100"]);
        yield return Of(Family, $"a body shorter than Content-Length, then the client half-closes, to {path}", head + "{\"a\":1}", App()) with
        {
            HalfClose = true,
            AnswerOptional = true,
        };
        yield return Of(
            Family,
            $"a body longer than Content-Length (the rest is read as the next request) to {path}",
            Http1.Head("POST", path, "HTTP/1.1", ["Host: 127.0.0.1", Http1.Json, "Content-Length: 2"]) + "{}GARBAGE\r\n\r\n",
            App(),
            Host(400));
        foreach (var length in UnparseableLengths)
        {
            var request = Http1.Head("POST", path, "HTTP/1.1", ["Host: 127.0.0.1", Http1.Json, "Content-Length: " + length]) + "{}";
            yield return Of(Family, $"Content-Length: {length} to {path}", request, Host(400));
        }

        yield return Of(
            Family,
            $"Content-Length: +2 (Kestrel reads it as 2) to {path}",
            Http1.Head("POST", path, "HTTP/1.1", ["Host: 127.0.0.1", Http1.Json, "Content-Length: +2"]) + "{}",
            App());
        yield return Of(
            Family,
            $"two different Content-Lengths to {path}",
            Http1.Head("POST", path, "HTTP/1.1", ["Host: 127.0.0.1", Http1.Json, "Content-Length: 2", "Content-Length: 3"]) + "{}",
            Host(400));
        yield return Of(
            Family,
            $"a Content-Length over the default 32 MiB limit, no body sent, to {path}",
            Http1.Head("POST", path, "HTTP/1.1", ["Host: 127.0.0.1", Http1.Json, "Content-Length: 33554433"]),
            App(413));
        yield return Of(
            Family,
            $"Content-Length and chunked together (chunked wins) to {path}",
            Http1.Head("POST", path, "HTTP/1.1", ["Host: 127.0.0.1", Http1.Json, "Content-Length: 2", "Transfer-Encoding: chunked"]) + "2\r\n{}\r\n0\r\n\r\n",
            App());
    }

    private static IEnumerable<RawCase> Codings()
    {
        const string Family = "transfer-coding";
        const string Path = "/api/v1/log/entries";
        foreach (var coding in UnhonouredCodings)
        {
            var request = Http1.Head("POST", Path, "HTTP/1.1", ["Host: 127.0.0.1", Http1.Json, "Transfer-Encoding: " + coding]) + "2\r\n{}\r\n0\r\n\r\n";
            yield return Of(Family, $"Transfer-Encoding: {coding}", request, Host(400));
        }

        yield return Of(
            Family,
            "Transfer-Encoding: chunked, chunked (chunked last, so the body is read)",
            Http1.Head("POST", Path, "HTTP/1.1", ["Host: 127.0.0.1", Http1.Json, "Transfer-Encoding: chunked, chunked"]) + "2\r\n{}\r\n0\r\n\r\n",
            App());
        yield return Of(
            Family,
            "Transfer-Encoding: gzip, chunked (chunked last, so the body is read)",
            Http1.Head("POST", Path, "HTTP/1.1", ["Host: 127.0.0.1", Http1.Json, "Transfer-Encoding: gzip, chunked"]) + "2\r\n{}\r\n0\r\n\r\n",
            App());
        yield return Of(
            Family,
            "Expect: 100-continue with the body sent at once",
            Http1.Head("POST", "/api/v1/log/entries/retrieve", "HTTP/1.1", ["Host: 127.0.0.1", Http1.Json, "Expect: 100-continue", "Content-Length: 2"]) + "{}",
            App(200));
    }

    /// <summary>
    /// The one slow case: a 1,000-byte body sent 3 bytes a second. Kestrel's MinRequestBodyDataRate (240 bytes/s,
    /// 5 s grace) stops it after about 6 s; the app has started reading by then, so the answer is the app's 408.
    /// </summary>
    private static RawCase Trickle()
    {
        var head = Http1.Head("POST", "/api/v1/log/entries", "HTTP/1.1", ["Host: 127.0.0.1", Http1.Json, "Content-Length: 1000"]);
        var steps = new List<RawStep> { new(Encoding.Latin1.GetBytes(head), TimeSpan.Zero) };
        steps.AddRange(Enumerable.Range(0, 14).Select(_ => new RawStep("{\"a"u8.ToArray(), TimeSpan.FromSeconds(1))));
        return new RawCase("slow body", "a body trickled at 3 bytes/s", steps, [App(408)]) { Timeout = TimeSpan.FromSeconds(20) };
    }
}
