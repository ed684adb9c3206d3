namespace Rekor.Server.Tests.Hostile;

/// <summary>A status range a request must get, and the rule that says so (the rule is the name its failures are grouped under).</summary>
internal sealed record StatusExpectation(string Rule, int Lowest, int Highest)
{
    public static StatusExpectation Exactly(int status, string rule) => new(rule, status, status);

    public static StatusExpectation ClientError(string rule) => new(rule, 400, 499);

    public bool Accepts(int status) => status >= Lowest && status <= Highest;

    public string Wanted => Lowest == Highest ? Lowest.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"{Lowest}-{Highest}";
}
