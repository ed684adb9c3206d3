using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Rekor.Server.Api;
using Rekor.Server.Log;
using Rekor.Server.Storage;

namespace Rekor.Server.Home;

/// <summary>
/// The human face of the log: a server-rendered page (no scripts, no external assets) with the log's size, root, key
/// and latest entries, a search box (hash, entry ID or log index), and one page per entry.
/// </summary>
public static class HomePage
{
    private const int LatestCount = 10;

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static IEndpointRouteBuilder MapHomePage(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", RenderHomeAsync);
        app.MapGet("/ui/entries/{entryId}", RenderEntryAsync);
        return app;
    }

    private static async Task<IResult> RenderHomeAsync(HttpContext context, TransparencyLog log, ILogStorage storage, ISearchIndex searchIndex, EntryLookup lookup, CancellationToken cancellationToken)
    {
        var head = await storage.ReadHeadAsync(log.Shards.ActiveTreeId, cancellationToken) ?? throw new LogUnavailableException("no active head");
        var html = new StringBuilder();
        Header(html, "Rekor transparency log");
        html.Append("<h1>Rekor transparency log</h1>\n<dl class=\"facts\">\n");
        Fact(html, "Log size", (log.Shards.ActiveOffset + head.Size).ToString("N0", CultureInfo.InvariantCulture), "log-size");
        Fact(html, "Active tree", head.TreeId.ToString(CultureInfo.InvariantCulture) + " (" + head.Size.ToString("N0", CultureInfo.InvariantCulture) + " entries)", "tree-id");
        Fact(html, "Root hash", head.Root.ToHex(), "root-hash");
        Fact(html, "Log ID", log.Identity.Signer.PublicKey.LogId.ToHex(), "log-id");
        html.Append("</dl>\n<h2>Public key</h2>\n<pre id=\"public-key\">").Append(Encode(log.Identity.Signer.PublicKey.ToPem())).Append("</pre>\n");

        var query = context.Request.Query["q"].ToString().Trim();
        html.Append("<h2>Search</h2>\n<form method=\"get\" action=\"/\"><input id=\"search\" name=\"q\" size=\"90\" placeholder=\"artifact hash (sha256:…), entry ID or log index\" value=\"")
            .Append(Encode(query)).Append("\"> <button type=\"submit\">Search</button></form>\n");
        if (query.Length > 0)
        {
            var results = await SearchAsync(query, searchIndex, lookup, cancellationToken);
            html.Append("<ul id=\"results\">\n");
            foreach (var id in results)
            {
                html.Append("<li><a href=\"/ui/entries/").Append(id).Append("\">").Append(id).Append("</a></li>\n");
            }

            html.Append("</ul>\n");
            if (results.Count == 0)
            {
                html.Append("<p id=\"no-results\">Nothing in the log matches “").Append(Encode(query)).Append("”.</p>\n");
            }
        }

        html.Append("<h2>Latest entries</h2>\n<table id=\"latest\"><tr><th>Log index</th><th>Entry ID</th><th>Kind</th><th>Integrated (UTC)</th></tr>\n");
        for (var index = head.Size - 1; index >= Math.Max(0, head.Size - LatestCount); index--)
        {
            if (await storage.ReadEntryAsync(head.TreeId, index, cancellationToken) is not { } entry)
            {
                continue;
            }

            var id = EntryResponses.EntryId(entry.TreeId, entry.LeafHash);
            html.Append("<tr><td>").Append(log.Shards.ActiveOffset + index).Append("</td><td><a href=\"/ui/entries/").Append(id).Append("\">").Append(id)
                .Append("</a></td><td>").Append(Encode(KindOf(entry.Body))).Append("</td><td>").Append(Time(entry.IntegratedTimeSeconds)).Append("</td></tr>\n");
        }

        html.Append("</table>\n");
        Footer(html);
        return Results.Content(html.ToString(), "text/html; charset=utf-8");
    }

