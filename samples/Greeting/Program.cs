using System.Text.Json;
using Rekor.Core.Types;

// Shows that the greeting kind is in the type map (registered by generated code, no list kept by hand),
// then reads a proposed greeting through the same discriminator Rekor's own kinds use.
Console.WriteLine("kinds in the type map: " + string.Join(", ", TypeMap.Kinds.Select(k => k.Kind)));

const string proposed = """{"kind":"greeting","apiVersion":"0.0.1","spec":{"from":"alice","to":"bob","message":"hello"}}""";
using var document = JsonDocument.Parse(proposed);
var parsed = TypeMap.ParseProposedEntry(document.RootElement);
Console.WriteLine(parsed.Succeeded
    ? $"read a {parsed.Entry!.Kind} {parsed.Entry.ApiVersion} entry: {parsed.Entry.Spec.GetType().Name}"
    : "couldn't read the greeting: " + parsed.Message);
return parsed.Succeeded ? 0 : 1;
