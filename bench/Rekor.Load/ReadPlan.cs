using System.Globalization;
using System.Net.Http.Headers;
using System.Text;

namespace Rekor.Load;

/// <summary>
/// A read run's requests: a fixed list of prepared requests (random indexes, UUIDs, proof sizes or hashes, drawn
/// before the clock from a seeded generator) sent round and round, so the plan never runs out.
/// </summary>
internal sealed class ReadPlan : RequestPlan
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private readonly Uri[] _uris;
    private readonly byte[][]? _postBodies;

    private ReadPlan(Uri[] uris, byte[][]? postBodies)
    {
        _uris = uris;
        _postBodies = postBodies;
    }

    public override long Available => long.MaxValue;

    /// <summary>Whether answers are log entries (index and uuid reads), which can be verified.</summary>
    public bool AnswersAreEntries { get; private init; }

    public override HttpRequestMessage Create(long sequence)
    {
        var i = (int)(sequence % _uris.Length);
        if (_postBodies is null)
        {
            return new HttpRequestMessage(HttpMethod.Get, _uris[i]);
        }

        var content = new ByteArrayContent(_postBodies[i]);
        content.Headers.ContentType = Json;
        return new HttpRequestMessage(HttpMethod.Post, _uris[i]) { Content = content };
    }

    /// <summary>GET /api/v1/log/entries?logIndex=i for random i in [0, <paramref name="logSize"/>).</summary>
    public static ReadPlan Indexes(long logSize, Random random) =>
        new(Prepared(() => "/api/v1/log/entries?logIndex=" + random.NextInt64(logSize).ToString(CultureInfo.InvariantCulture)), null)
        {
            AnswersAreEntries = true,
        };

    /// <summary>GET /api/v1/log/entries/{uuid} for each of <paramref name="entryIds"/> in a random order.</summary>
    public static ReadPlan Uuids(IReadOnlyList<string> entryIds, Random random) =>
        new([.. Shuffled(entryIds, random).Select(id => new Uri("/api/v1/log/entries/" + id, UriKind.Relative))], null)
        {
            AnswersAreEntries = true,
        };

    /// <summary>GET /api/v1/log/proof?firstSize=a&amp;lastSize=b for random 1 ≤ a ≤ b ≤ <paramref name="treeSize"/>.</summary>
    public static ReadPlan Proofs(long treeSize, Random random) =>
        new(Prepared(() =>
        {
            var last = 1 + random.NextInt64(treeSize);
            var first = 1 + random.NextInt64(last);
            return string.Create(CultureInfo.InvariantCulture, $"/api/v1/log/proof?firstSize={first}&lastSize={last}");
        }), null);

    public static ReadPlan LogInfo() => new([new Uri("/api/v1/log", UriKind.Relative)], null);

    /// <summary>POST /api/v1/index/retrieve {"hash":"sha256:…"} for each of <paramref name="digestsHex"/> in a random order.</summary>
    public static ReadPlan Searches(IReadOnlyList<string> digestsHex, Random random)
    {
        var uri = new Uri("/api/v1/index/retrieve", UriKind.Relative);
        var bodies = Shuffled(digestsHex, random).Select(d => Encoding.UTF8.GetBytes($$"""{"hash":"sha256:{{d}}"}""")).ToArray();
        return new ReadPlan([.. bodies.Select(_ => uri)], bodies);
    }

    /// <summary>4,096 relative URIs from <paramref name="next"/>, parsed once here rather than per request.</summary>
    private static Uri[] Prepared(Func<string> next) =>
        [.. Enumerable.Range(0, 4096).Select(_ => new Uri(next(), UriKind.Relative))];

    private static T[] Shuffled<T>(IReadOnlyList<T> items, Random random)
    {
        if (items.Count == 0)
        {
            throw new InvalidOperationException("nothing to read: no entries were collected");
        }

        var copy = items.ToArray();
        random.Shuffle(copy);
        return copy;
    }
}
