namespace Rekor.Core.Signing;

/// <summary>
/// A log's private key in a PEM file: the one place the signing code touches the file system, so everything else
/// (<see cref="LogSignerPem"/>) stays pure text. A written key file is readable by its owner only.
/// </summary>
public static class LogSigningKeyFile
{
    /// <summary>A signer for the private key in the PEM file at <paramref name="path"/>.</summary>
    /// <exception cref="LogSigningKeyException">The file cannot be read or holds no usable key; the message names
    /// the file.</exception>
    public static async Task<InMemoryLogSigner> LoadAsync(string path, string? password, CancellationToken ct)
    {
        string pem;
        try
        {
            pem = await File.ReadAllTextAsync(path, ct);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LogSigningKeyException($"couldn't read the log signing key file '{path}': {e.Message}", e);
        }

        try
        {
            return LogSignerPem.Load(pem, password);
        }
        catch (LogSigningKeyException e)
        {
            throw new LogSigningKeyException($"{e.Message} (file '{path}')", e);
        }
    }

    /// <summary>
    /// Writes the signer's key as PKCS#8 PEM (encrypted when <paramref name="password"/> is given) to a new file at
    /// <paramref name="path"/>, with owner-only permissions on Unix. An existing file is never overwritten.
    /// </summary>
    /// <exception cref="IOException">The file exists or cannot be created.</exception>
    public static async Task WriteAsync(string path, InMemoryLogSigner signer, string? password, CancellationToken ct)
    {
        var pem = LogSignerPem.ToPem(signer, password);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        await using var stream = new FileStream(path, options);
        await using var writer = new StreamWriter(stream);
        await writer.WriteAsync(pem.AsMemory(), ct);
    }
}
