namespace Rekor.Generators.Tests;

/// <summary>C# sources the generator tests compile alongside the schemas.</summary>
internal static class TestSources
{
    public const string NoteImplementation = """
        namespace Sample.Types;

        [Rekor.Core.Types.EntryType("note", "0.0.1")]
        public sealed partial class NoteV001Entry
        {
        }
        """;

    public const string NoteImplementationWithBehaviour = """
        namespace Sample.Types;

        [Rekor.Core.Types.EntryType("note", "0.0.1")]
        public sealed partial class NoteV001Entry
        {
            public override Rekor.Core.Types.EntryOutcome Validate() => Rekor.Core.Types.EntryOutcome.Success;
        }
        """;
}
