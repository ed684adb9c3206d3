using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;
using Rekor.Core.Json;
using Rekor.Server.Configuration;

namespace Rekor.Server.Api;

/// <summary>
/// Reads a POST body as Rekor does: only <c>application/json</c> (415 otherwise), at most
/// <see cref="RekorServerOptions.MaxRequestBodySize"/> bytes (413), well-formed JSON whose every string is valid
/// Unicode and whose nesting and number of values are bounded (400). Framing errors the host finds while the body is
/// read keep their own status (400 for bad chunking or a short body, 408 for a body that arrives too slowly).
/// Memory: every body is charged to the process's <see cref="RequestBodyBudget"/> before it is read and holds the
/// charge until the request is answered (disposing the returned <see cref="JsonBody"/> gives it back); a body that
/// cannot be charged in time is a 503 with Retry-After. Buffers are plain arrays, not pooled, so the memory of a
/// burst of large bodies goes back to the garbage collector when they are done.
/// </summary>
public static class RequestBody
{
    /// <summary>
    /// A body may hold at most one JSON token (a value, a member name, the start or end of an object or array) per
    /// this many bytes, beyond <see cref="FreeTokens"/>: then the parsed document's index, 12 bytes a token, is never
    /// larger than the body itself. Real entries are far sparser (a hashedrekord has about one token per 80 bytes, a
    /// TUF targets file one per 20); only a body made to exhaust memory comes near it.
    /// </summary>
    public const int MinBytesPerToken = 12;

    /// <summary>Tokens any body may hold whatever its size.</summary>
    public const int FreeTokens = 1024;

    /// <summary>Bodies without a Content-Length are charged for this much until they grow past it.</summary>
    private const int ChunkedInitialCharge = 64 * 1024;

