using System.Net;
using Rekor.Core.Types;
using Rekor.Server.Api;
using Rekor.Server.Configuration;
using Rekor.Server.Home;
using Rekor.Server.Hosting;

// Rekor v1, wire-compatible. Reads like a table of contents: options, the log, services, the request conventions,
// the API groups, the home page, health and metrics.
var (settings, argumentProblems) = RekorCommandLine.Translate(args);
if (argumentProblems.Count > 0)
{
    return StartupFailure.Report(argumentProblems);
}

var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [] });
builder.Configuration.AddInMemoryCollection(settings);
RekorServerOptions options;
try
{
    options = builder.Configuration.GetSection(RekorServerOptions.Section).Get<RekorServerOptions>(o => o.ErrorOnUnknownConfiguration = true) ?? new RekorServerOptions();
}
catch (InvalidOperationException e)
{
    return StartupFailure.Report([e.Message + (e.InnerException is { } inner ? " " + inner.Message : string.Empty)]);
}

if (options.Problems() is { Count: > 0 } problems)
{
    return StartupFailure.Report(problems);
}

builder.WebHost.ConfigureKestrel(kestrel =>
{
    kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodySize;
    var address = options.Address is "localhost" ? IPAddress.Loopback : IPAddress.Parse(options.Address);
    kestrel.Listen(address, options.Port);
    if (options.MetricsPort > 0)
    {
        kestrel.Listen(address, options.MetricsPort);
    }
});
builder.Logging.AddSimpleConsole(console => console.SingleLine = true);

var (log, storage, signer) = await LogBootstrap.OpenAsync(options, CancellationToken.None);
builder.Services.AddRekor(options, log, storage, signer);
TypeMap.Freeze();

var app = builder.Build();
if (options.MetricsPort > 0)
{
    app.UseMetricsPort(options.MetricsPort);
}

app.UseExceptionHandler(errors => errors.Run(UnhandledErrors.WriteAsync));
app.UseRekorRequestConventions();
app.UseRouting();
app.UseRequestMetrics();
app.UseRekorNotFoundAndMethodNotAllowed();
app.MapHealth();
app.MapLogApi();
app.MapEntriesApi();
app.MapIndexApi();
app.MapHomePage();

_ = app.Services.GetRequiredService<Rekor.Server.Metrics.PrometheusExporter>(); // listen from the first request on
app.Lifetime.ApplicationStarted.Register(() => StartupBanner.Print(options, log));
await app.RunAsync();
await log.DisposeAsync();
return 0;
