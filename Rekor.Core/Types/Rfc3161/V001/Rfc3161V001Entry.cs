using Rekor.Core.Models;
using Rekor.Core.Pki.Pkcs7;
using Rekor.Core.Pki.Rfc3161;
using Rekor.Core.Pki;

namespace Rekor.Core.Types.Rfc3161.V001;

/// <summary>
/// rfc3161 0.0.1: an RFC 3161 timestamp response.
/// Its model, schema validation and registration are generated from schemas/rfc3161/; the behaviour this kind
/// overrides (validation, verification, canonicalization, index keys, building from an artifact) lives here.
/// </summary>
/// <remarks>
/// Follows Rekor's <c>pkg/types/rfc3161/v0.0.1/entry.go</c>: the response is at most 10 KiB, its status is granted
/// or grantedWithMods, its token is a signedData and every signer's signature verifies with the certificate the
/// token carries (no chain, no trust: the log records what a TSA said, not that the TSA is trusted). The canonical
/// body is the response unchanged; the one index key is <c>sha256:&lt;hex of the response&gt;</c>.
/// </remarks>
[EntryType("rfc3161", "0.0.1")]
public sealed partial class Rfc3161V001Entry
{
    /// <summary>Rekor's hard limit on <c>tsr.content</c> (10 * 1024 bytes), independent of any server flag.</summary>
    public const int MaxResponseSize = 10 * 1024;

    /// <summary>The outcome of checking the response, done once per instance on first use.</summary>
    private EntryOutcome? _checked;

    /// <summary>Rekor's <c>validate</c>: size, parse, status, content type, signature; with Rekor's messages.</summary>
    public override EntryOutcome Validate() => _checked ??= Check();

    /// <summary>The response unchanged, once it has been checked.</summary>
    public override ValueTask<EntryOutcome<byte[]>> CanonicalizeAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var valid = Validate();
        return ValueTask.FromResult(valid.Succeeded ? EntryOutcome<byte[]>.Success(Write(Spec.Tsr.Content)) : EntryOutcome<byte[]>.Fail(valid.Error!));
    }

    /// <summary>The canonical body of a logged entry: the log keeps the whole response, so this checks it again too.</summary>
    public EntryOutcome<byte[]> CanonicalizeStoredEntry()
    {
        var valid = Validate();
        return valid.Succeeded ? EntryOutcome<byte[]>.Success(Write(Spec.Tsr.Content)) : EntryOutcome<byte[]>.Fail(valid.Error!);
    }

    /// <summary><c>sha256:&lt;hex of the response&gt;</c>.</summary>
    public override ValueTask<EntryOutcome<IReadOnlyList<string>>> IndexKeysAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (Spec.Tsr?.Content is not { } content)
        {
            return ValueTask.FromResult(EntryOutcome<IReadOnlyList<string>>.Fail(EntryErrorKind.InvalidInput, "invalid object"));
        }

        IReadOnlyList<string> keys = ["sha256:" + DigestAlgorithms.Sha256Hex(content)];
        return ValueTask.FromResult(EntryOutcome<IReadOnlyList<string>>.Success(keys));
    }

    /// <summary>A logged entry keeps the whole response, so it verifies as it did on insert.</summary>
    public override ValueTask<EntryOutcome> VerifyAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Validate());
    }

    /// <summary>
    /// Client side: the artifact is the DER timestamp response. Rekor's client sends it unchecked; this one checks it
    /// first, so a response the log would refuse is refused here with the same message.
    /// </summary>
    public static EntryOutcome<EntryImplementation> FromArtifact(ArtifactInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Artifact is not { Length: > 0 } artifact)
        {
            return EntryOutcome<EntryImplementation>.Fail(EntryErrorKind.InvalidInput, "the timestamp response must be provided");
        }

        var entry = new Rfc3161V001Entry(new Rfc3161V001Schema { Tsr = new Rfc3161V001SchemaTsr { Content = artifact.ToArray() } });
        var valid = entry.Validate();
        return valid.Succeeded ? EntryOutcome<EntryImplementation>.Success(entry) : EntryOutcome<EntryImplementation>.Fail(valid.Error!);
    }

    private static byte[] Write(byte[] response) =>
        CanonicalEntryJson.Write(KindName, SchemaVersion, spec =>
        {
            spec.WriteStartObject("tsr");
            spec.WriteBase64String("content", response);
            spec.WriteEndObject();
        });

    private EntryOutcome Check()
    {
        if (Spec.Tsr is not { } tsr)
        {
            return Invalid("missing tsr data");
        }

        if (tsr.Content is not { } content)
        {
            return Invalid("missing tsr content");
        }

        if (content.Length == 0)
        {
            return Invalid("'content' must be specified for data");
        }

        if (content.Length > MaxResponseSize)
        {
            return Invalid("tsr exceeds maximum allowed size (10kB)");
        }

        if (!TimeStampResponse.TryParse(content, out var response, out var error))
        {
            return Invalid(error);
        }

        if (response.Status != TimeStampResponse.StatusGranted && response.Status != TimeStampResponse.StatusGrantedWithMods)
        {
            return Invalid($"tsr status not granted: {response.Status}");
        }

        if (response.Token is not { } token || token.ContentType != Pkcs7SignedData.SignedDataOid)
        {
            return Invalid($"tsr wrong content type: {response.Token?.ContentType}");
        }

        return token.TryVerify(externalContent: null, out error) ? EntryOutcome.Success : Invalid("tsr verification error: " + error);
    }

    private static EntryOutcome Invalid(string message) => EntryOutcome.Fail(EntryErrorKind.InvalidInput, message);
}
