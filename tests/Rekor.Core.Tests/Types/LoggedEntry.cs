using System.Text.Json;
using Rekor.Core.Types;

namespace Rekor.Core.Tests.Types;

/// <summary>Reads JSON (a logged body or a proposed entry) the way the server will: the type map, then the kind's implementation.</summary>
public static class LoggedEntry
{
    public static EntryImplementation Parse(ReadOnlySpan<byte> json)
    {
        using var document = JsonDocument.Parse(json.ToArray());
        var parsed = TypeMap.ParseProposedEntry(document.RootElement);
        Assert.True(parsed.Succeeded, parsed.Message);
        var implementation = TypeMap.CreateImplementation(parsed.Entry!);
        Assert.True(implementation.Succeeded, implementation.Error?.Message);
        return implementation.Value!;
    }

    public static EntryImplementation Parse(string json) => Parse(System.Text.Encoding.UTF8.GetBytes(json));
}
