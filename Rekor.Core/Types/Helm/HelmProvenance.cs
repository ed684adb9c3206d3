using System.Diagnostics.CodeAnalysis;
using System.Text;
using Rekor.Core.Pki.Pgp;

namespace Rekor.Core.Types.Helm;

/// <summary>
/// A Helm provenance file (<c>helm package --sign</c>'s <c>.prov</c>) as Rekor's <c>pkg/types/helm/provenance.go</c> reads
/// it: a PGP clear-signed message whose text is the chart's metadata (YAML), a <c>...</c> line, then the
/// <see cref="HelmSumCollection"/> naming the chart archive's digest. Immutable.
/// </summary>
internal sealed class HelmProvenance
{
    private HelmProvenance(PgpClearSignedMessage message, IReadOnlyList<KeyValuePair<string, string>>? files)
    {
        Message = message;
        Files = files;
    }

    /// <summary>The clear-signed message: what the signature covers and the signature itself.</summary>
    public PgpClearSignedMessage Message { get; }

    /// <summary>The <c>files</c> entries (archive name, <c>algorithm:hex</c>) in document order; null when the section has none.</summary>
    public IReadOnlyList<KeyValuePair<string, string>>? Files { get; }

    /// <summary>Rekor's <c>Provenance.Unmarshal</c>, with its messages.</summary>
    public static bool TryRead(ReadOnlySpan<byte> content, [NotNullWhen(true)] out HelmProvenance? provenance, [NotNullWhen(false)] out string? error)
    {
        provenance = null;
        if (content.IsEmpty)
        {
            error = "provenance file contains no content";
            return false;
        }

        if (!PgpClearSignedMessage.TryDecode(content, out var message))
        {
            error = "unable to decode provenance file";
            return false;
        }

        // parseMessageBlock: the part after the first "\n...\n" is the sum collection (later parts are ignored).
        var text = Encoding.UTF8.GetString(message.Plaintext);
        var parts = text.Split("\n...\n");
        if (parts.Length < 2)
        {
            error = "error occurred parsing message block: message block must have at least two parts";
            return false;
        }

        if (!HelmSumCollection.TryRead(parts[1], out var files, out var yamlError))
        {
            error = "error occurred parsing message block: error occurred parsing SumCollection: " + yamlError;
            return false;
        }

        provenance = new HelmProvenance(message, files);
        error = null;
        return true;
    }

    /// <summary>
    /// Rekor's <c>GetChartAlgorithmHash</c>: the first <c>files</c> entry split at its colon. Rekor takes whichever entry Go's
    /// map iteration gives first (random when there are several; helm writes one); this takes the first in the document.
    /// </summary>
    public bool TryGetChartHash([NotNullWhen(true)] out string? algorithm, [NotNullWhen(true)] out string? hash, [NotNullWhen(false)] out string? error)
    {
        algorithm = hash = null;
        if (Files is null)
        {
            error = "unable to locate chart hash";
            return false;
        }

        if (Files.Count == 0)
        {
            error = "no checksums found";
            return false;
        }

        var parts = Files[0].Value.Split(':');
        if (parts.Length != 2)
        {
            error = "invalid hash found in Provenance file";
            return false;
        }

        (algorithm, hash, error) = (parts[0], parts[1], null);
        return true;
    }
}
