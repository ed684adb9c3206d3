using Rekor.Core.Types;
using Rekor.Samples.Greeting.Models;

namespace Rekor.Samples.Greeting;

/// <summary>
/// The behaviour of the sample kind <c>greeting</c> 0.0.1. Its model (<see cref="GreetingV001Schema"/>), its
/// validator, the <c>greeting</c> discriminator and its registration in the <see cref="TypeMap"/> are all generated
/// from schemas/greeting/greeting_schema.json; this partial class is the only code written by hand.
/// </summary>
[EntryType("greeting", "0.0.1")]
public sealed partial class GreetingV001Entry
{
    /// <summary>A greeting to oneself is not a greeting: a rule the schema cannot state.</summary>
    public override EntryOutcome Validate() =>
        string.Equals(Spec.From, Spec.To, StringComparison.OrdinalIgnoreCase)
            ? EntryOutcome.Fail(EntryErrorKind.InvalidInput, "a greeting needs two different parties")
            : EntryOutcome.Success;

    /// <summary>Greetings are found by who sent them and who received them.</summary>
    public override ValueTask<EntryOutcome<IReadOnlyList<string>>> IndexKeysAsync(CancellationToken cancellationToken) =>
        ValueTask.FromResult(EntryOutcome<IReadOnlyList<string>>.Success(
            [("from:" + Spec.From).ToLowerInvariant(), ("to:" + Spec.To).ToLowerInvariant()]));

    /// <summary>Builds a greeting from the artifact (the message, UTF-8) and its signature.</summary>
    public static EntryOutcome<EntryImplementation> FromArtifact(ArtifactInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Artifact is not { } message)
        {
            return EntryOutcome<EntryImplementation>.Fail(EntryErrorKind.InvalidInput, "a greeting needs its message as the artifact");
        }

        var spec = new GreetingV001Schema
        {
            From = "sample",
            To = "world",
            Message = System.Text.Encoding.UTF8.GetString(message.Span),
            Signature = input.Signature?.ToArray(),
        };
        return EntryOutcome<EntryImplementation>.Success(new GreetingV001Entry(spec));
    }
}
