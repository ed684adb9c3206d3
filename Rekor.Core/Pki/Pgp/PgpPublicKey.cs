using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Rekor.Core.Pki.Pgp;

/// <summary>
/// An OpenPGP key ring as Rekor reads it (<c>pkg/pki/pgp</c> <c>NewPublicKey</c>): one or more entities, from
/// ASCII-armored public (or private) key blocks or from binary packets. Its canonical form is Go's: every entity
/// re-serialized with new-format packet headers (see <see cref="PgpEntity"/> for what is kept) inside one
/// <c>PGP PUBLIC KEY BLOCK</c> armor with no headers, 64-column lines and a CRC-24 line; so the armored and the binary
/// export of a key give the same bytes, and a private key block gives only its public parts. Subjects are the
/// email addresses of the user IDs. Immutable and safe to share between threads: verification only reads the
/// BouncyCastle key objects it holds.
/// </summary>
public sealed class PgpPublicKey : IArtifactPublicKey
{
    private static ReadOnlySpan<byte> ArmorStart => "-----BEGIN PGP"u8;
    private static ReadOnlySpan<byte> ArmorEnd => "-----END PGP"u8;

    /// <summary>Go's <c>bufio.Scanner</c> buffer limit: an armored line that fills it without a line feed fails the read.</summary>
    private const int ScannerBufferLength = 64 * 1024;

    private readonly byte[] _canonical;

    private PgpPublicKey(List<PgpEntity> entities)
    {
        Entities = entities;
        using var packets = new MemoryStream();
        foreach (var entity in entities)
        {
            entity.Serialize(packets);
        }

        _canonical = PgpArmor.Encode(PgpArmor.PublicKeyType, packets.ToArray());
        Subjects = entities
            .SelectMany(entity => entity.Identities)
            .Select(identity => PgpUserIdEmail.Of(identity.Name))
            .OfType<string>()
            .ToList();
        Fingerprints = entities.Select(entity => Convert.ToHexStringLower(entity.Primary.GetFingerprint())).ToList();
    }

    internal IReadOnlyList<PgpEntity> Entities { get; }

    SignatureFormat IArtifactPublicKey.Format => SignatureFormat.Pgp;

    /// <summary>What Rekor stores as <c>publicKey.content</c>: the Go-armored re-serialization of every entity.</summary>
    public ReadOnlySpan<byte> CanonicalValue => _canonical;

    /// <summary>The UID email addresses govalidator accepts, entity by entity, user ID by user ID (Rekor's <c>EmailAddresses</c>).</summary>
    public IReadOnlyList<string> Subjects { get; }

    /// <summary>Lowercase hex fingerprints of the entities' primary keys, in order.</summary>
    public IReadOnlyList<string> Fingerprints { get; }

    /// <summary>
    /// Reads a key ring as Rekor's <c>NewPublicKey</c> does. Input starting with <c>-----BEGIN PGP</c> is read line by
    /// line; every line starting with <c>-----END PGP</c> closes one armored block, which must be a public or private
    /// key block; lines after the last such line are ignored. Anything else is read as binary packets. Fails (never
    /// throws) with Rekor's messages when nothing readable is there, and, like Rekor, when the number of entities
    /// equals the number of secret encryption subkeys: a test meant for an empty ring that also refuses, for
    /// instance, a private key block of one key with an encryption subkey.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> input, [NotNullWhen(true)] out PgpPublicKey? key, [NotNullWhen(false)] out string? error)
    {
        key = null;
        if (input.Length < ArmorStart.Length)
        {
            error = "unable to read PGP public key: EOF";
            return false;
        }

        List<PgpEntity>? entities;
        if (input.StartsWith(ArmorStart))
        {
            if (!TryReadArmored(input, out entities, out error))
            {
                return false;
            }
        }
        else if (!PgpKeyRingReader.TryRead(input.ToArray(), out entities, out var binaryError))
        {
            error = "error reading binary PGP public key: " + binaryError;
            return false;
        }

        if (entities.Count == entities.Sum(entity => entity.DecryptionKeyCount))
        {
            error = "no PGP public keys could be read";
            return false;
        }

        key = new PgpPublicKey(entities);
        error = null;
        return true;
    }

    private static bool TryReadArmored(ReadOnlySpan<byte> input, [NotNullWhen(true)] out List<PgpEntity>? entities, [NotNullWhen(false)] out string? error)
    {
        entities = [];
        var block = new MemoryStream();
        var rest = input;
        while (!rest.IsEmpty)
        {
            // Go's bufio.ScanLines: up to a line feed, a final carriage return dropped; the last line may lack the line feed.
            var newline = rest.IndexOf((byte)'\n');
            var line = newline < 0 ? rest : rest[..newline];
            rest = newline < 0 ? [] : rest[(newline + 1)..];
            if (line.Length >= ScannerBufferLength)
            {
                entities = null;
                error = "error reading PGP public key: bufio.Scanner: token too long";
                return false;
            }

            if (line.Length > 0 && line[^1] == (byte)'\r')
            {
                line = line[..^1];
            }

            block.Write(line);
            block.WriteByte((byte)'\n');
            if (!line.StartsWith(ArmorEnd))
            {
                continue;
            }

            if (!TryReadBlock(block.ToArray(), entities, out error))
            {
                entities = null;
                return false;
            }

            block.SetLength(0);
        }

        error = null;
        return true;
    }

    private static bool TryReadBlock(byte[] armored, List<PgpEntity> entities, [NotNullWhen(false)] out string? error)
    {
        var decoded = PgpArmor.TryDecode(armored, out var blockType, out var body, out var armorError);
        if (blockType is null)
        {
            error = "invalid PGP public key provided: " + armorError;
            return false;
        }

        if (blockType is not (PgpArmor.PublicKeyType or PgpArmor.PrivateKeyType))
        {
            error = "invalid PGP type detected";
            return false;
        }

        if (!decoded)
        {
            error = "error reading PGP public key: " + armorError;
            return false;
        }

        if (!PgpKeyRingReader.TryRead(body!, out var read, out var ringError))
        {
            error = "error reading PGP public key: " + ringError;
            return false;
        }

        entities.AddRange(read);
        error = null;
        return true;
    }

    /// <summary>The canonical value as text, for logs and tests.</summary>
    public override string ToString() => Encoding.ASCII.GetString(_canonical);
}
