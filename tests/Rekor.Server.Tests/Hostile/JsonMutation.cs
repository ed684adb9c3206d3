using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;

namespace Rekor.Server.Tests.Hostile;

/// <summary>One change to a JSON draft, with the label a failure report shows (<c>replace $.spec.data.hash.value by "63 hex"</c>).</summary>
internal sealed record JsonMutation(string Label, Action<JsonDraft> Apply)
{
    /// <summary>Mutations at the JSON level: pick any value of the document, then something to do to it.</summary>
    public static Gen<JsonMutation> For(JsonDraft draft) =>
        Gen.Elements(draft.Locations().ToArray()).SelectMany(location => At(draft, location));

    private static Gen<JsonMutation> At(JsonDraft draft, JsonLocation location)
    {
        var node = draft.At(location);
        var choices = new List<(int, Gen<JsonMutation>)>
        {
            (12, Replace(location)),
            (2, Nest(location)),
            (2, RepeatAsArray(location)),
        };
        if (!location.IsRoot)
        {
            choices.Add((3, Delete(location)));
        }

        if (location.MemberName is { } name)
        {
            choices.Add((2, Duplicate(draft, location, name)));
            choices.Add((2, Rename(draft, location, name)));
        }

        if (node is JsonObject)
        {
            choices.Add((2, AddMember(location)));
        }

        if (node is JsonArray items)
        {
            choices.Add((3, Extend(location, items.Count)));
        }

        return Gen.Frequency(choices.ToArray());
    }

    /// <summary>The name of the member a value is, or the array it is an item of, which decides what is hostile there.</summary>
    private static string? ContextName(JsonLocation location)
    {
        for (var at = location; !at.IsRoot; at = at.Parent)
        {
            if (at.MemberName is { } name)
            {
                return name;
            }
        }

        return null;
    }

    private static Gen<JsonMutation> Replace(JsonLocation location) =>
        HostileJsonValues.For(ContextName(location)).Select(value => new JsonMutation($"replace {location} by {value}", d => d.Replace(location, value.Bytes)));

    private static Gen<JsonMutation> Delete(JsonLocation location) => Gen.Constant(new JsonMutation($"delete {location}", d =>
    {
        switch (d.At(location.Parent))
        {
            case JsonObject parent:
                parent.Remove((string)location.Last);
                break;
            case JsonArray parent:
                parent.RemoveAt((int)location.Last);
                break;
            default:
                break;
        }
    }));

    /// <summary>The member twice: its value, then the same name again with a hostile value or the same one.</summary>
    private static Gen<JsonMutation> Duplicate(JsonDraft draft, JsonLocation location, string name) =>
        Gen.Frequency((1, Gen.Constant(RawJson.Text(draft.TextAt(location), "the same value"))), (2, HostileJsonValues.For(name))).Select(second =>
            new JsonMutation($"duplicate {location} with {second}", d => d.Replace(
                location,
                [.. Encoding.UTF8.GetBytes(d.TextAt(location) + "," + JsonSerializer.Serialize(name) + ":"), .. second.Bytes])));

    private static Gen<JsonMutation> Rename(JsonDraft draft, JsonLocation location, string name) =>
        HostileJsonValues.Names(name).Select(newName => new JsonMutation($"rename {location} to {newName}", d =>
        {
            var parent = d.At(location.Parent)!.AsObject();
            var value = parent[name];
            parent.Remove(name);
            parent[d.Placeholder(newName.Bytes)] = value;
        }));

    private static Gen<JsonMutation> AddMember(JsonLocation location) =>
        from name in HostileJsonValues.Names(null)
        from value in HostileJsonValues.Any
        select new JsonMutation($"add {name}: {value} to {location}", d => d.At(location)!.AsObject()[d.Placeholder(name.Bytes)] = JsonValue.Create(d.Placeholder(value.Bytes)));

    /// <summary>The value wrapped in arrays or objects, 2 to 10,000 levels deep.</summary>
    private static Gen<JsonMutation> Nest(JsonLocation location) =>
        from depth in Gen.Elements(2, 63, 64, 65, 100, 1_000, 10_000)
        from inObjects in Gen.Elements(false, true)
        select new JsonMutation($"nest {location} {depth} levels deep in {(inObjects ? "objects" : "arrays")}", d =>
        {
            var (open, close) = inObjects ? ("{\"a\":", "}") : ("[", "]");
            d.Replace(location, Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(open, depth)) + d.TextAt(location) + string.Concat(Enumerable.Repeat(close, depth))));
        });

    /// <summary>The value replaced by an array of copies of it: none, one, 11 (one over Rekor's search limit), or many.</summary>
    private static Gen<JsonMutation> RepeatAsArray(JsonLocation location) =>
        Gen.Elements(0, 1, 11, 12, 100, 1_000).Select(count => new JsonMutation($"repeat {location} as an array of {count}", d =>
        {
            var text = d.TextAt(location);
            var copies = Math.Min(count, Math.Max(1, 1_000_000 / Math.Max(1, text.Length)));
            d.Replace(location, Encoding.UTF8.GetBytes("[" + string.Join(',', Enumerable.Repeat(text, copies)) + "]"));
        }));

    /// <summary>An array grown past Rekor's 10-item search limit, with copies of its items or hostile items.</summary>
    private static Gen<JsonMutation> Extend(JsonLocation location, int count) =>
        from extra in Gen.Choose(Math.Max(1, 11 - count), 40)
        from hostile in Gen.Elements(false, true)
        from item in HostileJsonValues.For(ContextName(location))
        select new JsonMutation(
            $"extend {location} by {extra.ToString(CultureInfo.InvariantCulture)} {(hostile ? "× " + item.Label : "copies")}",
            d =>
            {
                var existing = d.At(location)!.AsArray().Select(i => Encoding.UTF8.GetBytes(i?.ToJsonString() ?? "null")).ToList();
                var added = hostile || existing.Count == 0
                    ? Enumerable.Repeat(item.Bytes, extra)
                    : Enumerable.Range(0, extra).Select(i => existing[i % existing.Count]);
                var items = existing.Concat(added).ToList();
                var array = new List<byte> { (byte)'[' };
                for (var i = 0; i < items.Count; i++)
                {
                    if (i > 0)
                    {
                        array.Add((byte)',');
                    }

                    array.AddRange(items[i]);
                }

                array.Add((byte)']');
                d.Replace(location, [.. array]);
            });
}
