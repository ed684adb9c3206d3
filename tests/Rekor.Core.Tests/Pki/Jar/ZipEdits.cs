using System.Buffers.Binary;
using System.IO.Compression;

namespace Rekor.Core.Tests.Pki.Jar;

/// <summary>Changes to a JAR's zip made after signing, as an attacker would make them.</summary>
internal static class ZipEdits
{
    /// <summary>The JAR with <paramref name="name"/> replaced (or added) with <paramref name="content"/>, everything else as it was.</summary>
    public static byte[] Put(byte[] jar, string name, byte[] content, CompressionLevel level = CompressionLevel.Optimal)
    {
        using var buffer = new MemoryStream();
        buffer.Write(jar);
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Update, leaveOpen: true))
        {
            zip.GetEntry(name)?.Delete();
            using var stream = zip.CreateEntry(name, level).Open();
            stream.Write(content);
        }

        return buffer.ToArray();
    }

    /// <summary>The content of one entry.</summary>
    public static byte[] Read(byte[] jar, string name)
    {
        using var zip = new ZipArchive(new MemoryStream(jar), ZipArchiveMode.Read);
        using var stream = zip.GetEntry(name)!.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>
    /// The JAR with the uncompressed size the central directory records for <paramref name="name"/> set to
    /// <paramref name="declaredSize"/> (the local header and the data unchanged): a lying directory.
    /// </summary>
    public static byte[] DeclareSize(byte[] jar, string name, uint declaredSize)
    {
        var patched = (byte[])jar.Clone();
        var span = patched.AsSpan();
        for (var at = 0; at + 46 <= span.Length; at++)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(span[at..]) != 0x02014b50)
            {
                continue;
            }

            var nameLength = BinaryPrimitives.ReadUInt16LittleEndian(span[(at + 28)..]);
            if (at + 46 + nameLength <= span.Length && System.Text.Encoding.UTF8.GetString(span.Slice(at + 46, nameLength)) == name)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(span[(at + 24)..], declaredSize);
                return patched;
            }
        }

        throw new InvalidOperationException($"no central directory entry for {name}");
    }

    /// <summary>The offset of the end-of-central-directory record (the last one).</summary>
    public static int EndOfCentralDirectory(byte[] jar)
    {
        for (var at = jar.Length - 22; at >= 0; at--)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(jar.AsSpan(at)) == 0x06054b50)
            {
                return at;
            }
        }

        throw new InvalidOperationException("no end of central directory");
    }
}
