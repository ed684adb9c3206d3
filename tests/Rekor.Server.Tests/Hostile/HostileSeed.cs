using System.Globalization;
using FsCheck;

namespace Rekor.Server.Tests.Hostile;

/// <summary>
/// The one seed of a hostile run: <c>REKOR_HOSTILE_SEED</c> if set; else, under CI (<c>CI=true</c>), the fixed
/// <see cref="CiSeed"/>, so that a submission's CI replays requests that passed before it was submitted instead of
/// drawing new ones that may find a new bug at the gate; else a fresh one, so every developer's run explores. The
/// same for every hostile test of the process. Every generated request derives from it, so setting the printed value replays the same
/// mutations, paths and methods (the signing keys of the fresh base entries are new each run; the bytes they sign
/// into are not part of any mutation choice).
/// </summary>
internal static class HostileSeed
{
    public const string Variable = "REKOR_HOSTILE_SEED";

    /// <summary>The seed CI replays (its run found the x509 validity-date 500, fixed since). Change it to one that passed.</summary>
    public const ulong CiSeed = 3292937913295508464;

    public static ulong Value { get; } = Read();

    /// <summary>An FsCheck random source of its own for each part, so the parts do not depend on each other's draws.</summary>
    public static Rnd For(ulong part) => new(unchecked(Value + (part * 0x9E3779B97F4A7C15UL)));

    public static string Replay => $"seed {Value} (replay with {Variable}={Value})";

    private static ulong Read()
    {
        var configured = Environment.GetEnvironmentVariable(Variable);
        if (!string.IsNullOrEmpty(configured))
        {
            return ulong.Parse(configured, CultureInfo.InvariantCulture);
        }

        return string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase)
            ? CiSeed
            : (ulong)Random.Shared.NextInt64(long.MaxValue);
    }
}
