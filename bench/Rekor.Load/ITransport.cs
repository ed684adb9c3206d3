namespace Rekor.Load;

/// <summary>An HTTP answer as a run needs it: the status, the body when asked to keep it, the ETag when asked.</summary>
internal readonly record struct TransportAnswer(int Status, byte[]? Body, string? EntryId);

/// <summary>
/// Sends prepared requests over a run's keep-alive connections, at most one request per connection at a time.
/// Failures to get an answer throw (the driver counts them by kind); an answer of any status does not.
/// </summary>
internal interface ITransport : IDisposable
{
    /// <param name="keepBody">Return the body (otherwise it is read and dropped).</param>
    /// <param name="wantEntryId">Return the ETag header's value.</param>
    Task<TransportAnswer> SendAsync(PreparedRequest request, bool keepBody, bool wantEntryId);
}
