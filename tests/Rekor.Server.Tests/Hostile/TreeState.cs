using Rekor.Server.Tests.Api;

namespace Rekor.Server.Tests.Hostile;

/// <summary>The log's active tree as <c>GET /api/v1/log</c> reports it.</summary>
internal sealed record TreeState(string TreeId, long Size, string RootHashHex)
{
    public static async Task<TreeState> ReadAsync(HttpClient client)
    {
        var log = await (await client.GetAsync("/api/v1/log")).JsonAsync();
        return new TreeState(log.GetProperty("treeID").GetString()!, log.GetProperty("treeSize").GetInt64(), log.GetProperty("rootHash").GetString()!);
    }

    public override string ToString() => $"tree {TreeId} at size {Size}, root {RootHashHex}";
}
