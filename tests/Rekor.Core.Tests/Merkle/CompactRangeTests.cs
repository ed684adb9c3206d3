using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using Rekor.Core.Merkle;

namespace Rekor.Core.Tests.Merkle;

public class CompactRangeTests
{
    private readonly NaiveMerkleTree _naive = new(LazyNodeSource.LeafHash);

    [Fact]
    public void An_empty_range_has_size_zero_no_nodes_and_the_empty_root()
    {
        var range = new CompactRange();

        Assert.Equal(0, range.Size);
        Assert.Empty(range.Nodes);
        Assert.Empty(CompactRange.NodesFor(0));
        Assert.Equal(Rfc6962.EmptyRoot, range.Root());
    }

    [Fact]
    public void Appending_leaves_one_by_one_gives_the_rfc_root_of_every_tree_up_to_1000_leaves()
    {
        var range = new CompactRange();
        for (long size = 1; size <= 1000; size++)
        {
            range.Append(_naive.Leaf(size - 1));

            Assert.Equal(size, range.Size);
            Assert.True(_naive.Mth(0, size) == range.Root(), $"root of {size}");
        }
    }

    [Fact]
    public void Each_append_reports_exactly_the_perfect_subtrees_it_completes_bottom_up()
    {
        var range = new CompactRange();
        var everReported = new HashSet<NodeId>();
        for (long size = 1; size <= 1000; size++)
        {
            var reported = new List<(NodeId Node, Hash32 Hash)>();
            range.Append(_naive.Leaf(size - 1), (node, hash) => reported.Add((node, hash)));

            // The subtrees whose last leaf is leaf size-1: one per level up to the number of trailing zeros of size.
            var completed = Enumerable.Range(0, BitOperations.TrailingZeroCount(size) + 1)
                .Select(level => new NodeId(level, (size >> level) - 1));
            Assert.Equal(completed, reported.Select(r => r.Node));
            foreach (var (node, hash) in reported)
            {
                Assert.True(_naive.Node(node) == hash, $"{node} reported with a wrong hash");
                Assert.True(everReported.Add(node), $"{node} reported twice");
            }
        }

        // Every perfect subtree of the 1000-leaf tree, and nothing else, was reported once.
        var perfect = Enumerable.Range(0, 10).SelectMany(level => Enumerable.Range(0, 1000 >> level).Select(i => new NodeId(level, i)));
        Assert.Equal(perfect.ToHashSet(), everReported);
    }

    [Fact]
    public void Nodes_are_the_hashes_of_the_perfect_subtrees_that_decompose_the_tree_largest_first()
    {
        var range = new CompactRange();
        for (long size = 1; size <= 1000; size++)
        {
            range.Append(_naive.Leaf(size - 1));
            var ids = CompactRange.NodesFor(size);

            Assert.Equal(BitOperations.PopCount((ulong)size), ids.Count);
            Assert.Equal(0, ids[0].Index << ids[0].Level);
            for (var k = 1; k < ids.Count; k++)
            {
                Assert.True(ids[k - 1].Level > ids[k].Level, $"{size}: not largest first");
                Assert.Equal((ids[k - 1].Index + 1) << ids[k - 1].Level, ids[k].Index << ids[k].Level);
            }

            Assert.Equal(size, (ids[^1].Index + 1) << ids[^1].Level);
            Assert.Equal(ids.Select(_naive.Node), range.Nodes);
        }
    }

    [Fact]
    public void A_range_restored_from_its_nodes_has_the_same_root_and_grows_the_same_way() =>
        PropertyRun.Check(Prop.ForAll(Gen.Choose(0, 1000).Select(n => (long)n).ToArbitrary(), size =>
        {
            var grown = new CompactRange();
            for (long i = 0; i < size; i++)
            {
                grown.Append(_naive.Leaf(i));
            }

            var restored = CompactRange.FromNodes(size, [.. CompactRange.NodesFor(size).Select(_naive.Node)]);
            Assert.Equal(size, restored.Size);
            Assert.Equal(grown.Nodes, restored.Nodes);
            Assert.Equal(grown.Root(), restored.Root());

            for (var i = size; i < size + 70; i++)
            {
                grown.Append(_naive.Leaf(i));
                restored.Append(_naive.Leaf(i));
            }

            Assert.Equal(grown.Root(), restored.Root());
            Assert.Equal(_naive.Mth(0, size + 70), restored.Root());
        }), cases: 100);

    [Fact]
    public void Nodes_is_a_snapshot_and_a_clone_grows_independently()
    {
        var range = new CompactRange();
        range.Append(_naive.Leaf(0));
        var nodes = range.Nodes;
        var clone = range.Clone();

        range.Append(_naive.Leaf(1));
        range.Append(_naive.Leaf(2));

        Assert.Equal([_naive.Leaf(0)], nodes);
        Assert.Equal(1, clone.Size);
        Assert.Equal(_naive.Mth(0, 1), clone.Root());
        clone.Append(_naive.Leaf(1));
        Assert.Equal(_naive.Mth(0, 2), clone.Root());
        Assert.Equal(_naive.Mth(0, 3), range.Root());
    }

    [Fact]
    public void Restoring_from_the_wrong_number_of_nodes_or_a_negative_size_is_refused()
    {
        var hash = _naive.Leaf(0);

        Assert.Throws<ArgumentException>(() => CompactRange.FromNodes(3, [hash]));
        Assert.Throws<ArgumentException>(() => CompactRange.FromNodes(0, [hash]));
        Assert.Throws<ArgumentOutOfRangeException>(() => CompactRange.FromNodes(-1, []));
        Assert.Throws<ArgumentNullException>(() => CompactRange.FromNodes(1, null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => CompactRange.NodesFor(-1));
    }

    [Fact]
    public void The_right_edge_of_the_largest_tree_has_one_node_per_set_bit()
    {
        var ids = CompactRange.NodesFor(long.MaxValue);

        Assert.Equal(63, ids.Count);
        Assert.Equal(new NodeId(62, 0), ids[0]);
        Assert.Equal(new NodeId(0, long.MaxValue - 1), ids[^1]);
    }
}
