using Rekor.Server.Log;
using Rekor.Server.Storage;

namespace Rekor.Server.Hosting;

/// <summary>Liveness (<c>/ping</c>, as rekor-server answers it) and readiness (<c>/readyz</c>, which reads the store).</summary>
public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapMethods("/ping", [HttpMethods.Get, HttpMethods.Head], () => Results.Text(".", "text/plain"));
        app.MapGet("/readyz", async (TransparencyLog log, ILogStorage storage, CancellationToken cancellationToken) =>
            await storage.ReadHeadAsync(log.Shards.ActiveTreeId, cancellationToken) is { } head
                ? Results.Text($"ready: tree {head.TreeId} at size {head.Size}\n", "text/plain")
                : Results.Text("not ready: the active tree has no head\n", "text/plain", statusCode: StatusCodes.Status503ServiceUnavailable));
        return app;
    }
}
