namespace Rekor.Core.Cose;

/// <summary>
/// The COSE algorithm identifiers (IANA "COSE Algorithms") that a message may name in its <c>alg</c> header, with the
/// names go-cose prints for them in its messages.
/// </summary>
public static class CoseAlgorithm
{
    public const long ES256 = -7;
    public const long EdDSA = -8;
    public const long ES384 = -35;
    public const long ES512 = -36;
    public const long PS256 = -37;
    public const long PS384 = -38;
    public const long PS512 = -39;
    public const long RS256 = -257;
    public const long RS384 = -258;
    public const long RS512 = -259;

    /// <summary>go-cose's <c>Algorithm.String()</c>: the name, or <c>Algorithm(&lt;n&gt;)</c> for an unknown value.</summary>
    public static string Name(long algorithm) => algorithm switch
    {
        ES256 => "ES256",
        EdDSA => "EdDSA",
        ES384 => "ES384",
        ES512 => "ES512",
        PS256 => "PS256",
        PS384 => "PS384",
        PS512 => "PS512",
        RS256 => "RS256",
        RS384 => "RS384",
        RS512 => "RS512",
        0 => "Reserved",
        _ => $"Algorithm({algorithm})",
    };
}
