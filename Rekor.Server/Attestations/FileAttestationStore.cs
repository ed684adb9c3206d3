namespace Rekor.Server.Attestations;

/// <summary>
/// Attestations as files in one directory (<c>--attestation_storage_bucket file:///path</c>), one file per key, named by
/// the key (as Rekor's gocloud file bucket names them). A put writes a temporary file, flushes it to disk, renames it
/// over the key's file and flushes the directory, so a reader sees the old bytes or the new ones, never a part, and a
/// completed put survives a crash.
/// </summary>
public sealed class FileAttestationStore : IAttestationStore
{
    private readonly string _directory;

    public FileAttestationStore(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        _directory = Path.GetFullPath(directory);
    }

    public async Task PutAsync(string key, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        AttestationKeys.Check(key);
        Directory.CreateDirectory(_directory); // here, not at construction: a bucket that cannot be made is a failed put (503)
        var temporary = Path.Combine(_directory, $".tmp-{Guid.NewGuid():N}");
        try
        {
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous))
            {
                await file.WriteAsync(data, cancellationToken);
                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, PathOf(key), overwrite: true);
            DirectorySync.Flush(_directory);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    public async Task<byte[]?> GetAsync(string key, CancellationToken cancellationToken)
    {
        AttestationKeys.Check(key);
        try
        {
            return await File.ReadAllBytesAsync(PathOf(key), cancellationToken);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null; // nothing kept under this key (or nothing kept yet at all)
        }
    }

    private string PathOf(string key) => Path.Combine(_directory, key);
}
