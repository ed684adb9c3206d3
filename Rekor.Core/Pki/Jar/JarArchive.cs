using System.Diagnostics.CodeAnalysis;
using System.IO.Compression;
using System.Text;

namespace Rekor.Core.Pki.Jar;

/// <summary>
/// A JAR's zip structure, read from bytes in memory as Go's <c>archive/zip</c> reads it for Rekor: the central
/// directory's entries in order, each read in full only on request. Every read is bounded by the entry's declared
/// uncompressed size (more data, less data or a CRC mismatch is an error, never a larger buffer), so memory use
/// is bounded by the sizes the caller agreed to read. Every failure of the zip library is an error value.
/// </summary>
public sealed class JarArchive : IDisposable
{
    private const int BufferSize = 32 * 1024;

    private readonly ZipArchive _zip;

    private JarArchive(ZipArchive zip, IReadOnlyList<ZipArchiveEntry> entries)
    {
        _zip = zip;
        Entries = entries;
    }

    /// <summary>The entries in central-directory order (names as written, UTF-8).</summary>
    public IReadOnlyList<ZipArchiveEntry> Entries { get; }

    public static bool TryOpen(byte[] content, [NotNullWhen(true)] out JarArchive? archive, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(content);
        archive = null;
        try
        {
            var zip = new ZipArchive(new MemoryStream(content, writable: false), ZipArchiveMode.Read, leaveOpen: false, Encoding.UTF8);
            archive = new JarArchive(zip, [.. zip.Entries]);
            error = null;
            return true;
        }
        catch (Exception e) when (IsZipFailure(e))
        {
            error = "zip: not a valid zip file: " + e.Message;
            return false;
        }
    }

    /// <summary>Reads a whole entry into memory; the caller has checked that its declared size is acceptable.</summary>
    public bool TryReadAll(ZipArchiveEntry entry, [NotNullWhen(true)] out byte[]? bytes, [NotNullWhen(false)] out string? error)
    {
        using var buffer = new MemoryStream();
        if (!TryRead(entry, chunk => buffer.Write(chunk), out error))
        {
            bytes = null;
            return false;
        }

        bytes = buffer.ToArray();
        return true;
    }

    /// <summary>
    /// Streams an entry's uncompressed bytes to <paramref name="sink"/> in chunks, checking them against the
    /// declared size and CRC-32 as Go's zip reader does.
    /// </summary>
    public bool TryRead(ZipArchiveEntry entry, Action<ReadOnlySpan<byte>> sink, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(sink);
        if (entry.Archive != _zip)
        {
            throw new ArgumentException("the entry belongs to another archive", nameof(entry));
        }

        var declared = entry.Length;
        var crc = new ZipCrc32();
        long read = 0;
        var chunk = new byte[BufferSize];
        try
        {
            using var stream = entry.Open();
            while (true)
            {
                // Never asks for more than one byte past the declared size: that byte is enough to refuse the entry.
                var want = (int)Math.Min(chunk.Length, declared - read + 1);
                var n = stream.Read(chunk, 0, want);
                if (n == 0)
                {
                    break;
                }

                read += n;
                if (read > declared)
                {
                    error = $"zip: {entry.FullName} holds more than its declared {declared} bytes";
                    return false;
                }

                crc.Append(chunk.AsSpan(0, n));
                sink(chunk.AsSpan(0, n));
            }
        }
        catch (Exception e) when (IsZipFailure(e))
        {
            error = $"zip: could not read {entry.FullName}: {e.Message}";
            return false;
        }

        if (read != declared)
        {
            error = $"zip: {entry.FullName} ends after {read} of its declared {declared} bytes";
            return false;
        }

        if (entry.Crc32 != 0 && crc.Value != entry.Crc32)
        {
            error = $"zip: checksum error in {entry.FullName}";
            return false;
        }

        error = null;
        return true;
    }

    public void Dispose() => _zip.Dispose();

    /// <summary>What the zip library throws for malformed or hostile input (as opposed to a bug of ours).</summary>
    private static bool IsZipFailure(Exception e) =>
        e is InvalidDataException or IOException or NotSupportedException or ArgumentException or OverflowException;
}
