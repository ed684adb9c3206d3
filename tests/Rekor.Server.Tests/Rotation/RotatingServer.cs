using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Rekor.Core.Models;
using Rekor.Core.Signing;
using Rekor.Core.Verification;
using Rekor.Server.Tests.Api;

namespace Rekor.Server.Tests.Rotation;

/// <summary>
/// A server process (on the run's backend) with its active tree pinned as the chart pins it
/// (<c>--trillian_log_server.tlog_id</c>), clients writing to it over HTTP, and the checks a client could make of
/// what it answers across shards.
/// </summary>
internal sealed class RotatingServer(long treeId) : RunningServer(["--trillian_log_server.tlog_id", treeId.ToString(System.Globalization.CultureInfo.InvariantCulture)])
{
    private readonly SignedArtifacts _artifacts = new();

    /// <summary>The rotate command opens the servers' key file; under the chart's arguments (a memory key) the server gets one made beforehand.</summary>
    protected override Chart.OwnKeyFile? OwnKeyFile => new(null);

    /// <summary>Every entry a client was given a 201 for: entry ID and value, in no order.</summary>
    public ConcurrentBag<(string EntryId, LogEntryValue Value)> Created { get; } = [];

    /// <summary>Every answer other than 201 (status and body), or none at all (a killed server): a rotation must never cause one.</summary>
    public ConcurrentBag<string> Refused { get; } = [];

    /// <summary>Writes fresh entries from <paramref name="clients"/> clients until <paramref name="stop"/> is cancelled.</summary>
    public Task WriteUntilAsync(int clients, CancellationToken stop) => Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
    {
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            HttpResponseMessage response;
            try
            {
                response = await Client.PostJsonAsync("/api/v1/log/entries", _artifacts.HashedRekord($"rotating {c} {i} {Guid.NewGuid()}"));
            }
            catch (HttpRequestException e)
            {
                Refused.Add("no answer: " + e.Message); // the server was killed
                await Task.Delay(50, CancellationToken.None);
                continue;
            }

            if (response.StatusCode == HttpStatusCode.Created)
            {
                Created.Add(Single(await response.JsonAsync()));
            }
            else
            {
                Refused.Add($"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
        }
    })));

    public async Task WaitForCreatedAsync(int count)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (Created.Count < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"only {Created.Count} entries created of {count}; refused: {string.Join(" | ", Refused.Take(3))}");
            await Task.Delay(20);
        }
    }

    public Task<(int ExitCode, string Output)> RotateAsync(params string[] arguments) => RunCommandAsync(Hosting.RotateCommand.Name, arguments);

    public async Task<LogKey> PublicKeyAsync(long? treeId = null)
    {
        var response = await Client.GetAsync(treeId is null ? "/api/v1/log/publicKey" : $"/api/v1/log/publicKey?treeID={treeId}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return LogKey.FromPem(await response.Content.ReadAsStringAsync());
    }

    public async Task<(string EntryId, LogEntryValue Value)> EntryAtAsync(long globalIndex)
    {
        var response = await Client.GetAsync("/api/v1/log/entries?logIndex=" + globalIndex);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"entry {globalIndex}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return Single(await response.JsonAsync());
    }

    /// <summary>Verifies an entry as a Sigstore client does (SET, inclusion proof, checkpoint signature, body hash = UUID) under <paramref name="keys"/>.</summary>
    public static void AssertVerifies(string entryId, LogEntryValue value, params LogKey[] keys)
    {
        var verification = LogEntryVerifier.Verify(entryId, value, new TrustedLogKeys(keys), new VerificationOptions { ExpectedCheckpointSignerName = "127.0.0.1" });
        Assert.True(verification.IsVerified, entryId + ": " + string.Join("; ", verification.Checks.Select(c => c.ToString())));
    }

    /// <summary>The tree ID an 80-hex entry ID names.</summary>
    public static long TreeOf(string entryId) => long.Parse(entryId[..16], System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);

    public new async Task DisposeAsync()
    {
        _artifacts.Dispose();
        await base.DisposeAsync();
    }

    private static (string EntryId, LogEntryValue Value) Single(JsonElement logEntry)
    {
        var member = Assert.Single(logEntry.EnumerateObject());
        return (member.Name, member.Value.Deserialize<LogEntryValue>(Rekor.Core.Types.RekorJson.Options)!);
    }
}
