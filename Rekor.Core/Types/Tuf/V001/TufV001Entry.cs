using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Rekor.Core.Models;
using Rekor.Core.Pki.Tuf;
using Rekor.Core.Pki;

namespace Rekor.Core.Types.Tuf.V001;

/// <summary>
/// tuf 0.0.1: TUF metadata together with the root that signs it.
/// Its model, schema validation and registration are generated from schemas/tuf/; the behaviour this kind
/// overrides (validation, verification, canonicalization, index keys, building from an artifact) lives here.
/// </summary>
/// <remarks>
/// Follows Rekor's <c>pkg/types/tuf/v0.0.1/entry.go</c> and <c>pkg/pki/tuf/tuf.go</c> (go-tuf v0.7.0). Each content is
/// a JSON object, or a base64 string of one. The root must verify itself (<see cref="TufRoot"/>), then the metadata
/// against the root's role named by its <c>_type</c>; both must be unexpired. The canonical body keeps the root's
/// <c>spec_version</c> and both documents as base64 strings of their RFC 8785 JSON (<see cref="TufSigned.CanonicalValue"/>).
/// </remarks>
[EntryType("tuf", "0.0.1")]
public sealed partial class TufV001Entry
{
    /// <summary>The entry read and, on insert, verified: once per instance, on first use, and kept.</summary>
    private EntryOutcome<TufRecord>? _verified;

    private sealed record TufRecord(TufSigned Metadata, TufSigned Root);

    /// <summary>Rekor's <c>Validate</c>: both contents present.</summary>
    public override EntryOutcome Validate()
    {
        if (Spec.Root is null)
        {
            return Invalid("missing root");
        }

        if (IsAbsent(Spec.Root.Content))
        {
            return Invalid("root must be specified");
        }

        if (Spec.Metadata is null)
        {
            return Invalid("missing TUF metadata");
        }

        return IsAbsent(Spec.Metadata.Content) ? Invalid("TUF metadata must be specified") : EntryOutcome.Success;

        static EntryOutcome Invalid(string message) => EntryOutcome.Fail(EntryErrorKind.InvalidInput, message);
    }

