using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Rekor.Core.Pki.Jar;

/// <summary>
/// A JAR manifest or signature file (<c>MANIFEST.MF</c>, <c>*.SF</c>) as relic's <c>signjar</c> reads it: sections
/// end at the first blank line (<c>\r\n\r\n</c> searched before <c>\n\n</c>, wherever each is), continuation lines
/// start with a space, attribute names are case-insensitive and a repeated name keeps its last value. A manifest
/// whose sections do not all end in a blank line, or with empty sections, is malformed and refused.
/// </summary>
public sealed class JarManifest
{
    public const string MalformedLineEndings = "manifest has incorrect line ending sequence";

    private JarManifest(JarAttributes main, IReadOnlyDictionary<string, JarAttributes> files)
    {
        Main = main;
        Files = files;
    }

    /// <summary>The main section's attributes.</summary>
    public JarAttributes Main { get; }

    /// <summary>The named sections, by their <c>Name</c> (a repeated name keeps the last section).</summary>
    public IReadOnlyDictionary<string, JarAttributes> Files { get; }

    /// <summary>relic's <c>ParseManifest</c>: a malformed manifest is refused.</summary>
    public static bool TryParse(ReadOnlySpan<byte> manifest, [NotNullWhen(true)] out JarManifest? parsed, [NotNullWhen(false)] out string? error)
    {
        parsed = null;
        var sections = Split(manifest, out var malformed);
        if (sections.Count == 0)
        {
            error = "manifest has no sections";
            return false;
        }

        JarAttributes? main = null;
        Dictionary<string, JarAttributes> files = new(StringComparer.Ordinal);
        for (var i = 0; i < sections.Count; i++)
        {
            if (!JarAttributes.TryParse(sections[i], out var attributes, out error))
            {
                return false;
            }

            if (i == 0)
            {
                main = attributes;
                continue;
            }

            if (attributes.Get("Name") is not { Length: > 0 } name)
            {
                error = "manifest has section with no \"Name\" attribute";
                return false;
            }

            files[name] = attributes;
        }

        if (malformed)
        {
            error = MalformedLineEndings;
            return false;
        }

        parsed = new JarManifest(main!, files);
        error = null;
        return true;
    }

    /// <summary>
    /// relic's <c>splitManifest</c>: the raw bytes of each section, its terminating blank line included (which is what
    /// a signature file digests). <paramref name="malformed"/> tells of a last section with no blank line after it or
    /// of an empty section (which is dropped).
    /// </summary>
    public static List<byte[]> Split(ReadOnlySpan<byte> manifest, out bool malformed)
    {
        malformed = false;
        List<byte[]> sections = [];
        while (!manifest.IsEmpty)
        {
            var crlf = manifest.IndexOf("\r\n\r\n"u8);
            var lf = manifest.IndexOf("\n\n"u8);
            int end;
            if (crlf >= 0)
            {
                end = crlf + 4;
            }
            else if (lf >= 0)
            {
                end = lf + 2;
            }
            else
            {
                end = manifest.Length;
                malformed = true;
            }

            var section = manifest[..end];
            manifest = manifest[end..];
            if (IsBlank(section))
            {
                malformed = true;
                continue;
            }

            sections.Add(section.ToArray());
        }

        return sections;
    }

    private static bool IsBlank(ReadOnlySpan<byte> section) => Encoding.UTF8.GetString(section).Trim().Length == 0;
}
