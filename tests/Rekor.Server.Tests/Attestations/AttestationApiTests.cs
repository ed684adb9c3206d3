using System.Net;
using System.Text.Json;
using Rekor.Core.Models;
using Rekor.Core.Signing;
using Rekor.Core.Types;
using Rekor.Core.Verification;
using Rekor.Server.Tests.Api;

namespace Rekor.Server.Tests.Attestations;

/// <summary>
/// What every attestation store gives through the API: an intoto entry's payload kept and returned on reads (not in
/// the 201), outside the SET, and still there after the server is killed and restarted.
/// </summary>
public abstract class AttestationApiContract<TServer>(TServer server) : IDisposable
    where TServer : RunningServer
{
    private readonly EnvelopeEntries _entries = new();

    protected HttpClient Client => server.Client;

    protected TServer Server => server;

    public void Dispose()
    {
        _entries.Dispose();
        GC.SuppressFinalize(this);
    }

    protected async Task<(string EntryId, LogEntryValue Created, byte[] Payload)> CreateAsync(string subject, int padding = 0)
    {
        var payload = EnvelopeEntries.Statement(subject, padding);
        var response = await Client.PostJsonAsync("/api/v1/log/entries", _entries.Intoto(payload));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var (id, value) = OnlyEntry(await response.JsonAsync());
        return (id, value, payload);
    }

    protected static (string EntryId, LogEntryValue Value) OnlyEntry(JsonElement logEntry)
    {
        var member = Assert.Single(logEntry.EnumerateObject());
        return (member.Name, member.Value.Deserialize<LogEntryValue>(RekorJson.Options)!);
    }

    protected async Task<LogEntryValue> GetAsync(string path) => OnlyEntry(await (await Client.GetAsync(path)).JsonAsync()).Value;

    protected static byte[]? AttestationOf(LogEntryValue value) =>
        value.Attestation?.Data is { } data ? Convert.FromBase64String(data.GetString()!) : null;

    [Fact]
    public async Task An_intoto_payload_is_returned_on_every_read_but_not_in_the_201_and_outside_the_SET()
    {
        var (entryId, created, payload) = await CreateAsync("kept " + Guid.NewGuid());

        Assert.Null(created.Attestation);
        var byUuid = await GetAsync("/api/v1/log/entries/" + entryId);
        var byIndex = await GetAsync("/api/v1/log/entries?logIndex=" + created.LogIndex);
        var retrieved = OnlyEntry((await (await Client.PostJsonAsync("/api/v1/log/entries/retrieve", $"{{\"entryUUIDs\":[\"{entryId}\"]}}")).JsonAsync())[0]).Value;
        foreach (var read in new[] { byUuid, byIndex, retrieved })
        {
            Assert.Equal(payload, AttestationOf(read));
        }

        var logKey = LogKey.FromPem(await (await Client.GetAsync("/api/v1/log/publicKey")).Content.ReadAsStringAsync());
        var verification = LogEntryVerifier.Verify(entryId, byUuid, new TrustedLogKeys([logKey]), new VerificationOptions { ExpectedCheckpointSignerName = "127.0.0.1" });
        Assert.True(verification.IsVerified, string.Join("; ", verification.Checks.Select(c => c.ToString())));
    }

    [Fact]
    public async Task An_acknowledged_attestation_survives_a_SIGKILL_and_restart()
    {
        var (entryId, _, payload) = await CreateAsync("survivor " + Guid.NewGuid());

        await Server.KillAndRestartAsync();

        Assert.Equal(payload, AttestationOf(await GetAsync("/api/v1/log/entries/" + entryId)));
    }
}

/// <summary>The contract with the embedded database store, and the size limit.</summary>
public sealed class DatabaseAttestationApiTests(DatabaseAttestationServer server)
    : AttestationApiContract<DatabaseAttestationServer>(server), IClassFixture<DatabaseAttestationServer>
{
    [Fact]
    public async Task An_attestation_over_max_attestation_size_is_not_kept_but_its_entry_is_logged()
    {
        var (entryId, _, payload) = await CreateAsync("too large " + Guid.NewGuid(), padding: 4000);

        Assert.True(payload.Length > 4000);
        Assert.Null(AttestationOf(await GetAsync("/api/v1/log/entries/" + entryId)));
        Assert.Contains("not stored", Server.Output, StringComparison.Ordinal);
    }
}

/// <summary>The contract with a <c>file://</c> bucket, and what happens when the bucket cannot be written.</summary>
public sealed class FileBucketAttestationApiTests(FileBucketAttestationServer server)
    : AttestationApiContract<FileBucketAttestationServer>(server), IClassFixture<FileBucketAttestationServer>
{
    [Fact]
    public async Task The_payload_is_a_file_named_by_its_key()
    {
        var (_, _, payload) = await CreateAsync("as a file " + Guid.NewGuid());

        var key = "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(payload));
        Assert.Equal(payload, File.ReadAllBytes(Path.Combine(FileBucketAttestationServer.Bucket, key)));
    }

    [Fact]
    public async Task When_the_bucket_cannot_be_written_the_entry_is_a_503_and_nothing_is_logged()
    {
        var moved = FileBucketAttestationServer.Bucket + ".moved";
        Directory.CreateDirectory(FileBucketAttestationServer.Bucket); // made on first write; this test may run first
        Directory.Move(FileBucketAttestationServer.Bucket, moved);
        await File.WriteAllTextAsync(FileBucketAttestationServer.Bucket, "not a directory");
        try
        {
            var before = await Client.TreeSizeAsync();
            using var entries = new EnvelopeEntries();

            var response = await Client.PostJsonAsync("/api/v1/log/entries", entries.Intoto(EnvelopeEntries.Statement("refused " + Guid.NewGuid())));

            await response.AssertErrorAsync(HttpStatusCode.ServiceUnavailable, "attestation storage is unavailable");
            Assert.NotNull(response.Headers.RetryAfter);
            Assert.Equal(before, await Client.TreeSizeAsync());
        }
        finally
        {
            File.Delete(FileBucketAttestationServer.Bucket);
            Directory.Move(moved, FileBucketAttestationServer.Bucket);
        }
    }
}

/// <summary>With attestation storage off (the default), reads carry no attestation.</summary>
public sealed class AttestationStorageOffTests(AttestationStorageOffServer server) : IClassFixture<AttestationStorageOffServer>
{
    [Fact]
    public async Task No_attestation_is_kept_or_returned()
    {
        using var entries = new EnvelopeEntries();
        var created = await server.Client.PostJsonAsync("/api/v1/log/entries", entries.Intoto(EnvelopeEntries.Statement("not kept " + Guid.NewGuid())));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var entryId = Assert.Single((await created.JsonAsync()).EnumerateObject()).Name;

        var read = Assert.Single((await (await server.Client.GetAsync("/api/v1/log/entries/" + entryId)).JsonAsync()).EnumerateObject()).Value;

        Assert.False(read.TryGetProperty("attestation", out _));
    }
}
