using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Rekor.Core.Types;

namespace Rekor.Core.Client;

/// <summary>
/// What every generated client method shares once its request is built: sending it, refusing anything but a 2xx with
/// a <see cref="RekorApiException"/> (Rekor's JSON error body read when present), and reading the answer with
/// <see cref="RekorJson.Options"/>. An answer that is not the JSON the operation declares is an
/// <see cref="InvalidDataException"/> naming the operation, never a half-filled model.
/// </summary>
public static class ApiTransport
{
    private const string JsonMediaType = "application/json";

    // Error bodies are read for their message only: at most this much is read (a server or proxy sending megabytes of
    // HTML, or a hostile one sending without end, is cut short), and at most MaxErrorBodyChars of it shown.
    private const int MaxErrorBodyBytes = 64 * 1024;
    private const int MaxErrorBodyChars = 4096;

    /// <summary>Sends <paramref name="request"/> and checks that it succeeded; the answer's body is not read.</summary>
    public static async Task SendAsync(HttpClient client, HttpRequestMessage request, string operationId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var response = await SendCheckedAsync(client, request, operationId, JsonMediaType, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends <paramref name="request"/> and reads the successful answer as JSON of type <typeparamref name="T"/>.</summary>
    public static async Task<T> ReadJsonAsync<T>(HttpClient client, HttpRequestMessage request, string operationId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var response = await SendCheckedAsync(client, request, operationId, JsonMediaType, cancellationToken).ConfigureAwait(false);
        try
        {
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                return await JsonSerializer.DeserializeAsync<T>(stream, RekorJson.Options, cancellationToken).ConfigureAwait(false)
                    ?? throw new InvalidDataException($"{operationId}: the server answered JSON null");
            }
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{operationId}: the server's answer is not the {typeof(T).Name} the API describes: {e.Message}", e);
        }
    }

    /// <summary>Sends <paramref name="request"/> and reads the successful answer as text (e.g. a PEM public key).</summary>
    public static async Task<string> ReadTextAsync(HttpClient client, HttpRequestMessage request, string operationId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        // A text answer has the media type the operation declares (a PEM key is application/x-pem-file): take any.
        using var response = await SendCheckedAsync(client, request, operationId, "*/*", cancellationToken).ConfigureAwait(false);
        return await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A JSON request body of <paramref name="value"/>, written as its declared type with <see cref="RekorJson.Options"/>.</summary>
    public static HttpContent JsonBody<T>(T value) =>
        JsonContent.Create(value, mediaType: new MediaTypeHeaderValue("application/json"), options: RekorJson.Options);

    /// <summary>A path parameter's escaped text.</summary>
    public static string PathValue(string value) => Uri.EscapeDataString(value);

    /// <inheritdoc cref="PathValue(string)"/>
    public static string PathValue(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <inheritdoc cref="PathValue(string)"/>
    public static string PathValue(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <inheritdoc cref="PathValue(string)"/>
    public static string PathValue(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <inheritdoc cref="PathValue(string)"/>
    public static string PathValue(bool value) => value ? "true" : "false";

    /// <summary>Adds a header parameter unless its value is null.</summary>
    public static void AddHeader<T>(HttpRequestMessage request, string name, T? value)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (value is not null)
        {
            request.Headers.TryAddWithoutValidation(name, Convert.ToString(value, CultureInfo.InvariantCulture));
        }
    }

    private static async Task<HttpResponseMessage> SendCheckedAsync(HttpClient client, HttpRequestMessage request, string operationId, string accept, CancellationToken cancellationToken)
    {
        request.Headers.Accept.ParseAdd(accept);
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            var message = await ErrorMessageAsync(response, cancellationToken).ConfigureAwait(false);
            var retryAfter = response.Headers.RetryAfter is { } header
                ? header.Delta ?? (header.Date is { } date ? date - DateTimeOffset.UtcNow : null)
                : null;
            throw new RekorApiException(operationId, response.StatusCode, message, response.Headers.Location, retryAfter);
        }
    }

    /// <summary>The <c>message</c> of Rekor's error body <c>{"code", "message"}</c>; else the start of whatever text came.</summary>
    private static async Task<string?> ErrorMessageAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await ReadAtMostAsync(response.Content, MaxErrorBodyBytes, cancellationToken).ConfigureAwait(false);
        if (text.Length == 0)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("message", out var message)
                && message.ValueKind == JsonValueKind.String)
            {
                return message.GetString();
            }
        }
        catch (JsonException)
        {
            // Not Rekor's error body (a proxy's page, say): its text is the best there is.
        }

        return text.Length > MaxErrorBodyChars ? text[..MaxErrorBodyChars] + "…" : text;
    }

    private static async Task<string> ReadAtMostAsync(HttpContent content, int limit, CancellationToken cancellationToken)
    {
        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var buffer = new byte[limit];
            var filled = 0;
            int read;
            while (filled < limit && (read = await stream.ReadAsync(buffer.AsMemory(filled), cancellationToken).ConfigureAwait(false)) > 0)
            {
                filled += read;
            }

            return System.Text.Encoding.UTF8.GetString(buffer, 0, filled);
        }
    }
}
