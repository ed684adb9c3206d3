using System.Globalization;
using Rekor.Core.Models;
using Rekor.Server.Log;

namespace Rekor.Server.Api;

/// <summary>The log resource: its state (signed tree heads), its public key and consistency proofs.</summary>
public static class LogApi
{
    public static IEndpointRouteBuilder MapLogApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/log", GetLogInfoAsync).IsOperation(ApiEndpoints.GetLogInfo);
        app.MapGet("/api/v1/log/publicKey", GetPublicKeyAsync).IsOperation(ApiEndpoints.GetPublicKey);
        app.MapGet("/api/v1/log/proof", GetProofAsync).IsOperation(ApiEndpoints.GetLogProof);
        return app;
    }

    private static async Task<IResult> GetLogInfoAsync(TransparencyLog log, CancellationToken cancellationToken)
    {
        var shards = log.Shards; // one view for the whole answer, even if a rotation lands meanwhile
        var active = await log.Reader.ReadHeadAsync(shards.ActiveTreeId, cancellationToken)
            ?? throw new LogUnavailableException("the active tree has no head");
        var inactive = new List<InactiveShardLogInfo>();
        foreach (var shard in shards.Inactive)
        {
            var head = await log.Reader.ReadHeadAsync(shard.TreeId, cancellationToken) ?? throw new LogUnavailableException($"tree {shard.TreeId} has no head");
            inactive.Add(new InactiveShardLogInfo { RootHash = head.Root.ToHex(), SignedTreeHead = head.Checkpoint!, TreeID = Decimal(shard.TreeId), TreeSize = head.Size });
        }

        return ApiResults.Ok(new LogInfo
        {
            RootHash = active.Root.ToHex(),
            SignedTreeHead = active.Checkpoint!,
            TreeID = Decimal(active.TreeId),
            TreeSize = active.Size,
            InactiveShards = inactive.Count == 0 ? null : inactive,
        });
    }

    private static async Task<IResult> GetPublicKeyAsync(HttpContext context, TransparencyLog log, CancellationToken cancellationToken)
    {
        var key = log.Shards.Active.Key;
        if (context.Request.Query.TryGetValue("treeID", out var raw))
        {
            if (!IsDigits(raw[0]))
            {
                return ApiResults.Error(422, "treeID in query should match '^[0-9]+$'", ValidationCode.Pattern);
            }

            if (!long.TryParse(raw[0], NumberStyles.None, CultureInfo.InvariantCulture, out var treeId) || await log.FindShardAsync(treeId, cancellationToken) is not { } shard)
            {
                return ApiResults.Error(400, "Bad Request");
            }

            key = shard.Key; // each shard has the key that signed it (a rotation may have changed keys)
        }

        return Results.Text(key.ToPem(), "application/x-pem-file");
    }

    private static async Task<IResult> GetProofAsync(HttpContext context, TransparencyLog log, CancellationToken cancellationToken)
    {
        var query = context.Request.Query;
        long firstSize = 1;
        if (query.TryGetValue("firstSize", out var firstRaw) && !QueryInteger.TryParse(firstRaw[0], "firstSize", minimum: 1, out firstSize, out var firstError))
        {
            return firstError!;
        }

        if (!query.TryGetValue("lastSize", out var lastRaw))
        {
            return ApiResults.Error(422, "lastSize in query is required", ValidationCode.Required);
        }

        if (!QueryInteger.TryParse(lastRaw[0], "lastSize", minimum: 1, out var lastSize, out var lastError))
        {
            return lastError!;
        }

        var treeId = log.Shards.ActiveTreeId;
        if (query.TryGetValue("treeID", out var treeRaw))
        {
            if (!IsDigits(treeRaw[0]))
            {
                return ApiResults.Error(422, "treeID in query should match '^[0-9]+$'", ValidationCode.Pattern);
            }

            if (!long.TryParse(treeRaw[0], NumberStyles.None, CultureInfo.InvariantCulture, out treeId) || await log.FindShardAsync(treeId, cancellationToken) is null)
            {
                return ApiResults.Error(400, $"no log range found for tree ID {treeRaw[0]}");
            }
        }

        if (firstSize > lastSize)
        {
            return ApiResults.Error(400, $"firstSize({firstSize}) must be less than lastSize({lastSize})");
        }

        var head = await log.Reader.ReadHeadAsync(treeId, cancellationToken) ?? throw new LogUnavailableException($"tree {treeId} has no head");
        if (lastSize > head.Size)
        {
            return ApiResults.Error(400, $"the tree size requested({lastSize}) was greater than what is currently observable({head.Size})");
        }

        var proof = await log.Reader.ConsistencyProofAsync(treeId, firstSize, lastSize, cancellationToken);

        // Like Rekor (which returns the backend's latest signed root), rootHash is the tree's current root.
        return ApiResults.Ok(new ConsistencyProof { Hashes = [.. proof.Select(h => h.ToHex())], RootHash = head.Root.ToHex() });
    }

    private static bool IsDigits(string? text) => !string.IsNullOrEmpty(text) && text.All(char.IsAsciiDigit);

    private static string Decimal(long value) => value.ToString(CultureInfo.InvariantCulture);
}
