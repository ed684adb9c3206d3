using Rekor.Core.Merkle;

namespace Rekor.Core.Tests.Merkle;

/// <summary>
/// The RFC 6962 reference test vectors shared by certificate-transparency and transparency-dev/merkle: eight leaves and
/// the hashes of the tree built from them. Copied as data, not derived:
/// <list type="bullet">
/// <item>leaves, node hashes, roots, compact trees: transparency-dev/merkle <c>testonly/constants.go</c>
/// (LeafInputs, NodeHashes, RootHashes, CompactTrees, EmptyRootHash), commit 77f1b57d7aa25fcd2e51273166b6b2b0e74923b1,
/// unchanged at 417fb0c314750d94e53942e9f92e79b6d35915db;</item>
/// <item>inclusion and consistency proofs: transparency-dev/merkle <c>proof/verify_test.go</c> (inclusionProofs,
/// consistencyProofs; leaf numbers there are 1-based and converted here to 0-based indexes), commit
/// 022f84cb1f2655a4399874cfa190c3f1d60b32a8.</item>
/// </list>
/// </summary>
internal static class Rfc6962ReferenceVectors
{
    public static readonly byte[][] Leaves =
    [
        [],
        [0x00],
        [0x10],
        [0x20, 0x21],
        [0x30, 0x31],
        [0x40, 0x41, 0x42, 0x43],
        [0x50, 0x51, 0x52, 0x53, 0x54, 0x55, 0x56, 0x57],
        [0x60, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x6b, 0x6c, 0x6d, 0x6e, 0x6f],
    ];

    /// <summary>NodeHashes()[level][index]: every perfect subtree of the 8-leaf tree.</summary>
    public static readonly Hash32[][] NodeHashes =
    [
        [
            H("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"),
            H("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7"),
            H("0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7"),
            H("07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7"),
            H("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"),
            H("4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658"),
            H("b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f"),
            H("46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1"),
        ],
        [
            H("fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"),
            H("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"),
            H("0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a"),
            H("ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0"),
        ],
        [
            H("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"),
            H("6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"),
        ],
        [
            H("5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"),
        ],
    ];

    /// <summary>RootHashes()[size] for sizes 0..8.</summary>
    public static readonly Hash32[] Roots =
    [
        H("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        H("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"),
        H("fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"),
        H("aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77"),
        H("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"),
        H("4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4"),
        H("76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef"),
        H("ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c"),
        H("5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"),
    ];

    /// <summary>CompactTrees()[size]: the right-edge hashes of each tree, as (level, index) into
    /// <see cref="NodeHashes"/>.</summary>
    public static readonly (int Level, int Index)[][] CompactTrees =
    [
        [],
        [(0, 0)],
        [(1, 0)],
        [(1, 0), (0, 2)],
        [(2, 0)],
        [(2, 0), (0, 4)],
        [(2, 0), (1, 2)],
        [(2, 0), (1, 2), (0, 6)],
        [(3, 0)],
    ];

    /// <summary>inclusionProofs, minus the {0, 0, nil} entry the Go test itself skips as "an invalid path".</summary>
    public static readonly (long Index, long Size, Hash32[] Proof)[] InclusionProofs =
    [
        (0, 1, []),
        (0, 8,
        [
            H("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7"),
            H("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"),
            H("6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"),
        ]),
        (5, 8,
        [
            H("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"),
            H("ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0"),
            H("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"),
        ]),
        (2, 3,
        [
            H("fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"),
        ]),
        (1, 5,
        [
            H("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"),
            H("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"),
            H("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"),
        ]),
    ];

    /// <summary>consistencyProofs.</summary>
    public static readonly (long OldSize, long NewSize, Hash32[] Proof)[] ConsistencyProofs =
    [
        (1, 1, []),
        (1, 8,
        [
            H("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7"),
            H("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"),
            H("6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"),
        ]),
        (6, 8,
        [
            H("0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a"),
            H("ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0"),
            H("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"),
        ]),
        (2, 5,
        [
            H("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"),
            H("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"),
        ]),
        (6, 7,
        [
            H("0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a"),
            H("b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f"),
            H("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"),
        ]),
    ];

    /// <summary>sha256SomeHash from verify_test.go: a value that is no node of the tree.</summary>
    public static readonly Hash32 SomeHash = H("abacaba000000000000000000000000000000000000000000060061e00123456");

    public static Hash32 Node(NodeId node) => NodeHashes[node.Level][node.Index];

    private static Hash32 H(string hex) => Hash32.ParseHex(hex);
}
