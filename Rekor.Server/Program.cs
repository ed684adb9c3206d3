using Rekor.Core.Types;

// The host's table of contents. The log, its API and its storage are added by the issues that build them;
// for now the server starts, freezes the type map and answers liveness.
var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();

TypeMap.Freeze();

app.MapGet("/ping", () => Results.Text(".", "text/plain"));
app.MapMethods("/ping", ["HEAD"], () => Results.Ok());
app.MapGet("/", () => Results.Text("Rekor for .NET: entry kinds " + string.Join(", ", TypeMap.Kinds.Select(k => k.Kind)) + "\n", "text/plain"));

app.Run();
