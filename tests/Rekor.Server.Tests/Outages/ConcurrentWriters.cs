using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Rekor.Server.Tests.Api;

namespace Rekor.Server.Tests.Outages;

/// <summary>
/// Writers posting distinct hashedrekords for a while, as careful clients do: an entry answered 503 is retried, the same
/// JSON, after its Retry-After, until it is answered 201 or 409; only then does the writer move to its next artifact.
/// Whatever is not one of those answers is collected as a violation for the test to report (an assertion inside a
/// writer would only stop that writer).
/// </summary>
internal sealed class ConcurrentWriters
{
    /// <summary>How long one artifact may keep being answered 503 before it counts as never written.</summary>
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(20);

    private readonly ConcurrentQueue<Acknowledgement> _acknowledged = new();
    private readonly ConcurrentQueue<string> _violations = new();
    private int _unavailable;

    public IReadOnlyCollection<Acknowledgement> Acknowledged => _acknowledged;

    public IReadOnlyCollection<string> Violations => _violations;

    /// <summary>How many 503s the writers were answered (each a proper one, or it is also a violation).</summary>
    public int Unavailable => _unavailable;

    /// <summary>Runs <paramref name="writers"/> writers until <paramref name="stop"/>; each finishes the artifact it is on.</summary>
    public async Task RunAsync(HttpClient client, int writers, string prefix, CancellationToken stop)
    {
        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(() => WriteAsync(client, $"{prefix} writer {w}", stop))));
    }

    private async Task WriteAsync(HttpClient client, string name, CancellationToken stop)
    {
        using var signer = new SignedArtifacts(); // a key per writer: ECDsa objects are not for concurrent use
        for (var n = 0; !stop.IsCancellationRequested; n++)
        {
            var artifact = $"{name} artifact {n}";
            await SubmitUntilAnsweredAsync(client, artifact, signer.HashedRekord(artifact));
        }
    }

    private async Task RecordCreatedAsync(HttpResponseMessage response, string artifact, int attempt)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var created = document.RootElement.EnumerateObject().Single();
        if (response.Headers.Location?.OriginalString != "/api/v1/log/entries/" + created.Name)
        {
            _violations.Enqueue($"{artifact}: a 201 whose Location {response.Headers.Location} is not its entry {created.Name}");
        }

        _acknowledged.Enqueue(new Acknowledgement(artifact, created.Name, created.Value.GetProperty("logIndex").GetInt64(), created.Value.GetProperty("body").GetString(), attempt));
    }

    private async Task SubmitUntilAnsweredAsync(HttpClient client, string artifact, string json)
    {
        var clock = Stopwatch.StartNew();
        for (var attempt = 1; ; attempt++)
        {
            HttpResponseMessage response;
            try
            {
                response = await client.PostJsonAsync("/api/v1/log/entries", json);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // The server must keep answering through a database outage: a dropped or hung request is a fault of its own.
                _violations.Enqueue($"{artifact} attempt {attempt}: no answer ({e.Message})");
                return;
            }

            using (response)
            {
                switch (response.StatusCode)
                {
                    case HttpStatusCode.Created:
                        await RecordCreatedAsync(response, artifact, attempt);
                        return;
                    case HttpStatusCode.Conflict when attempt > 1:
                        // A retry of an entry whose earlier attempt was committed after all, though answered 503.
                        var location = response.Headers.Location?.OriginalString ?? "";
                        _acknowledged.Enqueue(new Acknowledgement(artifact, location[(location.LastIndexOf('/') + 1)..], null, null, attempt));
                        return;
                    case HttpStatusCode.ServiceUnavailable:
                        Interlocked.Increment(ref _unavailable);
                        if (await OutageAnswers.UnavailableProblemAsync(response) is { } problem)
                        {
                            _violations.Enqueue($"{artifact} attempt {attempt}: {problem}");
                            return;
                        }

                        if (clock.Elapsed > GiveUpAfter)
                        {
                            _violations.Enqueue($"{artifact}: still answered 503 after {attempt} attempts in {clock.Elapsed}");
                            return;
                        }

                        await Task.Delay(response.Headers.RetryAfter!.Delta!.Value);
                        continue;
                    default:
                        // A 500 above all, or a 409 for an artifact submitted for the first time.
                        _violations.Enqueue($"{artifact} attempt {attempt}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                        return;
                }
            }
        }
    }
}
