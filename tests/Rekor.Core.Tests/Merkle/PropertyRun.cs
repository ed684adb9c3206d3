using System.Globalization;
using System.Runtime.CompilerServices;
using FsCheck;
using Microsoft.FSharp.Core;

namespace Rekor.Core.Tests.Merkle;

/// <summary>
/// Runs FsCheck properties (and seeded loops) from plain xunit facts with a seed that is printed on failure and can be
/// replayed: set REKOR_TEST_SEED to the printed value to run the same cases again.
/// </summary>
internal static class PropertyRun
{
    private const string SeedVariable = "REKOR_TEST_SEED";

    /// <summary>The seed for this run: REKOR_TEST_SEED if set, otherwise a fresh one.</summary>
    public static ulong NewSeed()
    {
        var configured = Environment.GetEnvironmentVariable(SeedVariable);
        return string.IsNullOrEmpty(configured)
            ? (ulong)Random.Shared.NextInt64(long.MaxValue)
            : ulong.Parse(configured, CultureInfo.InvariantCulture);
    }

    /// <summary>Checks <paramref name="property"/> on <paramref name="cases"/> generated cases; on failure the
    /// exception names the test and the seed that reproduces it.</summary>
    public static void Check(Property property, int cases, [CallerMemberName] string test = "")
    {
        var seed = NewSeed();
        var config = Config.QuickThrowOnFailure
            .WithMaxTest(cases)
            .WithQuietOnSuccess(true)
            .WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(seed), FSharpOption<int>.None)));
        try
        {
            FsCheck.Check.One(config, property);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new PropertyFailedException($"{test} failed; replay with {SeedVariable}={seed}", e);
        }
    }

    /// <summary>Runs <paramref name="body"/> with a seeded <see cref="Random"/>, naming the seed if it throws.</summary>
    public static void Seeded(Action<Random> body, [CallerMemberName] string test = "")
    {
        var seed = NewSeed();
        try
        {
            body(new Random(unchecked((int)seed)));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new PropertyFailedException($"{test} failed; replay with {SeedVariable}={seed}", e);
        }
    }
}

/// <summary>A property test failed; the message carries the seed that reproduces it.</summary>
internal sealed class PropertyFailedException(string message, Exception inner) : Exception(message, inner);
