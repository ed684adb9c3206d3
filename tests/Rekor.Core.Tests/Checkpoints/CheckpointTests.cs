using System.Security.Cryptography;
using Rekor.Core.Checkpoints;
using Rekor.Core.Merkle;

namespace Rekor.Core.Tests.Checkpoints;

public class CheckpointTests
{
    private static readonly Hash32 Root = new(SHA256.HashData("root"u8));

    [Fact]
    public void The_note_body_is_origin_size_and_base64_root_then_other_lines_each_ending_in_a_newline()
    {
        var checkpoint = new Checkpoint("rekor.sigstore.dev - 2605736670972794746", 23082684, Root, ["Timestamp: 1689177043498794794"]);

        Assert.Equal(
            $"rekor.sigstore.dev - 2605736670972794746\n23082684\n{Root.ToBase64()}\nTimestamp: 1689177043498794794\n",
            checkpoint.ToNoteBody());
    }

    [Fact]
    public void A_shard_checkpoint_has_rekors_origin()
    {
        var checkpoint = Checkpoint.ForTree("rekor-00001-deployment-56bf7777c9-jds5x", 6364419738405537866, 4, Root);

        Assert.Equal("rekor-00001-deployment-56bf7777c9-jds5x - 6364419738405537866", checkpoint.Origin);
        Assert.True(checkpoint.TryGetTreeId(out var treeId));
        Assert.Equal(6364419738405537866, treeId);
        Assert.Empty(checkpoint.OtherContent);
    }

    [Theory]
    [InlineData("rekor.sigstore.dev - 1193050959916656506", 1193050959916656506)]
    [InlineData("a - b - 42", 42)]
    [InlineData("host - 9223372036854775807", long.MaxValue)]
    public void The_tree_id_is_the_decimal_after_the_last_separator(string origin, long expected)
    {
        Assert.True(new Checkpoint(origin, 1, Root).TryGetTreeId(out var treeId));
        Assert.Equal(expected, treeId);
    }

    [Theory]
    [InlineData("rekor.sigstore.dev")]
    [InlineData("host - 0")]
    [InlineData("host - 01")]
    [InlineData("host - -5")]
    [InlineData("host - 5 ")]
    [InlineData("host -5")]
    [InlineData(" - 5")]
    [InlineData("host - 9223372036854775808")]
    [InlineData("log2025-1.rekor.sigstore.dev")]
    public void Origins_not_of_rekor_v1_shape_have_no_tree_id(string origin) =>
        Assert.False(new Checkpoint(origin, 1, Root).TryGetTreeId(out _));

    [Theory]
    [InlineData("")]
    [InlineData("two\nlines")]
    [InlineData("tab\there")]
    public void An_origin_that_is_not_one_clean_line_is_refused(string origin) =>
        Assert.Throws<ArgumentException>(() => new Checkpoint(origin, 1, Root));

    [Fact]
    public void Other_content_lines_must_be_clean_and_non_empty()
    {
        Assert.Throws<ArgumentException>(() => new Checkpoint("o", 1, Root, [""]));
        Assert.Throws<ArgumentException>(() => new Checkpoint("o", 1, Root, ["a\nb"]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Checkpoint("o", -1, Root));
    }

    [Fact]
    public void Checkpoints_are_equal_when_every_part_is()
    {
        var lines = new List<string> { "x" };
        var a = new Checkpoint("o - 1", 5, Root, lines);
        lines.Add("changed later");

        Assert.Equal(new Checkpoint("o - 1", 5, Root, ["x"]), a);
        Assert.Equal(new Checkpoint("o - 1", 5, Root, ["x"]).GetHashCode(), a.GetHashCode());
        Assert.NotEqual(new Checkpoint("o - 1", 5, Root, ["y"]), a);
        Assert.NotEqual(new Checkpoint("o - 1", 6, Root, ["x"]), a);
        Assert.Single(a.OtherContent);
    }
}
