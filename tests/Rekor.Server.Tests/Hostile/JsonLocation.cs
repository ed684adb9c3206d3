using System.Collections.Immutable;
using System.Text;

namespace Rekor.Server.Tests.Hostile;

/// <summary>Where a value sits in a JSON document: member names (strings) and array indexes (ints) from the root.</summary>
internal sealed record JsonLocation(ImmutableArray<object> Segments)
{
    public static JsonLocation Root { get; } = new(ImmutableArray<object>.Empty);

    public bool IsRoot => Segments.IsEmpty;

    public object Last => Segments[^1];

    public JsonLocation Parent => new(Segments.RemoveAt(Segments.Length - 1));

    /// <summary>The member name this value is under, or null for the root and array items.</summary>
    public string? MemberName => IsRoot ? null : Last as string;

    public JsonLocation Then(object segment) => new(Segments.Add(segment));

    public override string ToString()
    {
        var path = new StringBuilder("$");
        foreach (var segment in Segments)
        {
            path.Append(segment is string name ? "." + name : $"[{segment}]");
        }

        return path.ToString();
    }
}
