using System.Text.Json;
using Rekor.Core.Merkle;
using Rekor.Core.Tests.Vectors;
using Rekor.Core.Verification;

namespace Rekor.Core.Tests.Verification;

public class EntryIdTests
{
    private const string Uuid = "7ccec0af1a5f5b3e1c1fd8b1b1e6fb4e0e8b1b2d7ad10b1f3a5cfb2c3d2e1f00";

    // %016x(108574341321668964), the staging shard named in the vectors README.
    private const string StagingTreeHex = "0181bbc9c6333964";

    [Fact]
    public void An_80_digit_id_splits_into_tree_id_and_uuid()
    {
        Assert.True(EntryId.TryParse(StagingTreeHex + Uuid, out var id));

        Assert.Equal(108574341321668964L, id.TreeId);
        Assert.Equal(Hash32.ParseHex(Uuid), id.Uuid);
        Assert.Equal(StagingTreeHex + Uuid, id.ToString());
    }

    [Fact]
    public void A_64_digit_uuid_parses_without_a_tree_id_and_prints_as_itself()
    {
        Assert.True(EntryId.TryParse(Uuid, out var id));

        Assert.Null(id.TreeId);
        Assert.Equal(Hash32.ParseHex(Uuid), id.Uuid);
        Assert.Equal(Uuid, id.ToString());
    }

    [Fact]
    public void Input_in_either_case_prints_in_lowercase()
    {
        var upper = (StagingTreeHex + Uuid).ToUpperInvariant();
        var mixed = string.Concat((StagingTreeHex + Uuid).Select((c, i) => i % 2 == 0 ? char.ToUpperInvariant(c) : c));

        Assert.Equal(StagingTreeHex + Uuid, EntryId.Parse(upper).ToString());
        Assert.Equal(StagingTreeHex + Uuid, EntryId.Parse(mixed).ToString());
        Assert.Equal(Uuid, EntryId.Parse(Uuid.ToUpperInvariant()).ToString());
        Assert.Equal(EntryId.Parse(upper), EntryId.Parse(mixed));
    }

    [Fact]
    public void The_tree_id_is_zero_padded_to_16_digits()
    {
        var id = EntryId.ForTree(1, Hash32.ParseHex(Uuid));

        Assert.Equal("0000000000000001" + Uuid, id.ToString());
        Assert.Equal(id, EntryId.Parse(id.ToString()));
    }

    [Fact]
    public void The_largest_tree_id_rekor_can_parse_round_trips()
    {
        var id = EntryId.Parse("7fffffffffffffff" + Uuid);

        Assert.Equal(long.MaxValue, id.TreeId);
        Assert.Equal("7fffffffffffffff" + Uuid, id.ToString());
    }

    [Theory]
    [InlineData("0000000000000000", "tree ID 0 is invalid")]
    [InlineData("8000000000000000", "not a positive int64")]
    [InlineData("ffffffffffffffff", "not a positive int64")]
    [InlineData("-000000000000001", "a sign is not a hex digit")]
    [InlineData("+000000000000001", "a sign is not a hex digit")]
    [InlineData("0x00000000000001", "no 0x prefix")]
    [InlineData(" 000000000000001", "no white space")]
    [InlineData("000000000000000g", "g is not a hex digit")]
    public void A_tree_id_that_is_not_16_hex_digits_of_a_positive_int64_is_refused(string treeHex, string why)
    {
        Assert.False(EntryId.TryParse(treeHex + Uuid, out var id), why);
        Assert.Equal(default, id);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(63)]
    [InlineData(65)]
    [InlineData(79)]
    [InlineData(81)]
    [InlineData(128)]
    public void Ids_of_other_lengths_are_refused(int length)
    {
        var text = string.Concat(Enumerable.Repeat(StagingTreeHex + Uuid, 2))[..length];

        Assert.False(EntryId.TryParse(text, out _));
        Assert.Throws<FormatException>(() => EntryId.Parse(text));
    }

    [Theory]
    [InlineData('g')]
    [InlineData('G')]
    [InlineData(' ')]
    [InlineData('-')]
    [InlineData('\u0660')] // ARABIC-INDIC DIGIT ZERO: a digit, but not a hex digit
    [InlineData('\uff10')] // FULLWIDTH DIGIT ZERO
    public void A_non_hex_character_anywhere_is_refused(char bad)
    {
        foreach (var valid in new[] { StagingTreeHex + Uuid, Uuid })
        {
            for (var i = 0; i < valid.Length; i++)
            {
                var text = valid[..i] + bad + valid[(i + 1)..];
                Assert.False(EntryId.TryParse(text, out _), $"'{bad}' at {i} of a {valid.Length}-digit id");
            }
        }
    }

    [Fact]
    public void Null_is_refused()
    {
        Assert.False(EntryId.TryParse((string?)null, out _));
    }

    [Fact]
    public void A_uuid_with_and_without_its_tree_id_are_different_ids()
    {
        var bare = EntryId.Parse(Uuid);
        var full = EntryId.Parse(StagingTreeHex + Uuid);

        Assert.NotEqual(bare, full);
        Assert.Equal(bare.Uuid, full.Uuid);
    }

    [Fact]
    public void Every_vector_key_parses_and_prints_back_as_itself()
    {
        foreach (var vector in RekorVector.All)
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(VectorFiles.PathOf(vector.File)));
            var key = document.RootElement.GetProperty("logEntry").EnumerateObject().Single().Name;
            var id = EntryId.Parse(key);

            Assert.Equal(key, id.ToString());
            Assert.Equal(key.Length == EntryId.HexLength ? vector.ShardTreeId : null, id.TreeId);
        }
    }
}
