using System.Text.Json;
using System.Text.Json.Nodes;
using Rekor.Cli.Tests.Fixtures;

namespace Rekor.Cli.Tests;

/// <summary>upload, get, search and verify against the real server, in process.</summary>
public sealed class EntryCommandTests(LogServer server) : IClassFixture<LogServer>, IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private SigningKey? _key;

    private SigningKey Key => _key ??= new SigningKey(_directory.Path);

    private CliRunner Cli => new(server.Url, _directory.File("state"));

    public void Dispose()
    {
        _key?.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public async Task Upload_of_a_signed_hashedrekord_creates_a_verified_entry_that_get_finds_by_uuid_and_by_index()
    {
        var (artifact, signature) = Key.SignNewArtifact();
        var upload = await Cli.RunAsync("upload", "--artifact", artifact, "--signature", signature, "--public-key", Key.PublicKeyPath, "--pki-format", "x509", "--format", "json");
        Assert.True(upload.ExitCode == 0, upload.ToString());
        using var uploaded = JsonDocument.Parse(upload.Out);
        Assert.False(uploaded.RootElement.GetProperty("alreadyExists").GetBoolean());
        Assert.True(uploaded.RootElement.GetProperty("verified").GetBoolean());
        var uuid = uploaded.RootElement.GetProperty("uuid").GetString()!;
        var index = uploaded.RootElement.GetProperty("index").GetInt64();

        var byUuid = await Cli.RunAsync("get", "--uuid", uuid);
        Assert.True(byUuid.ExitCode == 0, byUuid.ToString());
        Assert.Contains("Verification successful for entry " + uuid, byUuid.Out, StringComparison.Ordinal);
        Assert.Contains("hashedrekord 0.0.1", byUuid.Out, StringComparison.Ordinal);
        foreach (var check in new[] { "BodyHashMatchesKey", "SignedEntryTimestamp", "InclusionProof", "CheckpointSignature", "CheckpointMatchesProof", "ReturnedEntryIsTheOneRequested" })
        {
            Assert.Matches($@"{check}\s+│\s+PASS", byUuid.Out);
        }

        var byBareUuid = await Cli.RunAsync("get", "--uuid", uuid[16..]);
        Assert.True(byBareUuid.ExitCode == 0, byBareUuid.ToString());

        var byIndex = await Cli.RunAsync("get", "--log-index", index.ToString(System.Globalization.CultureInfo.InvariantCulture), "--format", "json");
        Assert.True(byIndex.ExitCode == 0, byIndex.ToString());
        using var got = JsonDocument.Parse(byIndex.Out);
        Assert.Equal(uuid, got.RootElement.GetProperty("uuid").GetString());
        Assert.True(got.RootElement.GetProperty("verified").GetBoolean());
    }

    [Fact]
    public async Task Uploading_the_same_entry_again_reports_that_it_already_existed_and_succeeds()
    {
        var (artifact, signature) = Key.SignNewArtifact();
        string[] args = ["upload", "--artifact", artifact, "--signature", signature, "--public-key", Key.PublicKeyPath];
        var first = await Cli.RunAsync(args);
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("Created entry at index", first.Out, StringComparison.Ordinal);

        var second = await Cli.RunAsync(args);
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("Entry already exists", second.Out, StringComparison.Ordinal);
        Assert.Contains("Verification successful", second.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_of_a_rekord_entry_and_of_a_prepared_entry_file_both_verify()
    {
        var (artifact, signature) = Key.SignNewArtifact();
        var rekord = await Cli.RunAsync("upload", "--type", "rekord", "--artifact", artifact, "--signature", signature, "--public-key", Key.PublicKeyPath);
        Assert.True(rekord.ExitCode == 0, rekord.ToString());
        Assert.Contains("rekord 0.0.1", rekord.Out, StringComparison.Ordinal);

        // A prepared entry: hashedrekord JSON written by hand, as a script would.
        var (other, otherSignature) = Key.SignNewArtifact();
        var entry = HashedRekordJson(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(other)), otherSignature);
        var entryPath = _directory.File("entry.json");
        File.WriteAllText(entryPath, entry);
        var prepared = await Cli.RunAsync("upload", "--entry", entryPath);
        Assert.True(prepared.ExitCode == 0, prepared.ToString());
        Assert.Contains("Created entry at index", prepared.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_finds_an_uploaded_entry_by_artifact_by_hash_and_by_public_key()
    {
        var (artifact, signature, uuid, _) = await Cli.UploadNewArtifactAsync(Key);

        // The index is written after the answer (as Rekor's), so a search may briefly miss it.
        var byArtifact = await EventuallyAsync(() => Cli.RunAsync("search", "--artifact", artifact), run => run.Out.Contains(uuid, StringComparison.Ordinal));
        Assert.True(byArtifact.ExitCode == 0, byArtifact.ToString());
        Assert.Contains("Found matching entries", byArtifact.Out, StringComparison.Ordinal);

        var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(artifact)));
        var bySha = await Cli.RunAsync("search", "--sha", sha, "--format", "json");
        Assert.True(bySha.ExitCode == 0, bySha.ToString());
        Assert.Contains(uuid, JsonSerializer.Deserialize<string[]>(bySha.Out)!);

        var byKey = await Cli.RunAsync("search", "--public-key", Key.PublicKeyPath, "--pki-format", "x509");
        Assert.True(byKey.ExitCode == 0, byKey.ToString());
        Assert.Contains(uuid, byKey.Out, StringComparison.Ordinal);

        var nothing = await Cli.RunAsync("search", "--sha", new string('0', 64));
        Assert.True(nothing.ExitCode == 0, nothing.ToString());
        Assert.Contains("No matching entries", nothing.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_finds_the_entry_of_an_artifact_by_building_it_and_checks_every_proof()
    {
        var (artifact, signature, uuid, _) = await Cli.UploadNewArtifactAsync(Key);

        var verify = await Cli.RunAsync("verify", "--artifact", artifact, "--signature", signature, "--public-key", Key.PublicKeyPath, "--type", "hashedrekord");
        Assert.True(verify.ExitCode == 0, verify.ToString());
        Assert.Contains("Verification successful for entry " + uuid, verify.Out, StringComparison.Ordinal);

        var byUuid = await Cli.RunAsync("verify", "--uuid", uuid);
        Assert.True(byUuid.ExitCode == 0, byUuid.ToString());

        var (unlogged, unloggedSignature) = Key.SignNewArtifact();
        var missing = await Cli.RunAsync("verify", "--artifact", unlogged, "--signature", unloggedSignature, "--public-key", Key.PublicKeyPath);
        Assert.True(missing.ExitCode == 3, missing.ToString());
        Assert.Contains("holds no entry", missing.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_offline_checks_a_saved_entry_with_the_given_log_key_and_refuses_an_altered_one()
    {
        var (artifact, signature, uuid, _) = await Cli.UploadNewArtifactAsync(Key);
        var saved = await Cli.RunAsync("get", "--uuid", uuid, "--format", "json");
        var savedPath = _directory.File("saved.json");
        File.WriteAllText(savedPath, saved.Out);
        using var http = new HttpClient();
        var logKeyPath = _directory.File("log.pem");
        File.WriteAllText(logKeyPath, await http.GetStringAsync(new Uri(server.Url + "/api/v1/log/publicKey")));

        // Offline: the server named is a closed port, so nothing can come from the network.
        var offline = new CliRunner($"http://127.0.0.1:{FreeTcpPort.Pick()}", _directory.File("state"));
        var good = await offline.RunAsync("verify", "--entry", savedPath, "--log-public-key", logKeyPath);
        Assert.True(good.ExitCode == 0, good.ToString());
        Assert.Contains("Verification successful for entry " + uuid, good.Out, StringComparison.Ordinal);

        // The saved entry's integratedTime moved by a second: the SET no longer covers it.
        var altered = JsonNode.Parse(saved.Out)!;
        var value = altered["entry"]![uuid]!;
        value["integratedTime"] = value["integratedTime"]!.GetValue<long>() + 1;
        var alteredPath = _directory.File("altered.json");
        File.WriteAllText(alteredPath, altered.ToJsonString());
        var bad = await offline.RunAsync("verify", "--entry", alteredPath, "--log-public-key", logKeyPath);
        Assert.True(bad.ExitCode == 3, bad.ToString());
        Assert.Contains("VERIFICATION FAILED", bad.Error, StringComparison.Ordinal);
        Assert.Contains("SignedEntryTimestamp", bad.Error, StringComparison.Ordinal);

        // A key that is not the log's: nothing verifies.
        var otherKeyPath = _directory.File("other.pem");
        using (var other = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256))
        {
            File.WriteAllText(otherKeyPath, other.ExportSubjectPublicKeyInfoPem());
        }

        var wrongKey = await offline.RunAsync("verify", "--entry", savedPath, "--log-public-key", otherKeyPath);
        Assert.True(wrongKey.ExitCode == 3, wrongKey.ToString());
    }

    [Fact]
    public async Task The_servers_refusals_show_its_message_and_exit_2_and_usage_errors_exit_1()
    {
        var (artifact, signature) = Key.SignNewArtifact();
        var (other, _) = Key.SignNewArtifact();
        var mismatched = _directory.File("entry.json");
        File.WriteAllText(mismatched, HashedRekordJson(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(other)), signature));
        var refused = await Cli.RunAsync("upload", "--entry", mismatched);
        Assert.True(refused.ExitCode == 2, refused.ToString());
        Assert.Contains("400", refused.Error, StringComparison.Ordinal);
        Assert.Contains("createLogEntry", refused.Error, StringComparison.Ordinal);

        var missing = await Cli.RunAsync("get", "--log-index", "999999999");
        Assert.True(missing.ExitCode == 2, missing.ToString());
        Assert.Contains("404", missing.Error, StringComparison.Ordinal);

        var unreachable = await new CliRunner($"http://127.0.0.1:{FreeTcpPort.Pick()}", _directory.File("state")).RunAsync("loginfo", "--retry", "0");
        Assert.True(unreachable.ExitCode == 2, unreachable.ToString());
        Assert.Contains("couldn't reach the log", unreachable.Error, StringComparison.Ordinal);

        Assert.Equal(1, (await Cli.RunAsync("get")).ExitCode);
        Assert.Equal(1, (await Cli.RunAsync("get", "--uuid", "x", "--log-index", "1")).ExitCode);
        Assert.Equal(1, (await Cli.RunAsync("no-such-command")).ExitCode);
        Assert.Equal(1, (await Cli.RunAsync("upload", "--artifact", _directory.File("absent"), "--signature", signature, "--public-key", Key.PublicKeyPath)).ExitCode);
        Assert.Equal(1, (await Cli.RunAsync("upload", "--type", "nosuchkind", "--artifact", artifact)).ExitCode);
        Assert.Equal(1, (await Cli.RunAsync("loginfo", "--timeout", "soon")).ExitCode);
    }

    [Fact]
    public async Task Verify_with_a_proposed_entry_file_looks_it_up_and_a_wrong_trusted_log_key_fails_get()
    {
        var (artifact, signature) = Key.SignNewArtifact();
        var entryPath = _directory.File("proposed.json");
        File.WriteAllText(entryPath, HashedRekordJson(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(artifact)), signature));
        var upload = await Cli.RunAsync("upload", "--entry", entryPath, "--format", "json");
        Assert.True(upload.ExitCode == 0, upload.ToString());
        var uuid = JsonDocument.Parse(upload.Out).RootElement.GetProperty("uuid").GetString()!;

        var verify = await Cli.RunAsync("verify", "--entry", entryPath);
        Assert.True(verify.ExitCode == 0, verify.ToString());
        Assert.Contains("Verification successful for entry " + uuid, verify.Out, StringComparison.Ordinal);

        var otherKeyPath = _directory.File("not-the-log.pem");
        using (var other = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256))
        {
            File.WriteAllText(otherKeyPath, other.ExportSubjectPublicKeyInfoPem());
        }

        var wrongKey = await Cli.RunAsync("get", "--uuid", uuid, "--log-public-key", otherKeyPath);
        Assert.True(wrongKey.ExitCode == 3, wrongKey.ToString());
        Assert.Contains("no trusted log key", wrongKey.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_server_and_state_directory_come_from_REKOR_SERVER_and_REKOR_STATE_DIR_when_not_given()
    {
        var variables = new Dictionary<string, string>
        {
            ["REKOR_SERVER"] = server.Url,
            ["REKOR_STATE_DIR"] = _directory.File("env-state"),
        };
        using var output = new StringWriter();
        using var error = new StringWriter();
        var environment = new CliEnvironment(output, error, IsTerminal: false, variables.GetValueOrDefault, _directory.File("home"));
        var (artifact, signature) = Key.SignNewArtifact();
        Assert.Equal(0, await RekorCli.RunAsync(["upload", "--artifact", artifact, "--signature", signature, "--public-key", Key.PublicKeyPath], environment));
        var exitCode = await RekorCli.RunAsync(["loginfo"], environment);
        Assert.True(exitCode == 0, output + "\n" + error);
        Assert.True(File.Exists(_directory.File("env-state/state.json")));
        Assert.False(Directory.Exists(_directory.File("home/.rekor")));
    }

    [Fact]
    public async Task Help_names_every_command_and_the_exit_codes()
    {
        var help = await Cli.RunAsync("--help");
        Assert.Equal(0, help.ExitCode);
        foreach (var command in new[] { "upload", "get", "search", "verify", "loginfo", "logproof", "monitor" })
        {
            Assert.Contains(command, help.Out, StringComparison.Ordinal);
            var commandHelp = await Cli.RunAsync(command, "--help");
            Assert.Equal(0, commandHelp.ExitCode);
            Assert.Contains("4 fork detected", commandHelp.Out, StringComparison.Ordinal);
            Assert.Contains("--rekor_server", commandHelp.Out, StringComparison.Ordinal);
        }

        Assert.Contains("3 verification failed", help.Out, StringComparison.Ordinal);
    }

    /// <summary>A hashedrekord proposed entry written by hand, as a script would: the digest, a signature file and this key.</summary>
    [Fact]
    public async Task Upload_of_several_prepared_entries_uploads_each_and_reports_the_worst_outcome()
    {
        var paths = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var (artifact, signature) = Key.SignNewArtifact();
            paths.Add(_directory.File($"batch-{i}.json"));
            File.WriteAllText(paths[^1], HashedRekordJson(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(artifact)), signature));
        }

        var first = await Cli.RunAsync(["upload", "--entries", .. paths, "--format", "json"]);
        Assert.True(first.ExitCode == 0, first.ToString());
        var results = JsonDocument.Parse(first.Out).RootElement.EnumerateArray().ToList();
        Assert.Equal(paths, results.Select(r => r.GetProperty("file").GetString()));
        Assert.All(results, r => Assert.Equal("created", r.GetProperty("result").GetString()));
        Assert.Equal(3, results.Select(r => r.GetProperty("uuid").GetString()).Distinct().Count());

        // Again, with a file that is not an entry among them: the others are found as already there, the bad one is a
        // usage error, and the run's exit code is that worst outcome.
        var broken = _directory.File("broken.json");
        File.WriteAllText(broken, "{\"kind\":\"no-such-kind\"}");
        var again = await Cli.RunAsync(["upload", "--entries", paths[0], broken, paths[2]]);
        Assert.True(again.ExitCode == 1, again.ToString());
        Assert.Equal(2, again.Out.Split("already existed").Length - 1);
        Assert.Contains("broken.json: not uploaded", again.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_of_a_cose_message_signed_over_external_aad_needs_the_aad_flag()
    {
        using var coseKey = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var aad = "bound context"u8.ToArray();
        var message = _directory.File("message.cose");
        File.WriteAllBytes(message, Rekor.Core.Tests.Cose.TestCose.Sign1(System.Text.Encoding.UTF8.GetBytes("payload " + Guid.NewGuid()), Rekor.Core.Tests.Cose.TestCose.ES256, Rekor.Core.Tests.Cose.TestCose.Es256(coseKey), aad: aad));
        var publicKey = _directory.File("cose.pub.pem");
        File.WriteAllText(publicKey, coseKey.ExportSubjectPublicKeyInfoPem() + "\n");

        var withoutAad = await Cli.RunAsync("upload", "--type", "cose", "--artifact", message, "--public-key", publicKey);
        var withAad = await Cli.RunAsync("upload", "--type", "cose", "--artifact", message, "--public-key", publicKey, "--aad", Convert.ToBase64String(aad));

        Assert.True(withoutAad.ExitCode == 1, withoutAad.ToString());
        Assert.True(withAad.ExitCode == 0, withAad.ToString());
        Assert.Contains("cose 0.0.1", withAad.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_artifact_given_by_url_is_downloaded_for_upload_and_search_and_a_missing_one_is_exit_2()
    {
        var (artifact, signature) = Key.SignNewArtifact();
        var port = FreeTcpPort.Pick();
        using var files = new System.Net.HttpListener();
        files.Prefixes.Add($"http://127.0.0.1:{port}/");
        files.Start();
        var serving = Task.Run(async () =>
        {
            while (files.IsListening)
            {
                System.Net.HttpListenerContext request;
                try
                {
                    request = await files.GetContextAsync();
                }
                catch (Exception e) when (e is System.Net.HttpListenerException or ObjectDisposedException)
                {
                    return; // stopped
                }

                var found = request.Request.Url!.AbsolutePath == "/release.txt";
                request.Response.StatusCode = found ? 200 : 404;
                if (found)
                {
                    await request.Response.OutputStream.WriteAsync(await File.ReadAllBytesAsync(artifact));
                }

                request.Response.Close();
            }
        });

        var upload = await Cli.RunAsync("upload", "--artifact", $"http://127.0.0.1:{port}/release.txt", "--signature", signature, "--public-key", Key.PublicKeyPath);
        var search = await Cli.RunAsync("search", "--artifact", $"http://127.0.0.1:{port}/release.txt");
        var missing = await Cli.RunAsync("upload", "--artifact", $"http://127.0.0.1:{port}/gone.txt", "--signature", signature, "--public-key", Key.PublicKeyPath);
        files.Stop();
        await serving;

        Assert.True(upload.ExitCode == 0, upload.ToString());
        Assert.True(search.ExitCode == 0, search.ToString());
        Assert.True(missing.ExitCode == 2, missing.ToString());
        Assert.Contains("gone.txt answered 404", missing.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_with_format_tle_prints_the_bundle_entry_that_verify_bundle_then_verifies()
    {
        var index = (await Cli.UploadNewArtifactAsync(Key)).Index;

        var tle = await Cli.RunAsync("get", "--log-index", index.ToString(System.Globalization.CultureInfo.InvariantCulture), "--format", "tle");

        Assert.True(tle.ExitCode == 0, tle.ToString());
        var entry = JsonNode.Parse(tle.Out)!.AsObject();
        Assert.Equal(index.ToString(System.Globalization.CultureInfo.InvariantCulture), entry["logIndex"]!.GetValue<string>());
        Assert.Equal("hashedrekord", entry["kindVersion"]!["kind"]!.GetValue<string>());
        Assert.NotNull(entry["inclusionProof"]!["checkpoint"]!["envelope"]);
        var bundle = _directory.File("from-tle.sigstore.json");
        File.WriteAllText(bundle, new JsonObject { ["verificationMaterial"] = new JsonObject { ["tlogEntries"] = new JsonArray(entry) } }.ToJsonString());
        var verified = await Cli.RunAsync("verify", "--bundle", bundle);
        Assert.True(verified.ExitCode == 0, verified.ToString());
    }

    private string HashedRekordJson(byte[] digest, string signaturePath) => new JsonObject
    {
        ["apiVersion"] = "0.0.1",
        ["kind"] = "hashedrekord",
        ["spec"] = new JsonObject
        {
            ["data"] = new JsonObject { ["hash"] = new JsonObject { ["algorithm"] = "sha256", ["value"] = Convert.ToHexStringLower(digest) } },
            ["signature"] = new JsonObject
            {
                ["content"] = Convert.ToBase64String(File.ReadAllBytes(signaturePath)),
                ["publicKey"] = new JsonObject { ["content"] = Convert.ToBase64String(File.ReadAllBytes(Key.PublicKeyPath)) },
            },
        },
    }.ToJsonString();

    private static async Task<CliRun> EventuallyAsync(Func<Task<CliRun>> run, Func<CliRun, bool> done)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            var result = await run();
            if (done(result) || DateTime.UtcNow > deadline)
            {
                return result;
            }

            await Task.Delay(100);
        }
    }
}
