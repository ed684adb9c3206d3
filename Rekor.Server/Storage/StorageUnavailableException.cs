namespace Rekor.Server.Storage;

/// <summary>
/// A backend the log needs (its database, a search index) cannot be reached now. Nothing was acknowledged by the
/// failed call; the request should be retried, so the API answers 503 with Retry-After (never 500). The message says
/// what was being done and never holds a secret (passwords stay out of every message).
/// </summary>
public sealed class StorageUnavailableException : Exception
{
    public StorageUnavailableException(string message)
        : base(message)
    {
    }

    public StorageUnavailableException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
