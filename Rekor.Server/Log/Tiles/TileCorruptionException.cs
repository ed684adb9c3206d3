namespace Rekor.Server.Log.Tiles;

/// <summary>
/// A tile the committed head needs is missing or shorter than the head implies. Tiles are written in the same
/// transaction as the head that covers them, so this is corruption of the store, never a transient failure:
/// retrying cannot make the hashes appear. The sequencer stops on it at once (no reload with backoff); a read that
/// meets it fails once with a 500 and is not retried.
/// </summary>
public sealed class TileCorruptionException : Exception
{
    public TileCorruptionException(string message)
        : base(message)
    {
    }

    public TileCorruptionException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public TileCorruptionException()
    {
    }
}
