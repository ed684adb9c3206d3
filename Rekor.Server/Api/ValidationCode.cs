namespace Rekor.Server.Api;

/// <summary>
/// The sub-codes go-openapi puts in the <c>code</c> of a 422 when a request fails the API description's own checks
/// (go-openapi/errors: 600 plus the failure's position in its list). Rekor's clients see these numbers, so they are
/// written here once and used by every handler and test that answers or expects one.
/// </summary>
public static class ValidationCode
{
    /// <summary>A value of the wrong type (<c>must be of type int64</c>).</summary>
    public const int InvalidType = 601;

    /// <summary>A required parameter or body is missing (<c>is required</c>).</summary>
    public const int Required = 602;

    /// <summary>A value does not match its pattern (<c>should match '…'</c>).</summary>
    public const int Pattern = 605;

    /// <summary>A number below its minimum (<c>should be greater than or equal to</c>).</summary>
    public const int Minimum = 609;

    /// <summary>An array with more items than allowed (<c>should have at most N items</c>).</summary>
    public const int MaxItems = 611;
}