    /// <summary>Rekor's <c>fetchExternalEntities</c> (metadata read, root read and self-verified, metadata verified), then the canonical body.</summary>
    public override ValueTask<EntryOutcome<byte[]>> CanonicalizeAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var verified = ReadAndVerify();
        return ValueTask.FromResult(verified.Succeeded ? EntryOutcome<byte[]>.Success(Write(verified.Value!)) : EntryOutcome<byte[]>.Fail(verified.Error!));
    }

    /// <summary>
    /// Re-derives the canonical body of an entry as the log returns it, without verifying it (its metadata may have
    /// expired since). For reading and comparing logged entries only: <see cref="CanonicalizeAsync"/> admits entries.
    /// </summary>
    public EntryOutcome<byte[]> CanonicalizeStoredEntry()
    {
        var read = ReadDocuments();
        return read.Succeeded ? EntryOutcome<byte[]>.Success(Write(read.Value!)) : EntryOutcome<byte[]>.Fail(read.Error!);
    }

    /// <summary>§8.7: sha256 of the canonical metadata (bare hex), its role, its version in decimal, sha256 of the canonical root.</summary>
    public override ValueTask<EntryOutcome<IReadOnlyList<string>>> IndexKeysAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var read = ReadDocuments();
        if (!read.Succeeded)
        {
            return ValueTask.FromResult(EntryOutcome<IReadOnlyList<string>>.Fail(read.Error!));
        }

        var (metadata, root) = read.Value!;
        IReadOnlyList<string> keys =
        [
            DigestAlgorithms.Sha256Hex(metadata.CanonicalValue),
            metadata.Role.ToLowerInvariant(),
            metadata.Version.ToString(System.Globalization.CultureInfo.InvariantCulture),
            DigestAlgorithms.Sha256Hex(root.CanonicalValue),
        ];
        return ValueTask.FromResult(EntryOutcome<IReadOnlyList<string>>.Success(keys));
    }

    /// <summary>Verifies the root with itself and the metadata with the root, now (a logged entry whose metadata has expired no longer verifies).</summary>
    public override ValueTask<EntryOutcome> VerifyAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(new EntryOutcome(ReadAndVerify().Error));
    }

    /// <summary>
    /// Client side (Rekor's <c>CreateFromArtifactProperties</c>): the metadata JSON (<see cref="ArtifactInput.Artifact"/>)
    /// and the root JSON (<see cref="ArtifactInput.VerificationMaterial"/>), sent as base64 strings and verified first.
    /// </summary>
    public static EntryOutcome<EntryImplementation> FromArtifact(ArtifactInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Artifact is not { Length: > 0 } metadata || input.VerificationMaterial is not { Length: > 0 } root)
        {
            return EntryOutcome<EntryImplementation>.Fail(EntryErrorKind.InvalidInput, "the TUF metadata (artifact) and root (public key) must be provided");
        }

        var entry = new TufV001Entry(new TufV001Schema
        {
            Metadata = new TufV001SchemaMetadata { Content = JsonSerializer.SerializeToElement(Convert.ToBase64String(metadata.Span)) },
            Root = new TufV001SchemaRoot { Content = JsonSerializer.SerializeToElement(Convert.ToBase64String(root.Span)) },
        });
        var verified = entry.ReadAndVerify();
        return verified.Succeeded ? EntryOutcome<EntryImplementation>.Success(entry) : EntryOutcome<EntryImplementation>.Fail(verified.Error!);
    }

    private static byte[] Write(TufRecord record) =>
        CanonicalEntryJson.Write(KindName, SchemaVersion, spec =>
        {
            spec.WriteStartObject("metadata");
            spec.WriteBase64String("content", record.Metadata.CanonicalValue);
            spec.WriteEndObject();
            spec.WriteStartObject("root");
            spec.WriteBase64String("content", record.Root.CanonicalValue);
            spec.WriteEndObject();
            if (record.Root.SpecVersion.Length > 0)
            {
                spec.WriteString("spec_version", record.Root.SpecVersion);
            }
        });

    private static bool IsAbsent(JsonElement content) => content.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null;

    private EntryOutcome<TufRecord> ReadAndVerify() => _verified ??= ReadAndVerifyOnce(DateTimeOffset.UtcNow);

    private EntryOutcome<TufRecord> ReadAndVerifyOnce(DateTimeOffset now)
    {
        if (Validate().Error is { } invalid)
        {
            return EntryOutcome<TufRecord>.Fail(invalid);
        }

        if (!TryContent(Spec.Metadata.Content, "metadata", out var metadataBytes, out var error)
            || !TufSigned.TryRead(metadataBytes, out var metadata, out error)
            || !TryContent(Spec.Root.Content, "root", out var rootBytes, out error)
            || !TufRoot.TryRead(rootBytes, now, out var root, out error)
            || !root.TryVerify(metadata, now, out error))
        {
            return EntryOutcome<TufRecord>.Fail(EntryErrorKind.InvalidInput, error);
        }

        return EntryOutcome<TufRecord>.Success(new TufRecord(metadata, root.Document));
    }

    /// <summary>Both documents read (metadata first, as Rekor does), nothing verified.</summary>
    private EntryOutcome<TufRecord> ReadDocuments()
    {
        if (Validate().Error is { } invalid)
        {
            return EntryOutcome<TufRecord>.Fail(invalid);
        }

        if (!TryContent(Spec.Metadata.Content, "metadata", out var metadataBytes, out var error)
            || !TufSigned.TryRead(metadataBytes, out var metadata, out error)
            || !TryContent(Spec.Root.Content, "root", out var rootBytes, out error)
            || !TufSigned.TryRead(rootBytes, out var root, out error))
        {
            return EntryOutcome<TufRecord>.Fail(EntryErrorKind.InvalidInput, error);
        }

        return EntryOutcome<TufRecord>.Success(new TufRecord(metadata, root));
    }

    /// <summary>Rekor's <c>parseRootContent</c>/<c>parseMetadataContent</c>: a string is base64 of the JSON, anything else is the JSON.</summary>
    private static bool TryContent(JsonElement content, string what, [NotNullWhen(true)] out byte[]? bytes, [NotNullWhen(false)] out string? error)
    {
        error = null;
        if (content.ValueKind != JsonValueKind.String)
        {
            bytes = JsonSerializer.SerializeToUtf8Bytes(content);
            return true;
        }

        try
        {
            bytes = Convert.FromBase64String(content.GetString()!);
            return true;
        }
        catch (FormatException)
        {
            bytes = null;
            error = $"base64 decoding TUF {what} content: illegal base64 data";
            return false;
        }
    }
}
