using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Rekor.Server.Signing.Aws;

/// <summary>What kind of key name an <c>awskms://</c> reference holds.</summary>
public enum AwsKmsKeyForm
{
    /// <summary>A key ID: a UUID, optionally with the <c>mrk-</c> prefix of a multi-Region key.</summary>
    KeyId,

    /// <summary>A key ARN: <c>arn:PARTITION:kms:REGION:ACCOUNT:key/UUID</c>.</summary>
    KeyArn,

    /// <summary>An alias name: <c>alias/NAME</c>.</summary>
    AliasName,

    /// <summary>An alias ARN: <c>arn:PARTITION:kms:REGION:ACCOUNT:alias/NAME</c>.</summary>
    AliasArn,
}

/// <summary>
/// A parsed <c>awskms://[ENDPOINT]/KEY</c> reference, in the forms Sigstore's awskms signer accepts: the endpoint (host
/// and optional port, no slash) may be empty (<c>awskms:///alias/rekor</c>), and KEY is a key ID, key ARN, alias name
/// or alias ARN. Invariant: <see cref="KeyId"/> is non-empty and is sent to KMS exactly as written in the URI.
/// </summary>
public sealed partial record AwsKmsKeyReference(string? Endpoint, string KeyId, AwsKmsKeyForm Form)
{
    /// <summary>The URI scheme, with its separator.</summary>
    public const string Scheme = "awskms://";

    private const string Uuid = "(?:mrk-)?[A-Fa-f0-9]{8}-?[A-Fa-f0-9]{4}-?[A-Fa-f0-9]{4}-?[A-Fa-f0-9]{4}-?[A-Fa-f0-9]{12}";
    private const string ArnPrefix = @"arn:aws(?:-us-gov|-cn)?:kms:[a-z0-9-]+:[0-9]{12}:";

    /// <summary>For an alias, the alias name (<c>alias/…</c>); null for a key ID or key ARN.</summary>
    public string? Alias => Form switch
    {
        AwsKmsKeyForm.AliasName => KeyId,
        AwsKmsKeyForm.AliasArn => KeyId[KeyId.IndexOf(":alias/", StringComparison.Ordinal)..][1..],
        _ => null,
    };

    /// <summary>Parses <paramref name="uri"/>; false (with a reason that repeats the URI, which holds no secret) when
    /// it is not a valid <c>awskms://</c> reference.</summary>
    public static bool TryParse(string uri, [NotNullWhen(true)] out AwsKmsKeyReference? reference, [NotNullWhen(false)] out string? error)
    {
        reference = null;
        if (!uri.StartsWith(Scheme, StringComparison.Ordinal))
        {
            error = $"invalid awskms reference \"{uri}\": it must start with {Scheme}";
            return false;
        }

        var rest = uri[Scheme.Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            error = $"invalid awskms reference \"{uri}\": expected awskms://[ENDPOINT]/[ID/ALIAS/ARN] (endpoint optional)";
            return false;
        }

        var endpoint = rest[..slash];
        var key = rest[(slash + 1)..];
        AwsKmsKeyForm? form = KeyIdPattern().IsMatch(key) ? AwsKmsKeyForm.KeyId
            : KeyArnPattern().IsMatch(key) ? AwsKmsKeyForm.KeyArn
            : AliasNamePattern().IsMatch(key) ? AwsKmsKeyForm.AliasName
            : AliasArnPattern().IsMatch(key) ? AwsKmsKeyForm.AliasArn
            : null;
        if (form is null)
        {
            error = $"invalid awskms reference \"{uri}\": the key must be a key ID, key ARN, alias/NAME or alias ARN";
            return false;
        }

        reference = new AwsKmsKeyReference(endpoint.Length == 0 ? null : endpoint, key, form.Value);
        error = null;
        return true;
    }

    /// <summary>Parses <paramref name="uri"/> or throws <see cref="FormatException"/> saying why.</summary>
    public static AwsKmsKeyReference Parse(string uri) =>
        TryParse(uri, out var reference, out var error) ? reference : throw new FormatException(error);

    public override string ToString() => Scheme + Endpoint + "/" + KeyId;

    [GeneratedRegex("^" + Uuid + "$", RegexOptions.CultureInvariant)]
    private static partial Regex KeyIdPattern();

    [GeneratedRegex("^" + ArnPrefix + "key/" + Uuid + "$", RegexOptions.CultureInvariant)]
    private static partial Regex KeyArnPattern();

    [GeneratedRegex("^alias/.+$", RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex AliasNamePattern();

    [GeneratedRegex("^" + ArnPrefix + "alias/.+$", RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex AliasArnPattern();
}
