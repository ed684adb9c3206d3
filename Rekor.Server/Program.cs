using Rekor.Core.Types;
using Rekor.Server.Api;
using Rekor.Server.Configuration;
using Rekor.Server.Home;
using Rekor.Server.Hosting;
using Rekor.Server.Indexing;
using Rekor.Server.Logging;

// Rekor v1, wire-compatible. Reads like a table of contents: the operator commands (reindex, rotate), the command line, options, listeners, logging,
// services (the log is opened by a hosted service when the host starts), the request conventions, the API groups,
// the home page, health and metrics.
if (args is [ReindexCommand.Name, .. var reindexArguments])
{
    return await ReindexCommand.RunAsync(reindexArguments, Console.Out, CancellationToken.None);
}

if (args is [RotateCommand.Name, .. var rotateArguments])
{
    return await RotateCommand.RunAsync(rotateArguments, Console.Out, CancellationToken.None);
}

if (args is ["version", ..])
{
    Console.WriteLine(VersionCommand.Line());
    return 0;
}

// "serve", rekor-server's subcommand for running the server, is what the rest of this file does.
var commandLine = RekorCommandLine.Translate(args is ["serve", .. var rest] ? rest : args);
if (commandLine.Problems.Count > 0)
{
    return StartupFailure.Report(commandLine.Problems);
}

var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
builder.Configuration.AddInMemoryCollection(commandLine.Settings);
builder.Services.AddSingleton(new IgnoredFlags(commandLine.Ignored));
builder.Services.AddRekorOptions();
builder.Services.AddRekorListeners();
builder.Logging.AddRekorConsole();
builder.Services.AddRekor();
TypeMap.Freeze();

var app = builder.Build();
app.UseMetricsPort();
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

app.PrintWhenStarted();
return await app.RunOrReportAsync<RekorServerOptions>();
