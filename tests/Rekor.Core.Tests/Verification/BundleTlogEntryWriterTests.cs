using System.Text.Json.Nodes;
using Rekor.Core.Verification;

namespace Rekor.Core.Tests.Verification;

/// <summary>
/// A v1 entry written as a bundle's TransparencyLogEntry: for every vector that has both forms, the written one is the
/// fixture's bundle entry (Sigstore clients wrote those), and it reads back and verifies.
/// </summary>
public sealed class BundleTlogEntryWriterTests
{
    public static TheoryData<string> Files() => [.. VectorBundleEntry.Files];

    [Theory]
    [MemberData(nameof(Files))]
    public void A_vectors_v1_entry_is_written_as_its_bundle_entry_exactly(string file)
    {
        var vector = VectorBundleEntry.Read(file);

        var written = BundleTlogEntryWriter.Write(vector.V1.Model());

        Assert.True(JsonNode.DeepEquals(vector.Tlog, written), $"written:\n{written.ToJsonString()}\nfixture:\n{vector.Tlog.ToJsonString()}");
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void The_written_entry_reads_back_and_verifies(string file)
    {
        var vector = VectorBundleEntry.Read(file);

        var verified = vector.Verify(BundleTlogEntryWriter.Write(vector.V1.Model()));

        Assert.True(verified.KindVersion.Passed, verified.KindVersion.Reason);
        Assert.All(verified.LogEntry.Checks.Where(c => vector.Supported.Contains(c.Check)), c => Assert.True(c.Passed, c.ToString()));
    }

    [Fact]
    public void An_entry_whose_body_is_not_an_entry_is_a_format_exception()
    {
        var model = VectorBundleEntry.Read(VectorBundleEntry.Files[0]).V1.Entry.DeepClone().AsObject();
        model["body"] = Convert.ToBase64String("not json"u8.ToArray());

        var error = Assert.Throws<FormatException>(() => BundleTlogEntryWriter.Write(VectorLogEntry.ToModel(model)));

        Assert.Contains("not JSON", error.Message, StringComparison.Ordinal);
    }
}
