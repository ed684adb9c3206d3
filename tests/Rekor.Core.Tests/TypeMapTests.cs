using Rekor.Core.Types;

namespace Rekor.Core.Tests;

public class TypeMapTests
{
    [Fact]
    public void Every_kind_of_rekor_v1_is_registered_without_a_hand_kept_list()
    {
        var kinds = TypeMap.Kinds.Select(k => k.Kind).ToList();
        Assert.Equal(["alpine", "cose", "dsse", "hashedrekord", "helm", "intoto", "jar", "rekord", "rfc3161", "rpm", "tuf"], kinds);
    }
}
