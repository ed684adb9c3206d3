namespace Rekor.Cli.Inputs;

/// <summary>
/// <c>--artifact</c> as rekor-cli takes it: a local path, or an <c>http(s)://</c> URL that is downloaded (at most
/// <see cref="MaxDownloadBytes"/>). A file that can't be read is a usage failure (exit 1); a download that fails is a
/// network failure (exit 2), naming the URL.
/// </summary>
internal static class ArtifactSource
{
    /// <summary>The largest artifact downloaded; the log's own body limit is far smaller for kinds that upload content.</summary>
    public const long MaxDownloadBytes = 1L << 30;

    public static async Task<byte[]> ReadAsync(string pathOrUrl, string flag, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(pathOrUrl, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            return LocalFiles.ReadBytes(pathOrUrl, flag);
        }

        using var http = new HttpClient { Timeout = timeout, MaxResponseContentBufferSize = MaxDownloadBytes };
        try
        {
            using var response = await http.GetAsync(url, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new CliFailure(ExitCodes.ServerError, $"{flag}: downloading {url} answered {(int)response.StatusCode} {response.StatusCode}");
            }

            return await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new CliFailure(ExitCodes.ServerError, $"{flag}: couldn't download {url}: {e.Message}", e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CliFailure(ExitCodes.ServerError, $"{flag}: downloading {url} took longer than {timeout}", e);
        }
    }
}
