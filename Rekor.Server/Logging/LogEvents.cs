namespace Rekor.Server.Logging;

/// <summary>
/// Every event the server logs, source-generated (no boxing, no formatting when the level is off), with stable event
/// IDs an operator can alert on. No event takes a key, a password or a request body as a parameter: secrets cannot
/// reach the log through these methods. Event IDs: 1xx start-up and shutdown, 2xx the sequencer, 3xx requests, 4xx attestation storage, 5xx the search index.
/// </summary>
internal static partial class LogEvents
{
    [LoggerMessage(100, LogLevel.Information, "Opening the log in {DataDirectory} (store {Store}, signer {SignerSource})")]
    public static partial void OpeningLog(this ILogger logger, string dataDirectory, string store, string signerSource);

    [LoggerMessage(101, LogLevel.Information, "Log open: tree {TreeId} at size {TreeSize}, {InactiveShards} inactive shards, log ID {LogId}, signer name {SignerName}, public key (DER SPKI, base64) {PublicKey}")]
    public static partial void LogOpened(this ILogger logger, long treeId, long treeSize, int inactiveShards, string logId, string signerName, string publicKey);

    [LoggerMessage(102, LogLevel.Information, "Rekor listening on {ApiAddresses} (metrics on {MetricsAddress})")]
    public static partial void Listening(this ILogger logger, string apiAddresses, string metricsAddress);

    [LoggerMessage(103, LogLevel.Warning, "ASP.NET Core's listen addresses ({Urls}) are ignored: --port or --rekor_server.address was given, and Rekor's flags win")]
    public static partial void UrlsIgnored(this ILogger logger, string urls);

    [LoggerMessage(104, LogLevel.Warning, "Flags accepted and ignored: {Flags} (no Trillian here, or not implemented by this server)")]
    public static partial void FlagsIgnored(this ILogger logger, string flags);

    [LoggerMessage(105, LogLevel.Warning, "The sharding config {Path} does not exist; serving the active tree only (no inactive shards)")]
    public static partial void ShardingConfigMissing(this ILogger logger, string path);

    [LoggerMessage(110, LogLevel.Information, "Shutting down: no new requests; appends in the queue are committed or refused")]
    public static partial void ShuttingDown(this ILogger logger);

    [LoggerMessage(111, LogLevel.Information, "Log closed at tree {TreeId} size {TreeSize}")]
    public static partial void LogClosed(this ILogger logger, long treeId, long treeSize);

    [LoggerMessage(200, LogLevel.Error, "A batch of {BatchSize} entries failed in tree {TreeId}; none of it was acknowledged, reloading the committed edge")]
    public static partial void BatchFailed(this ILogger logger, int batchSize, long treeId, Exception error);

    [LoggerMessage(201, LogLevel.Warning, "Reloading tree {TreeId} after a failed batch failed (attempt {Attempt}); retrying in {DelayMilliseconds} ms")]
    public static partial void ReloadRetry(this ILogger logger, long treeId, int attempt, int delayMilliseconds, Exception error);

    [LoggerMessage(202, LogLevel.Critical, "The sequencer of tree {TreeId} stopped; every append now fails until the server restarts")]
    public static partial void SequencerStopped(this ILogger logger, long treeId, Exception error);

    [LoggerMessage(204, LogLevel.Warning, "A batch of {BatchSize} entries in tree {TreeId} failed at its commit; reading the store back shows it was committed: {Committed}")]
    public static partial void CommitOutcomeResolved(this ILogger logger, int batchSize, long treeId, bool committed, Exception error);

    [LoggerMessage(205, LogLevel.Error, "The store of tree {TreeId} is unavailable; appends answer 503 until it answers again (attempt {Attempt}, next in {DelayMilliseconds} ms)")]
    public static partial void StoreUnavailable(this ILogger logger, long treeId, int attempt, int delayMilliseconds, Exception error);

    [LoggerMessage(206, LogLevel.Information, "The store of tree {TreeId} answers again after {Attempts} attempts; appends resume")]
    public static partial void StoreRecovered(this ILogger logger, long treeId, int attempts);

    [LoggerMessage(207, LogLevel.Information, "Shard rotation: tree {FrozenTreeId} is frozen; appends now go to tree {ActiveTreeId} (global indexes from {GlobalOffset}), signed by log ID {LogId}")]
    public static partial void FollowedRotation(this ILogger logger, long frozenTreeId, long activeTreeId, long globalOffset, string logId);

    [LoggerMessage(108, LogLevel.Information, "Shard rotation seen: tree {FrozenTreeId} is frozen, tree {ActiveTreeId} is the active tree (global indexes from {GlobalOffset})")]
    public static partial void ActiveTreeChanged(this ILogger logger, long frozenTreeId, long activeTreeId, long globalOffset);

    [LoggerMessage(107, LogLevel.Warning, "Looking for a shard rotation in the store failed; trying again at the next poll")]
    public static partial void ShardPollFailed(this ILogger logger, Exception error);

    [LoggerMessage(106, LogLevel.Warning, "--trillian_log_server.tlog_id names tree {RequestedTreeId}, which a shard rotation froze; serving the store's active tree {ActiveTreeId}. Set TREE_ID / --trillian_log_server.tlog_id to {ActiveTreeId}")]
    public static partial void RequestedTreeFrozen(this ILogger logger, long requestedTreeId, long activeTreeId);

    [LoggerMessage(203, LogLevel.Warning, "The sequencer queue of tree {TreeId} is full ({QueueCapacity} appends); answering 503 with Retry-After until a batch commits")]
    public static partial void QueueFull(this ILogger logger, long treeId, int queueCapacity);

    [LoggerMessage(300, LogLevel.Debug, "Entry refused: {Status} {Reason}")]
    public static partial void EntryRefused(this ILogger logger, int status, string reason);

    [LoggerMessage(500, LogLevel.Warning, "The search index {Consumer} cannot be written; its keys wait in the log's outbox and are written when it returns")]
    public static partial void SearchIndexBehind(this ILogger logger, string consumer, Exception error);

    [LoggerMessage(501, LogLevel.Information, "The search index {Consumer} is writable again after {Failures} failed attempts; the outbox is drained")]
    public static partial void SearchIndexCaughtUp(this ILogger logger, string consumer, int failures);

    [LoggerMessage(400, LogLevel.Information, "Attestation {Key} not stored: {Size} bytes is more than max_attestation_size {MaxSize}; the entry is logged without it")]
    public static partial void AttestationTooLarge(this ILogger logger, string key, int size, long maxSize);

    [LoggerMessage(401, LogLevel.Error, "Storing attestation {Key} failed; its entry was not logged (503)")]
    public static partial void AttestationStoreFailed(this ILogger logger, string key, Exception error);

    [LoggerMessage(402, LogLevel.Warning, "Reading attestation {Key} failed; the entry is returned without it")]
    public static partial void AttestationReadFailed(this ILogger logger, string key, Exception error);
}
