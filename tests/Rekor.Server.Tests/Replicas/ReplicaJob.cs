using System.Text.Json;
using Rekor.Core.Merkle;

namespace Rekor.Server.Tests.Replicas;

/// <summary>One distinct entry to log: its artifact (hence its index-search digest) and its proposed entry JSON.</summary>
internal sealed record ReplicaJob(int Number, string Artifact, string Json, bool SentTwice)
{
    public string DigestHex => Convert.ToHexStringLower(Api.SignedArtifacts.Digest(Artifact));
}

/// <summary>One request of a job: the replica asked and its status, or the transport failure (no status at all).</summary>
internal sealed record Attempt(int Replica, int? Status, string? Uuid, CreatedEntry? Created, string? Failure)
{
    public bool Failed => Status is null;

    public override string ToString() => Failed ? $"replica {Replica}: {Failure}" : $"replica {Replica}: {Status} {Uuid}";
}

/// <summary>What a 201 said: the entry's UUID, index and body, and the inclusion proof with the checkpoint it was proved against.</summary>
internal sealed record CreatedEntry(string Uuid, long LogIndex, byte[] Body, long TreeSize, Hash32 Root, string Checkpoint, Hash32[] Hashes)
{
    public static CreatedEntry Parse(JsonElement response)
    {
        var member = Assert.Single(response.EnumerateObject());
        var value = member.Value;
        var proof = value.GetProperty("verification").GetProperty("inclusionProof");
        return new CreatedEntry(
            member.Name[^64..],
            value.GetProperty("logIndex").GetInt64(),
            Convert.FromBase64String(value.GetProperty("body").GetString()!),
            proof.GetProperty("treeSize").GetInt64(),
            Hash32.ParseHex(proof.GetProperty("rootHash").GetString()!),
            proof.GetProperty("checkpoint").GetString()!,
            [.. proof.GetProperty("hashes").EnumerateArray().Select(h => Hash32.ParseHex(h.GetString()!))]);
    }
}

/// <summary>A tree head some replica handed out (in a 201's inclusion proof, or from GET /api/v1/log), as claimed.</summary>
internal sealed record SeenHead(string Source, long TreeSize, Hash32 Root, string Checkpoint);
