using System.Text;

namespace Rekor.Server.Tests.Hostile;

/// <summary>Plays raw cases 16 at a time and records one exchange per expected response, checked by <see cref="RawAnswerRules"/>.</summary>
internal static class RawCasePlayer
{
    private const int Parallelism = 16;

    public static Task PlayAllAsync(IEnumerable<RawCase> cases, int apiPort, int metricsPort, ExchangeLedger ledger) =>
        Parallel.ForEachAsync(cases, new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, async (rawCase, _) =>
        {
            var outcome = await RawConnection.PlayAsync(rawCase, rawCase.ToMetricsPort ? metricsPort : apiPort);
            for (var i = 0; i < rawCase.Answers.Count; i++)
            {
                var expected = rawCase.Answers[i];
                var response = i < outcome.Responses.Count ? outcome.Responses[i] : null;
                var request = new HostileRequest(
                    "RAW",
                    rawCase.Name + (rawCase.Answers.Count > 1 ? $" #{i + 1}" : string.Empty),
                    expected.Request is { } one ? Encoding.Latin1.GetBytes(one) : rawCase.AllBytes,
                    null,
                    $"raw: {rawCase.Family}{(rawCase.ToMetricsPort ? " (metrics port)" : string.Empty)}",
                    rawCase.Name);
                var exchange = response is null
                    ? Exchange.Unanswered(request, outcome.TimedOut ? "timed out" : "the server closed the connection")
                    : new Exchange(request, response.Status, response.MediaType, response.Header("X-Request-Id"), response.Body);
                ledger.Record(exchange, RawAnswerRules.Check(rawCase, expected, response, outcome));
            }
        });
}
