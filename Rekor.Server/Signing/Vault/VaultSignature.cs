using System.Globalization;

namespace Rekor.Server.Signing.Vault;

/// <summary>
/// Reads transit's signature form <c>vault:v&lt;N&gt;:&lt;standard base64&gt;</c> (ASN.1 marshaling).
/// Invariant: a result always carries the version Vault says it signed with, so the caller can check it is the pinned one.
/// </summary>
internal static class VaultSignature
{
    private const string Prefix = "vault:v";

    /// <summary>Splits <paramref name="text"/> into its key version and signature bytes; false when malformed.</summary>
    public static bool TryParse(string text, out int version, out byte[] signature)
    {
        version = 0;
        signature = [];
        if (!text.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var colon = text.IndexOf(':', Prefix.Length);
        if (colon <= Prefix.Length
            || !int.TryParse(text.AsSpan(Prefix.Length, colon - Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out version)
            || version < 1)
        {
            return false;
        }

        try
        {
            signature = Convert.FromBase64String(text[(colon + 1)..]);
        }
        catch (FormatException)
        {
            return false;
        }

        return signature.Length > 0;
    }
}
