using System.Security.Cryptography;
using System.Text.Json;
using MySqlConnector;
using Rekor.Core.Merkle;
using Rekor.Server.Tests.Services;

namespace Rekor.Server.Tests.Outages;

/// <summary>The entries table of a log database, read directly (not through the server under test).</summary>
internal sealed record StoredEntries(IReadOnlyList<StoredEntries.Row> Rows)
{
    public sealed record Row(long TreeId, long Index, Hash32 LeafHash, byte[] Body)
    {
        /// <summary>The hashedrekord's artifact digest (spec.data.hash.value): what a writer submitted.</summary>
        public string ArtifactDigest
        {
            get
            {
                using var body = JsonDocument.Parse(Body);
                return body.RootElement.GetProperty("spec").GetProperty("data").GetProperty("hash").GetProperty("value").GetString()!;
            }
        }
    }

    public static async Task<StoredEntries> ReadAsync(MariaDbInstance server, string database)
    {
        await using var connection = new MySqlConnection(server.ConnectionString(database).ConnectionString);
        await connection.OpenAsync();
        await using var command = new MySqlCommand("SELECT tree_id, idx, leaf_hash, body FROM entries ORDER BY tree_id, idx", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<Row>();
        while (await reader.ReadAsync())
        {
            rows.Add(new Row(reader.GetInt64(0), reader.GetInt64(1), new Hash32((byte[])reader[2]), (byte[])reader[3]));
        }

        return new StoredEntries(rows);
    }

    /// <summary>The rows whose leaf is <paramref name="leafHash"/>.</summary>
    public int CountOf(Hash32 leafHash) => Rows.Count(r => r.LeafHash == leafHash);

    /// <summary>The rows whose hashedrekord is of <paramref name="artifact"/>.</summary>
    public int CountOfArtifact(string artifact) => Rows.Count(r => r.ArtifactDigest == DigestOf(artifact));

    /// <summary>The SHA-256 of an artifact as hex, as it appears in a hashedrekord.</summary>
    public static string DigestOf(string artifact) => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(artifact)));

    /// <summary>RFC 6962's tree hash of the rows' leaves, in index order.</summary>
    public Hash32 Root() => Root(Rows.Select(r => r.LeafHash).ToArray());

    private static Hash32 Root(ReadOnlySpan<Hash32> leaves)
    {
        if (leaves.Length == 0)
        {
            return Rfc6962.EmptyRoot;
        }

        if (leaves.Length == 1)
        {
            return leaves[0];
        }

        var split = 1;
        while (split * 2 < leaves.Length)
        {
            split *= 2;
        }

        return Rfc6962.HashChildren(Root(leaves[..split]), Root(leaves[split..]));
    }
}
