using System.Globalization;
using System.Text;

namespace Rekor.Load;

/// <summary>
/// A read run's requests: a fixed list of prepared requests (random indexes, UUIDs, proof sizes or hashes, drawn
/// before the clock from a seeded generator) sent round and round, so the plan never runs out.
/// </summary>
internal sealed class ReadPlan : RequestPlan
{
    /// <summary>Distinct random requests prepared for index and proof reads.</summary>
    private const int Prepared = 4096;

    private readonly PreparedRequest[] _requests;

    private ReadPlan(PreparedRequest[] requests, bool answersAreEntries)
    {
        _requests = requests;
        AnswersAreEntries = answersAreEntries;
    }

    public override long Available => long.MaxValue;

    /// <summary>Whether answers are log entries (index and uuid reads), which can be verified.</summary>
    public bool AnswersAreEntries { get; }

    public override PreparedRequest Get(long sequence) => _requests[(int)(sequence % _requests.Length)];

    /// <summary>GET /api/v1/log/entries?logIndex=i for random i in [0, <paramref name="logSize"/>).</summary>
    public static ReadPlan Indexes(string host, long logSize, Random random) =>
        new([.. Enumerable.Range(0, Prepared).Select(_ => PreparedRequest.Get(host,
            "/api/v1/log/entries?logIndex=" + random.NextInt64(logSize).ToString(CultureInfo.InvariantCulture)))], true);

    /// <summary>GET /api/v1/log/entries/{uuid} for each of <paramref name="entryIds"/> in a random order.</summary>
    public static ReadPlan Uuids(string host, IReadOnlyList<string> entryIds, Random random) =>
        new([.. Shuffled(entryIds, random).Select(id => PreparedRequest.Get(host, "/api/v1/log/entries/" + id))], true);

    /// <summary>GET /api/v1/log/proof?firstSize=a&amp;lastSize=b for random 1 ≤ a ≤ b ≤ <paramref name="treeSize"/>.</summary>
    public static ReadPlan Proofs(string host, long treeSize, Random random) =>
        new([.. Enumerable.Range(0, Prepared).Select(_ =>
        {
            var last = 1 + random.NextInt64(treeSize);
            var first = 1 + random.NextInt64(last);
            return PreparedRequest.Get(host, string.Create(CultureInfo.InvariantCulture, $"/api/v1/log/proof?firstSize={first}&lastSize={last}"));
        })], false);

    public static ReadPlan LogInfo(string host) => new([PreparedRequest.Get(host, "/api/v1/log")], false);

    /// <summary>POST /api/v1/index/retrieve {"hash":"sha256:…"} for each of <paramref name="digestsHex"/> in a random order.</summary>
    public static ReadPlan Searches(string host, IReadOnlyList<string> digestsHex, Random random) =>
        new([.. Shuffled(digestsHex, random).Select(d =>
            PreparedRequest.PostJson(host, "/api/v1/index/retrieve", Encoding.UTF8.GetBytes($$"""{"hash":"sha256:{{d}}"}""")))], false);

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
