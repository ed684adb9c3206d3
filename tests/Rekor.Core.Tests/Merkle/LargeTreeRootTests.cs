using FsCheck.Fluent;
using Rekor.Core.Merkle;

namespace Rekor.Core.Tests.Merkle;

/// <summary>Roots of trees too big for the naive MTH: the root plan over stored nodes and a compact range grown leaf by
/// leaf are computed in different ways and must agree.</summary>
[Collection(LargeTreeGroup.Name)]
public class LargeTreeRootTests(LargeTree largeTree)
{
    [Fact]
    public void Root_plans_agree_with_a_compact_range_grown_to_random_sizes_up_to_a_million() =>
        PropertyRun.Seeded(random =>
        {
            var sizes = Enumerable.Range(0, 40).Select(_ => 1 + random.NextInt64(1_000_000)).Append(1_000_000).Order().ToArray();
            var range = new CompactRange();
            foreach (var size in sizes)
            {
                while (range.Size < size)
                {
                    range.Append(LazyNodeSource.LeafHash(range.Size));
                }

                Assert.True(range.Root() == NodeSourceExtensions.RootOf(size, largeTree.Nodes.Node), $"root of {size}");
                Assert.Equal(CompactRange.NodesFor(size).Select(largeTree.Nodes.Node), range.Nodes);
            }
        });
}
