using System.Diagnostics.CodeAnalysis;
using System.Formats.Cbor;

namespace Rekor.Core.Cose;

/// <summary>
/// A COSE_Sign1 message (RFC 9052 §4.2) read as go-cose v1.3 reads it: only the tagged form (tag 18 followed by a
/// four-element array), definite lengths only, no other tags, no duplicate map keys, nothing after the message.
/// Only what verification and indexing need is kept: the protected header's bytes (signed as they are), its
/// <c>alg</c> and content type, the payload and the signature. Knows nothing of keys or of the log.
/// </summary>
public sealed class CoseSign1Message
{
    /// <summary>The first two bytes of every message go-cose accepts: tag 18 (COSE_Sign1), then an array of four.</summary>
    private static ReadOnlySpan<byte> TaggedPrefix => [0xd2, 0x84];

    private CoseSign1Message(byte[] protectedHeader, CoseProtectedHeader header, byte[]? payload, byte[] signature)
    {
        ProtectedHeaderBytes = protectedHeader;
        Header = header;
        Payload = payload;
        Signature = signature;
    }

    /// <summary>The serialized protected header exactly as received (empty when there is none): what the signature covers.</summary>
    public byte[] ProtectedHeaderBytes { get; }

    /// <summary>The protected header's parameters that matter here.</summary>
    public CoseProtectedHeader Header { get; }

    /// <summary>The payload, or null when the message is detached (CBOR <c>nil</c>), which go-cose cannot verify.</summary>
    public byte[]? Payload { get; }

    /// <summary>The signature bytes; never empty.</summary>
    public byte[] Signature { get; }

    /// <summary>Reads a message; on failure the error is go-cose's message (or one in its style) and nothing is thrown.</summary>
    public static bool TryRead(ReadOnlyMemory<byte> message, [NotNullWhen(true)] out CoseSign1Message? read, [NotNullWhen(false)] out string? error)
    {
        read = null;
        if (!message.Span.StartsWith(TaggedPrefix))
        {
            error = "cbor: invalid COSE_Sign1_Tagged object";
            return false;
        }

        try
        {
            var reader = new CborReader(message[1..], CborConformanceMode.Strict, allowMultipleRootLevelValues: false);
            reader.ReadStartArray();
            var protectedBytes = ReadDefiniteByteString(reader);
            if (reader.PeekState() != CborReaderState.StartMap)
            {
                error = "cbor: invalid unprotected header: cbor: unprotected header: require map type";
                return false;
            }

            CoseProtectedHeader.CheckUnprotected(reader);
            byte[]? payload = null;
            if (reader.PeekState() == CborReaderState.Null)
            {
                reader.ReadNull();
            }
            else
            {
                payload = ReadDefiniteByteString(reader);
            }

            var signature = ReadDefiniteByteString(reader);
            reader.ReadEndArray();
            if (reader.BytesRemaining != 0)
            {
                error = $"cbor: {reader.BytesRemaining} bytes of extraneous data after the COSE_Sign1 message";
                return false;
            }

            if (signature.Length == 0)
            {
                error = "empty signature";
                return false;
            }

            if (!CoseProtectedHeader.TryRead(protectedBytes, out var header, out error))
            {
                error = "cbor: invalid protected header: " + error;
                return false;
            }

            read = new CoseSign1Message(protectedBytes, header, payload, signature);
            return true;
        }
        catch (Exception e) when (e is CborContentException or InvalidOperationException or FormatException)
        {
            error = "cbor: malformed COSE_Sign1 message: " + e.Message;
            return false;
        }
    }

    /// <summary>
    /// The bytes the signature is over (RFC 9052 §4.4): the CBOR array <c>["Signature1", protected, external_aad,
    /// payload]</c>, each byte string with the shortest length encoding, the protected header as received.
    /// </summary>
    public byte[] ToBeSigned(ReadOnlySpan<byte> externalAad)
    {
        var writer = new CborWriter(CborConformanceMode.Canonical);
        writer.WriteStartArray(4);
        writer.WriteTextString("Signature1");
        writer.WriteByteString(ProtectedHeaderBytes);
        writer.WriteByteString(externalAad);
        writer.WriteByteString(Payload ?? []);
        writer.WriteEndArray();
        return writer.Encode();
    }

    /// <summary>A byte string of definite length (go-cose forbids indefinite lengths anywhere).</summary>
    internal static byte[] ReadDefiniteByteString(CborReader reader)
    {
        if (reader.PeekState() != CborReaderState.ByteString)
        {
            throw new CborContentException($"cbor: expected a definite-length byte string, found {reader.PeekState()}");
        }

        return reader.ReadByteString();
    }
}