    private static async Task<IResult> RenderEntryAsync(string entryId, EntryLookup lookup, CancellationToken cancellationToken)
    {
        if (!Core.Verification.EntryId.TryParse(entryId, out var parsed)
            || await lookup.ByLeafHashAsync(parsed.TreeId, parsed.Uuid, cancellationToken) is not { } found)
        {
            return Results.Content("<!doctype html><title>Not found</title><p>No such entry.</p>", "text/html; charset=utf-8", statusCode: 404);
        }

        var (id, entry) = found.Single();
        var body = Convert.FromBase64String(entry.Body.GetString()!);
        var html = new StringBuilder();
        Header(html, "Entry " + id);
        html.Append("<p><a href=\"/\">← log</a></p>\n<h1>Entry</h1>\n<dl class=\"facts\">\n");
        Fact(html, "Entry ID", id, "entry-id");
        Fact(html, "Log index", entry.LogIndex.ToString(CultureInfo.InvariantCulture), "log-index");
        Fact(html, "Kind", KindOf(body), "kind");
        Fact(html, "Integrated (UTC)", Time(entry.IntegratedTime), "integrated-time");
        Fact(html, "Log ID", entry.LogID, "entry-log-id");
        html.Append("</dl>\n<h2>Body</h2>\n<pre id=\"body\">").Append(Encode(Pretty(body))).Append("</pre>\n");
        html.Append("<h2>Signed entry timestamp</h2>\n<pre>").Append(Convert.ToBase64String(entry.Verification!.SignedEntryTimestamp!)).Append("</pre>\n");
        html.Append("<h2>Inclusion proof</h2>\n<pre>").Append(Encode(entry.Verification.InclusionProof!.Checkpoint)).Append("</pre>\n");
        Footer(html);
        return Results.Content(html.ToString(), "text/html; charset=utf-8");
    }

    /// <summary>Entry IDs for a query: a log index, an entry ID or UUID, or an artifact hash from the search index.</summary>
    private static async Task<List<string>> SearchAsync(string query, ISearchIndex searchIndex, EntryLookup lookup, CancellationToken cancellationToken)
    {
        var text = query.ToLowerInvariant();
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
        {
            return await lookup.ByGlobalIndexAsync(index, cancellationToken) is { } byIndex ? [.. byIndex.Keys] : [];
        }

        if (Core.Verification.EntryId.TryParse(text, out var id) && await lookup.ByLeafHashAsync(id.TreeId, id.Uuid, cancellationToken) is { } byId)
        {
            return [.. byId.Keys];
        }

        return [.. await searchIndex.LookupAsync([SearchKeys.ForArtifactHash(text)], cancellationToken)];
    }

    private static string KindOf(byte[] body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.TryGetProperty("kind", out var kind) ? kind.GetString() ?? "?" : "?";
        }
        catch (JsonException)
        {
            return "?";
        }
    }

    private static string Pretty(byte[] body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return JsonSerializer.Serialize(json.RootElement, Indented);
        }
        catch (JsonException)
        {
            return Encoding.UTF8.GetString(body);
        }
    }

    private static string Time(long unixSeconds) => DateTimeOffset.FromUnixTimeSeconds(unixSeconds).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private static void Fact(StringBuilder html, string name, string value, string id) =>
        html.Append("<dt>").Append(Encode(name)).Append("</dt><dd id=\"").Append(id).Append("\"><code>").Append(Encode(value)).Append("</code></dd>\n");

    private static void Header(StringBuilder html, string title) => html.Append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
        .Append(Encode(title))
        .Append("</title><style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:72rem}code,pre{font-size:.9rem}pre{background:#f4f4f4;padding:.75rem;overflow-x:auto}")
        .Append("dl.facts{display:grid;grid-template-columns:max-content auto;gap:.25rem 1rem}dt{font-weight:600}table{border-collapse:collapse}td,th{padding:.25rem .75rem;text-align:left;border-bottom:1px solid #ddd}</style></head><body>\n");

    private static void Footer(StringBuilder html) => html.Append("<footer><p>Rekor v1 API at <code>/api/v1</code>.</p></footer>\n</body></html>\n");
}
