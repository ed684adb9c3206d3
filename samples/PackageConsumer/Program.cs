using System.Text.Json;
using Rekor.Core.Types;

// Rekor's kinds (registered by Rekor.Core) and this project's own (registered by the code generated here) share one
// type map. The package test reads these lines.
Console.WriteLine("kinds: " + string.Join(",", TypeMap.Kinds.Select(k => k.Kind).Order(StringComparer.Ordinal)));

const string proposed = """{"kind":"postcard","apiVersion":"0.0.1","spec":{"place":"Lisbon","to":"home","text":"wish you were here"}}""";
using var document = JsonDocument.Parse(proposed);
var parsed = TypeMap.ParseProposedEntry(document.RootElement);
Console.WriteLine(parsed.Succeeded
    ? $"read: {parsed.Entry!.Kind} {parsed.Entry.ApiVersion} {parsed.Entry.Spec.GetType().FullName}"
    : "couldn't read the postcard: " + parsed.Message);
return parsed.Succeeded ? 0 : 1;
