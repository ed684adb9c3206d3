namespace Rekor.Server.Log;

/// <summary>
/// The log cannot take or serve entries: its stored state is inconsistent (a root recomputed from the tiles does
/// not match the committed head) or the sequencer stopped after such a finding. Not a per-request error.
/// </summary>
public sealed class LogUnavailableException : Exception
{
    public LogUnavailableException(string message)
        : base(message)
    {
    }

    public LogUnavailableException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
