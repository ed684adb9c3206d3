using System.CommandLine;
using System.Security.Cryptography;
using Rekor.Core.Client;
using Rekor.Core.Models;
using Rekor.Core.Types;

namespace Rekor.Cli.Inputs;

/// <summary>
/// The flags that describe an entry, shared by <c>upload</c> and <c>verify</c> with rekor-cli's names and defaults:
/// <c>--type</c> (kind or kind:version, default hashedrekord), <c>--pki-format</c> (default x509), <c>--artifact</c>,
/// <c>--artifact-hash</c>, <c>--signature</c>, <c>--public-key</c> (several separated by commas), <c>--aad</c> (base64) and
/// <c>--entry</c>.
/// </summary>
internal sealed class EntryFlags
{
    public Option<string> Type { get; } = new("--type")
    {
        Description = "Type of entry expressed as type(:version)?; types: " + string.Join(", ", TypeMap.Implementations.Select(i => i.Kind).Distinct().Order(StringComparer.Ordinal)),
        DefaultValueFactory = _ => "hashedrekord",
    };

    public Option<string> PkiFormat { get; } = new("--pki-format")
    {
        Description = "Format of the signature and/or public key: x509, pgp, minisign, ssh, tuf",
        DefaultValueFactory = _ => "x509",
    };

    public Option<string> Artifact { get; } = new("--artifact") { Description = "Path or http(s) URL of the artifact" };

    public Option<string> ArtifactHash { get; } = new("--artifact-hash") { Description = "Hex-encoded SHA-256 (or sha384/sha512, optionally prefixed 'sha512:') hash of the artifact" };

    public Option<string> Signature { get; } = new("--signature") { Description = "Path to the detached signature file (or the signed envelope for dsse, intoto, cose)" };

    public Option<string> PublicKey { get; } = new("--public-key") { Description = "Path to the public key or certificate file; several separated by commas" };

    public Option<string> Entry { get; } = new("--entry") { Description = "Path to a prepared proposed entry (JSON: kind, apiVersion, spec)" };

    public Option<string> Aad { get; } = new("--aad") { Description = "Base64-encoded additional authenticated data the signature covers (cose: the message's external AAD)" };

    public IEnumerable<Option> All => [Type, PkiFormat, Artifact, ArtifactHash, Signature, PublicKey, Entry, Aad];

    /// <summary>True when any flag that builds an entry was given.</summary>
    public bool AnyGiven(ParseResult parse) =>
        parse.GetValue(Entry) is not null || parse.GetValue(Artifact) is not null || parse.GetValue(ArtifactHash) is not null;

    /// <summary>The proposed entry the flags describe: the <c>--entry</c> file, or one built from the artifact flags.</summary>
    public async Task<ProposedEntry> BuildAsync(ParseResult parse, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (parse.GetValue(Entry) is { } entryPath)
        {
            if (!ProposedEntries.TryParse(LocalFiles.ReadText(entryPath, "--entry"), out var prepared, out var error))
            {
                throw CliFailure.Usage($"--entry {entryPath}: {error}");
            }

            return prepared;
        }

        var input = await InputAsync(parse, timeout, cancellationToken).ConfigureAwait(false);
        var type = parse.GetValue(Type)!;
        return ProposedEntries.TryFromArtifact(type, input, out var built, out var buildError)
            ? built
            : throw CliFailure.Usage(buildError);
    }

    private async Task<ArtifactInput> InputAsync(ParseResult parse, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var artifactPath = parse.GetValue(Artifact);
        var hash = parse.GetValue(ArtifactHash);
        if (artifactPath is null && hash is null)
        {
            throw CliFailure.Usage("either --entry or --artifact or --artifact-hash must be given");
        }

        var (algorithm, digest) = hash is null ? (null, null) : ParseHash(hash);
        var keys = parse.GetValue(PublicKey) is { } keyPaths
            ? keyPaths.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(p => (ReadOnlyMemory<byte>)LocalFiles.ReadBytes(p, "--public-key")).ToList()
            : [];
        return new ArtifactInput
        {
            Artifact = Optional(artifactPath is null ? null : await ArtifactSource.ReadAsync(artifactPath, "--artifact", timeout, cancellationToken).ConfigureAwait(false)),
            DigestAlgorithm = algorithm,
            ArtifactDigest = Optional(digest),
            Signature = Optional(parse.GetValue(Signature) is { } signaturePath ? LocalFiles.ReadBytes(signaturePath, "--signature") : null),
            VerificationMaterial = keys.Count > 0 ? keys[0] : Optional(null),
            VerificationMaterials = keys.Count > 1 ? keys.Skip(1).ToList() : null,
            SignatureFormat = parse.GetValue(PkiFormat),
            AdditionalAuthenticatedData = Optional(parse.GetValue(Aad) is { } aad ? Base64(aad) : null),
        };
    }

    private static byte[] Base64(string text)
    {
        try
        {
            return Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            throw CliFailure.Usage($"--aad: '{text}' is not base64");
        }
    }

    /// <summary>
    /// Null for an absent input. (Not <c>c ? null : bytes</c>: that null converts through byte[] to an empty but present
    /// ReadOnlyMemory, which kinds read as an empty digest or signature.)
    /// </summary>
    private static ReadOnlyMemory<byte>? Optional(byte[]? bytes)
    {
        if (bytes is null)
        {
            return null;
        }

        return bytes;
    }

    /// <summary><c>[algorithm:]hex</c>; without an algorithm, the digest's length says which.</summary>
    private static (string Algorithm, byte[] Digest) ParseHash(string text)
    {
        var separator = text.IndexOf(':', StringComparison.Ordinal);
        var hex = separator < 0 ? text : text[(separator + 1)..];
        byte[] digest;
        try
        {
            digest = Convert.FromHexString(hex);
        }
        catch (FormatException)
        {
            throw CliFailure.Usage($"--artifact-hash: '{text}' is not hex");
        }

        var algorithm = separator >= 0 ? text[..separator].ToLowerInvariant() : digest.Length switch
        {
            SHA256.HashSizeInBytes => "sha256",
            SHA384.HashSizeInBytes => "sha384",
            SHA512.HashSizeInBytes => "sha512",
            _ => throw CliFailure.Usage($"--artifact-hash: a {digest.Length}-byte digest is not SHA-256, SHA-384 or SHA-512"),
        };
        return (algorithm, digest);
    }
}
