namespace Rekor.Server.Storage;

/// <summary>
/// A backend the log needs (database, search index) cannot be reached now; the request should be retried: the API
/// answers 503 with Retry-After. The message says what was being done and where, never a credential; the backend's
/// own exception, when there is one, is the inner exception.
/// </summary>
public sealed class StorageUnavailableException : Exception
{
    public StorageUnavailableException(string message)
        : base(message)
    {
    }

    public StorageUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
