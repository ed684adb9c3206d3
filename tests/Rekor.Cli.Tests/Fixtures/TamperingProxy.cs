using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Rekor.Cli.Tests.Fixtures;

/// <summary>
/// A reverse proxy in front of a real server that passes everything through, except that a JSON answer to a request
/// whose path and query satisfy the rule is handed to the rule's edit first: a log that lies, as a network attacker
/// or a compromised server would. The edit sees the parsed JSON and changes it in place.
/// </summary>
public sealed class TamperingProxy : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly HttpClient _upstream;
    private readonly Func<string, bool> _applies;
    private readonly Action<JsonNode> _edit;
    private readonly Task _loop;
    private int _edits;

    public TamperingProxy(string upstreamUrl, Func<string, bool> applies, Action<JsonNode> edit)
    {
        _upstream = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(upstreamUrl) };
        _applies = applies;
        _edit = edit;
        var port = FreeTcpPort.Pick();
        Url = $"http://127.0.0.1:{port}";
        _listener.Prefixes.Add(Url + "/");
        _listener.Start();
        _loop = Task.Run(AcceptLoopAsync);
    }

    public string Url { get; }

    /// <summary>How many answers the rule has edited so far (a test checks its lie was actually told).</summary>
    public int Edits => Volatile.Read(ref _edits);

    public void Dispose()
    {
        _listener.Close();
        _upstream.Dispose();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The accept loop ends with the listener's closing.
        }
    }

    private async Task AcceptLoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => ForwardAsync(context));
        }
    }

    private async Task ForwardAsync(HttpListenerContext context)
    {
        var pathAndQuery = context.Request.Url!.PathAndQuery;
        using var request = new HttpRequestMessage(new HttpMethod(context.Request.HttpMethod), pathAndQuery.TrimStart('/'));
        if (context.Request.HasEntityBody)
        {
            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            request.Content = new ByteArrayContent(body.ToArray());
            request.Content.Headers.TryAddWithoutValidation("Content-Type", context.Request.ContentType ?? "application/json");
        }

        using var response = await _upstream.SendAsync(request);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        if (response.IsSuccessStatusCode && _applies(pathAndQuery) && JsonNode.Parse(bytes) is { } json)
        {
            _edit(json);
            Interlocked.Increment(ref _edits);
            bytes = Encoding.UTF8.GetBytes(json.ToJsonString());
        }

        context.Response.StatusCode = (int)response.StatusCode;
        if (response.Content.Headers.ContentType is { } contentType)
        {
            context.Response.ContentType = contentType.ToString();
        }

        if (response.Headers.Location is { } location)
        {
            context.Response.RedirectLocation = location.OriginalString;
        }

        context.Response.ContentLength64 = bytes.Length;
        await context.Response.OutputStream.WriteAsync(bytes);
        context.Response.Close();
    }
}
