using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Rekor.Cli.Tests.Fixtures;

namespace Rekor.Cli.Tests;

/// <summary>
/// A log that lies: a proxy in front of the real server rewrites its answers, and the tool must refuse them loudly
/// (exit 3, the failed check named), never print success.
/// </summary>
public sealed class TamperTests(LogWithEntries log) : IClassFixture<LogWithEntries>, IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task A_forged_inclusion_proof_hash_fails_get_verify_and_monitor()
    {
        using var proxy = new TamperingProxy(log.Server.Url, IsEntryAnswer, json => EachEntry(json, entry =>
        {
            var hashes = entry["verification"]!["inclusionProof"]!["hashes"]!.AsArray();
            hashes[0] = FlipFirstDigit(hashes[0]!.GetValue<string>());
        }));
        var cli = new CliRunner(proxy.Url, log.CopyStateTo(_directory.File("state")));

        var get = await cli.RunAsync("get", "--log-index", "1");
        AssertRefused(get, "InclusionProof");
        Assert.Matches(@"InclusionProof\s+│\s+FAIL", get.Out);
        AssertRefused(await cli.RunAsync("verify", "--log-index", "2"), "InclusionProof");

        var monitor = await cli.RunAsync("monitor", "--once", "--verify-entries");
        AssertRefused(monitor, "InclusionProof");
        Assert.True(proxy.Edits >= 3);
    }

    [Fact]
    public async Task A_checkpoint_signed_by_another_key_fails_get_and_loginfo()
    {
        using var impostor = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var proxy = new TamperingProxy(log.Server.Url, path => IsEntryAnswer(path) || path == "/api/v1/log", json =>
        {
            if (json["signedTreeHead"] is { } head)
            {
                json["signedTreeHead"] = Resign(head.GetValue<string>(), impostor);
                return;
            }

            EachEntry(json, entry =>
            {
                var proof = entry["verification"]!["inclusionProof"]!;
                proof["checkpoint"] = Resign(proof["checkpoint"]!.GetValue<string>(), impostor);
            });
        });
        var cli = new CliRunner(proxy.Url, log.CopyStateTo(_directory.File("state")));

        var get = await cli.RunAsync("get", "--log-index", "0");
        AssertRefused(get, "CheckpointSignature");
        Assert.Matches(@"CheckpointSignature\s+│\s+FAIL", get.Out);

        var stateBefore = File.ReadAllText(Path.Combine(cli.StateDirectory, "state.json"));
        var loginfo = await cli.RunAsync("loginfo");
        AssertRefused(loginfo, "not signed by");
        Assert.Equal(stateBefore, File.ReadAllText(Path.Combine(cli.StateDirectory, "state.json")));
    }

    [Fact]
    public async Task A_SET_over_a_different_body_fails_get()
    {
        using var http = new HttpClient();
        var other = JsonNode.Parse(await http.GetStringAsync(new Uri(log.Server.Url + "/api/v1/log/entries?logIndex=0")))!;
        var otherSet = other.AsObject().Single().Value!["verification"]!["signedEntryTimestamp"]!.GetValue<string>();
        using var proxy = new TamperingProxy(log.Server.Url, path => path == "/api/v1/log/entries?logIndex=1", json => EachEntry(json, entry =>
            entry["verification"]!["signedEntryTimestamp"] = otherSet));
        var cli = new CliRunner(proxy.Url, _directory.File("state"));

        var get = await cli.RunAsync("get", "--log-index", "1");
        AssertRefused(get, "SignedEntryTimestamp");
        Assert.Matches(@"SignedEntryTimestamp\s+│\s+FAIL", get.Out);
        Assert.Equal(1, proxy.Edits);
    }

    [Fact]
    public async Task A_valid_entry_other_than_the_one_asked_for_fails_get()
    {
        using var http = new HttpClient();
        var other = JsonNode.Parse(await http.GetStringAsync(new Uri(log.Server.Url + "/api/v1/log/entries?logIndex=0")))!.AsObject();
        using var proxy = new TamperingProxy(log.Server.Url, path => path == "/api/v1/log/entries?logIndex=2", json =>
        {
            var answer = json.AsObject();
            answer.Clear();
            foreach (var (key, value) in other)
            {
                answer[key] = value!.DeepClone();
            }
        });
        var cli = new CliRunner(proxy.Url, _directory.File("state"));

        var get = await cli.RunAsync("get", "--log-index", "2");
        AssertRefused(get, "asked for index 2");
        Assert.Matches(@"ReturnedEntryIsTheOneRequested\s+│\s+FAIL", get.Out);
        Assert.Matches(@"SignedEntryTimestamp\s+│\s+PASS", get.Out);
    }

    private static void AssertRefused(CliRun run, string why)
    {
        Assert.True(run.ExitCode == 3, run.ToString());
        Assert.Contains("VERIFICATION FAILED", run.Error, StringComparison.Ordinal);
        Assert.Contains(why, run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Verification successful", run.Out, StringComparison.Ordinal);
    }

    private static bool IsEntryAnswer(string pathAndQuery) =>
        pathAndQuery.StartsWith("/api/v1/log/entries", StringComparison.Ordinal) && !pathAndQuery.Contains("retrieve", StringComparison.Ordinal);

    private static void EachEntry(JsonNode answer, Action<JsonNode> edit)
    {
        foreach (var (_, entry) in answer.AsObject())
        {
            edit(entry!);
        }
    }

    private static string FlipFirstDigit(string hex) => (hex[0] == '0' ? '1' : '0') + hex[1..];

    /// <summary>The checkpoint's body signed by <paramref name="impostor"/> under the log's name and key hint.</summary>
    private static string Resign(string checkpoint, ECDsa impostor)
    {
        var separator = checkpoint.IndexOf("\n\n", StringComparison.Ordinal);
        var body = checkpoint[..(separator + 1)];
        var line = checkpoint[(separator + 2)..].Split('\n')[0];
        var parts = line.Split(' ');
        var keyHint = Convert.FromBase64String(parts[2])[..4];
        var signature = impostor.SignData(Encoding.UTF8.GetBytes(body), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        return $"{body}\n{parts[0]} {parts[1]} {Convert.ToBase64String([.. keyHint, .. signature])}\n";
    }
}
