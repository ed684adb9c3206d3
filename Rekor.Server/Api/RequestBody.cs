using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;
using Rekor.Server.Configuration;

namespace Rekor.Server.Api;

/// <summary>
/// Reads a POST body as Rekor does: only <c>application/json</c> (415 otherwise), at most
/// <see cref="RekorServerOptions.MaxRequestBodySize"/> bytes (413), well-formed JSON (400).
/// </summary>
public static class RequestBody
{
    public static async Task<(JsonDocument? Json, IResult? Error)> ReadJsonAsync(HttpContext context, string parameter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var contentType = context.Request.ContentType;
        if (contentType is null || !MediaTypeHeaderValue.TryParse(contentType, out var media) || !media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return (null, ApiResults.Error(415, $"unsupported media type \"{contentType}\""));
        }

        var limit = context.RequestServices.GetRequiredService<RekorServerOptions>().MaxRequestBodySize;
        if (context.Request.ContentLength > limit)
        {
            return (null, TooLarge(limit));
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limit;
        }

        try
        {
            return (await JsonDocument.ParseAsync(context.Request.Body, default, cancellationToken), null);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, TooLarge(limit));
        }
        catch (JsonException e)
        {
            return (null, ApiResults.Error(400, $"parsing {parameter} body from \"\" failed, because {e.Message}"));
        }
    }

    private static IResult TooLarge(long limit) =>
        ApiResults.Error(413, "Request Entity Too Large. Limit set to " + limit.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
