namespace Rekor.Core.Tests.Merkle;

/// <summary>One lazily computed tree of up to a million leaves (and more), shared by the tests of the
/// <see cref="LargeTreeGroup"/> so its nodes are hashed once per run. It only caches pure values: no test can
/// see what another test did with it, except that it runs faster.</summary>
public sealed class LargeTree
{
    internal LazyNodeSource Nodes { get; } = new();
}

/// <summary>Tests that read <see cref="LargeTree"/>; xunit runs them one at a time, so the cache needs no lock.</summary>
[CollectionDefinition(Name)]
public sealed class LargeTreeGroup : ICollectionFixture<LargeTree>
{
    public const string Name = "Large tree";
}
