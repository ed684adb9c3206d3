using Rekor.Server.Log.Tiles;

namespace Rekor.Server.Tests.Log;

/// <summary>The tile cache is bounded and evicts by recency: tiles read again and again survive a stream of one-off tiles.</summary>
public sealed class TileCacheTests
{
    [Fact]
    public void Tiles_in_use_survive_a_stream_of_one_off_tiles_and_the_count_stays_bounded()
    {
        var cache = new TileCache(capacity: 300);
        var tile = new ExpandedTile(1, new byte[32]);
        for (var hot = 0; hot < 20; hot++)
        {
            cache.Add(1, 2, hot, tile);
        }

        for (var cold = 0; cold < 5_000; cold++)
        {
            cache.Add(1, 0, cold, tile);
            for (var hot = 0; hot < 20; hot++)
            {
                Assert.True(cache.TryGet(1, 2, hot, 1, out _), $"hot tile {hot} was evicted after {cold} one-off tiles");
            }
        }

        Assert.InRange(cache.Count, 1, 300);
        Assert.False(cache.TryGet(1, 0, 0, 1, out _), "the oldest one-off tile should be gone");
        Assert.True(cache.TryGet(1, 0, 4_999, 1, out _), "the newest one-off tile should be there");
    }

    [Fact]
    public void A_tile_serves_every_width_up_to_its_own_and_the_widest_copy_is_kept()
    {
        var cache = new TileCache();
        cache.Add(7, 0, 3, new ExpandedTile(2, new byte[64]));

        Assert.True(cache.TryGet(7, 0, 3, 1, out var narrower));
        Assert.Equal(2, narrower.Width);
        Assert.True(cache.TryGet(7, 0, 3, 2, out _));
        Assert.False(cache.TryGet(7, 0, 3, 3, out _));
        Assert.False(cache.TryGet(8, 0, 3, 2, out _));

        cache.Add(7, 0, 3, new ExpandedTile(4, new byte[128]));
        cache.Add(7, 0, 3, new ExpandedTile(3, new byte[96])); // narrower than the cached copy: not kept

        Assert.True(cache.TryGet(7, 0, 3, 3, out var widest));
        Assert.Equal(4, widest.Width);
        Assert.Equal(1, cache.Count);
    }
}
