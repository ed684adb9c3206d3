using System.Diagnostics.CodeAnalysis;
using System.Formats.Cbor;

namespace Rekor.Core.Cose;

/// <summary>
/// The parameters of a COSE protected header that matter to the log: <c>alg</c> (label 1) and content type (label 3),
/// checked as go-cose's <c>validateHeaderParameters</c> checks them. Other parameters are stepped over, their labels
/// checked (integers or text, no duplicates).
/// </summary>
/// <param name="Algorithm">The <c>alg</c> value when it is an integer; null when absent or text.</param>
/// <param name="AlgorithmText">The <c>alg</c> value when it is text (go-cose then refuses to verify).</param>
/// <param name="ContentType">The content type when it is text; null when absent or a CoAP number.</param>
public sealed record CoseProtectedHeader(long? Algorithm, string? AlgorithmText, string? ContentType)
{
    private const int AlgorithmLabel = 1;
    private const int CriticalLabel = 2;
    private const int ContentTypeLabel = 3;

    /// <summary>Reads a serialized protected header; empty bytes are the empty header.</summary>
    public static bool TryRead(byte[] serialized, [NotNullWhen(true)] out CoseProtectedHeader? header, [NotNullWhen(false)] out string? error)
    {
        header = null;
        if (serialized.Length == 0)
        {
            header = new CoseProtectedHeader(null, null, null);
            error = null;
            return true;
        }

        if (serialized[0] >> 5 != 5)
        {
            error = "cbor: protected header: require map type";
            return false;
        }

        var reader = new CborReader(serialized, CborConformanceMode.Strict, allowMultipleRootLevelValues: false);
        long? algorithm = null;
        string? algorithmText = null;
        string? contentType = null;
        if (!TryReadMap(reader, protectedHeader: true, (label, r) =>
            {
                if (label is long number && number == AlgorithmLabel)
                {
                    return TryReadAlgorithm(r, out algorithm, out algorithmText);
                }

                if (label is long ct && ct == ContentTypeLabel)
                {
                    return TryReadContentType(r, out contentType);
                }

                CborValueSkipper.Skip(r, depth: 1, allowTags: true);
                return null;
            }, out error))
        {
            return false;
        }

        if (reader.BytesRemaining != 0)
        {
            error = "cbor: extraneous data after the protected header";
            return false;
        }

        header = new CoseProtectedHeader(algorithm, algorithmText, contentType);
        return true;
    }

    /// <summary>Steps over the unprotected header (a map), checking its labels; throws <see cref="CborContentException"/> on error.</summary>
    internal static void CheckUnprotected(CborReader reader)
    {
        if (!TryReadMap(reader, protectedHeader: false, (_, r) =>
            {
                CborValueSkipper.Skip(r, depth: 2);
                return null;
            }, out var error))
        {
            throw new CborContentException("cbor: invalid unprotected header: " + error);
        }
    }

    /// <summary>
    /// Reads a header map: each label (an integer or text, never twice), then its value by <paramref name="readValue"/>,
    /// which returns an error message or null.
    /// </summary>
    private static bool TryReadMap(CborReader reader, bool protectedHeader, Func<object, CborReader, string?> readValue, [NotNullWhen(false)] out string? error)
    {
        try
        {
            if (reader.ReadStartMap() is not { } count)
            {
                error = "cbor: indefinite-length map isn't allowed";
                return false;
            }

            var seen = new HashSet<object>();
            for (var i = 0; i < count; i++)
            {
                object label;
                switch (reader.PeekState())
                {
                    case CborReaderState.UnsignedInteger:
                    case CborReaderState.NegativeInteger:
                        label = reader.ReadInt64();
                        break;
                    case CborReaderState.TextString:
                        label = reader.ReadTextString();
                        break;
                    default:
                        error = "header label: require int / tstr type";
                        return false;
                }

                if (!seen.Add(label))
                {
                    error = $"header label: duplicated label: {label}";
                    return false;
                }

                if (!protectedHeader && label is long l && l == CriticalLabel)
                {
                    error = "header parameter: crit: not allowed";
                    return false;
                }

                if (readValue(label, reader) is { } valueError)
                {
                    error = valueError;
                    return false;
                }
            }

            reader.ReadEndMap();
            error = null;
            return true;
        }
        catch (Exception e) when (e is CborContentException or InvalidOperationException or FormatException or OverflowException)
        {
            error = "cbor: malformed header: " + e.Message;
            return false;
        }
    }

    private static string? TryReadAlgorithm(CborReader reader, out long? algorithm, out string? algorithmText)
    {
        algorithm = null;
        algorithmText = null;
        switch (reader.PeekState())
        {
            case CborReaderState.UnsignedInteger:
            case CborReaderState.NegativeInteger:
                algorithm = reader.ReadInt64();
                return null;
            case CborReaderState.TextString:
                algorithmText = reader.ReadTextString();
                return null;
            default:
                return "protected header: header parameter: alg: require int / tstr type";
        }
    }

    /// <summary>A content type is text of the form <c>type/subtype</c> without surrounding spaces, or a CoAP number.</summary>
    private static string? TryReadContentType(CborReader reader, out string? contentType)
    {
        contentType = null;
        if (reader.PeekState() == CborReaderState.UnsignedInteger)
        {
            reader.ReadUInt64();
            return null;
        }

        if (reader.PeekState() != CborReaderState.TextString)
        {
            return "protected header: header parameter: content type: require tstr / uint type";
        }

        var text = reader.ReadTextString();
        if (text.Length == 0)
        {
            return "protected header: header parameter: content type: require non-empty string";
        }

        if (text[0] == ' ' || text[^1] == ' ')
        {
            return "protected header: header parameter: content type: require no leading/trailing whitespace";
        }

        if (text.Count(c => c == '/') != 1)
        {
            return "protected header: header parameter: content type: require text of form type/subtype";
        }

        contentType = text;
        return null;
    }
}