    public static async Task<(JsonBody? Json, IResult? Error)> ReadJsonAsync(HttpContext context, string parameter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var contentType = context.Request.ContentType;
        if (contentType is null || !MediaTypeHeaderValue.TryParse(contentType, out var media) || !media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return (null, ApiResults.Error(415, $"unsupported media type \"{Printable(contentType)}\""));
        }

        var options = context.RequestServices.GetRequiredService<RekorServerOptions>();
        var limit = options.MaxRequestBodySize;
        var declared = context.Request.ContentLength;
        if (declared > limit)
        {
            return (null, TooLarge(limit));
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            // Kestrel counts a chunked body's framing (sizes and line ends) against its limit, so a chunked body of
            // exactly the limit would be refused; chunked bodies are held to the limit by ReadChunkedAsync instead.
            size.MaxRequestBodySize = declared is null ? null : limit;
        }

        var budget = context.RequestServices.GetRequiredService<RequestBodyBudget>();
        var wait = TimeSpan.FromSeconds(options.RequestBodyWaitSeconds);
        var charges = new List<IDisposable>(2);
        try
        {
            var first = await budget.TryChargeAsync(RequestBodyBudget.ChargeFor(declared ?? Math.Min(ChunkedInitialCharge, limit)), wait, cancellationToken);
            if (first is null)
            {
                return (null, Busy(context));
            }

            charges.Add(first);
            byte[]? utf8;
            int length;
            if (declared is { } exact)
            {
                (utf8, length) = (GC.AllocateUninitializedArray<byte>((int)exact), (int)exact);
                await context.Request.Body.ReadExactlyAsync(utf8.AsMemory(0, length), cancellationToken);
            }
            else
            {
                (utf8, length) = await ReadChunkedAsync(context.Request.Body, limit, budget, wait, charges, cancellationToken);
                if (utf8 is null)
                {
                    return (null, Busy(context));
                }
            }

            if (length == 0)
            {
                // go-openapi's answer to a body parameter with no body at all.
                return (null, ApiResults.Error(422, $"{parameter} in body is required", ValidationCode.Required));
            }

            if (JsonTextCheck.FindProblem(utf8.AsSpan(0, length), options.MaxJsonDepth, FreeTokens + (length / MinBytesPerToken), out _) is { } problem)
            {
                return (null, ApiResults.Error(400, $"parsing {parameter} body from \"\" failed, because {problem.Message}"));
            }

            var reader = new Utf8JsonReader(utf8.AsSpan(0, length), new JsonReaderOptions { MaxDepth = options.MaxJsonDepth });

            // JsonElement.ParseValue (unlike JsonDocument's, which rents) copies the JSON and builds its index in arrays
            // of the element's own, not rented from a pool: once the request is done, nothing of it is kept for reuse.
            var root = JsonElement.ParseValue(ref reader);
            utf8 = null;
            var body = new JsonBody(root, charges);
            charges = [];
            return (body, null);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, TooLarge(limit));
        }
        catch (BadHttpRequestException e)
        {
            // The host's own verdict on the framing (bad chunk size, body shorter than declared: 400; too slow: 408).
            return (null, ApiResults.Error(e.StatusCode, $"reading the {parameter} body failed: {e.Message}"));
        }
        catch (IOException e) when (!context.RequestAborted.IsCancellationRequested && e is not EndOfStreamException)
        {
            // Kestrel reports some framing errors this way too (a chunk size that overflows: "Bad chunk size data").
            return (null, ApiResults.Error(400, $"reading the {parameter} body failed: {e.Message}"));
        }
        catch (EndOfStreamException)
        {
            return (null, ApiResults.Error(400, $"reading the {parameter} body failed: it ended before its Content-Length"));
        }
        catch (JsonException e)
        {
            return (null, ApiResults.Error(400, $"parsing {parameter} body from \"\" failed, because {e.Message}"));
        }
        finally
        {
            foreach (var charge in charges)
            {
                charge.Dispose();
            }
        }
    }

    /// <summary>Reads a body of unknown length, charging for the largest allowed body once it outgrows the initial charge.</summary>
    private static async Task<(byte[]? Utf8, int Length)> ReadChunkedAsync(Stream body, long limit, RequestBodyBudget budget, TimeSpan wait, List<IDisposable> charges, CancellationToken cancellationToken)
    {
        var buffer = GC.AllocateUninitializedArray<byte>(4096);
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                var initial = Math.Min(ChunkedInitialCharge, limit);
                if (buffer.Length >= initial && charges.Count == 1 && limit > initial)
                {
                    var more = await budget.TryChargeAsync(RequestBodyBudget.ChargeFor(limit) - RequestBodyBudget.ChargeFor(initial), wait, cancellationToken);
                    if (more is null)
                    {
                        return (null, 0);
                    }

                    charges.Add(more);
                }

                var larger = GC.AllocateUninitializedArray<byte>((int)Math.Min(Math.Max(buffer.Length * 2L, 4096), limit + 1));
                buffer.AsSpan(0, length).CopyTo(larger);
                buffer = larger;
            }

            var read = await body.ReadAsync(buffer.AsMemory(length), cancellationToken);
            if (read == 0)
            {
                return (buffer, length);
            }

            length += read;
            if (length > limit)
            {
                throw new BadHttpRequestException("the chunked body is over the size limit", StatusCodes.Status413PayloadTooLarge);
            }
        }
    }

    private static IResult TooLarge(long limit) =>
        ApiResults.Error(413, "Request Entity Too Large. Limit set to " + limit.ToString(System.Globalization.CultureInfo.InvariantCulture));

    private static IResult Busy(HttpContext context)
    {
        context.Response.Headers.RetryAfter = "1";
        return ApiResults.Error(503, "the server is busy with other large requests; retry later");
    }

    /// <summary>A header value as it may appear in a message: at most 100 printable ASCII characters.</summary>
    private static string Printable(string? value)
    {
        if (value is null)
        {
            return string.Empty;
        }

        var text = new string([.. value.Take(100).Select(c => c is >= ' ' and <= '~' ? c : '?')]);
        return value.Length > 100 ? text + "..." : text;
    }
}

/// <summary>A parsed request body and the memory charge it holds; dispose once the request is answered.</summary>
public sealed class JsonBody(JsonElement root, IReadOnlyList<IDisposable> charges) : IDisposable
{
    public JsonElement RootElement { get; } = root;

    public void Dispose()
    {
        foreach (var charge in charges)
        {
            charge.Dispose();
        }
    }
}
