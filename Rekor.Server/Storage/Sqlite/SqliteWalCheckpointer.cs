using Microsoft.Data.Sqlite;

namespace Rekor.Server.Storage.Sqlite;

/// <summary>
/// Checkpoints the log's WAL on its own connection, off the sequencer's path, and keeps the WAL from growing without
/// bound. SQLite's automatic checkpoint runs inside whichever COMMIT takes the WAL past 1,000 pages, i.e. on the one
/// serial step every write passes through (per batch of ~30 entries under load it cost 0.9 ms of the commit's 3.7 ms).
/// Batch writes turn it off on their connection (<c>wal_autocheckpoint=0</c>) and call <see cref="Committed"/>; this
/// loop then runs a PASSIVE checkpoint, at most every <see cref="Spacing"/>, which never blocks readers or writers.
/// <para>
/// PASSIVE alone is not enough under sustained load: the WAL only starts over from its beginning when a writer finds
/// every frame copied and no reader inside the WAL, and with commits every few milliseconds and reads in between that
/// moment never comes (a 10-minute write run left a 20 GB WAL, with the automatic checkpoint as much as without it).
/// So once the WAL holds <see cref="TruncateFrames"/> frames, a TRUNCATE checkpoint waits briefly for the readers
/// (20 ms, then it tries again a round later; 1 s once the WAL is four times its limit), copies the rest and empties
/// the file. It takes its turn with this process's batch writes (<see cref="TakeWriterTurnAsync"/>)
/// instead of meeting them in SQLite's busy handler, whose sleeps (growing to 25-100 ms) made each truncation a stall
/// of 100 ms and more for the writer (p99 140 ms over a 10-minute run).
/// </para>
/// Durability is untouched: a batch is durable when its WAL frames are synced (<c>synchronous=FULL</c>); a
/// checkpoint only moves committed pages. If the process dies, the WAL is replayed on the next open as always.
/// </summary>
internal sealed class SqliteWalCheckpointer : IAsyncDisposable
{
    /// <summary>The least time between two checkpoints: under load each copies about as many pages as the automatic one did.</summary>
    public static readonly TimeSpan Spacing = TimeSpan.FromMilliseconds(100);

    /// <summary>WAL frames (pages of 4 KB) beyond which the WAL is emptied: 256 MB, about 12,000 entries (4 s of full load).</summary>
    public const long TruncateFrames = 65_536;

    private readonly string _connectionString;
    private readonly SemaphoreSlim _committed = new(0, 1);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _loop;

    private readonly long _truncateFrames;

    /// <summary>One batch write, or the TRUNCATE checkpoint, at a time in this process (other processes meet at SQLite's lock).</summary>
    private readonly SemaphoreSlim _writerTurn = new(1, 1);

    public SqliteWalCheckpointer(string connectionString, long truncateFrames = TruncateFrames)
    {
        // Its own connection, outside the pool: the busy timeouts it sets must not reach connections others take from it.
        _connectionString = new SqliteConnectionStringBuilder(connectionString) { Pooling = false }.ToString();
        _truncateFrames = truncateFrames;
        _loop = Task.Run(() => RunAsync(_stopping.Token));
    }

    /// <summary>
    /// Waits for this process's turn to write: held by a batch write from before its <c>BEGIN IMMEDIATE</c> until it is
    /// disposed. Refused after <paramref name="patience"/> (as SQLite's busy timeout would), so a write that was never
    /// let go fails the next one instead of hanging it.
    /// </summary>
    public async Task TakeWriterTurnAsync(TimeSpan patience, CancellationToken cancellationToken)
    {
        if (!await _writerTurn.WaitAsync(patience, cancellationToken))
        {
            throw new TimeoutException($"couldn't begin a write: another write of this process held the database for {patience.TotalSeconds:0} s");
        }
    }

    /// <summary>Ends the turn taken by <see cref="TakeWriterTurnAsync"/>.</summary>
    public void EndWriterTurn() => _writerTurn.Release();

    /// <summary>Notes a commit that may have grown the WAL. Cheap; called after every batch.</summary>
    public void Committed()
    {
        if (_committed.CurrentCount == 0)
        {
            try
            {
                _committed.Release();
            }
            catch (SemaphoreFullException)
            {
                // Another commit was noted first: one checkpoint covers both.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        _stopping.Dispose();
        _committed.Dispose();

        // _writerTurn is not disposed: a write still open when the store closes gives its turn back afterwards.
    }

    /// <summary>Runs a checkpoint of the given mode; returns how many frames the WAL held.</summary>
    private static async Task<long> CheckpointAsync(SqliteCommand command, string mode, CancellationToken cancellationToken)
    {
        command.CommandText = $"PRAGMA wal_checkpoint({mode});";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? reader.GetInt64(1) : 0; // columns: busy, log frames, checkpointed frames
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        SqliteConnection? connection = null;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await _committed.WaitAsync(cancellationToken);
                try
                {
                    if (connection is null)
                    {
                        connection = new SqliteConnection(_connectionString);
                        await connection.OpenAsync(cancellationToken);
                    }

                    await CheckpointRoundAsync(connection, cancellationToken);
                }
                catch (SqliteException)
                {
                    // Busy or unwritable: the WAL only grows until a later commit's checkpoint succeeds; commits are
                    // unaffected. The connection is opened afresh next round.
                    await DisposeConnectionAsync(connection);
                    connection = null;
                }

                await Task.Delay(Spacing, cancellationToken);
            }
        }
        finally
        {
            await DisposeConnectionAsync(connection);
        }
    }

    private static async Task DisposeConnectionAsync(SqliteConnection? connection)
    {
        if (connection is not null)
        {
            await connection.DisposeAsync();
        }
    }

    /// <summary>A PASSIVE checkpoint, then a TRUNCATE one if the WAL is past its limit.</summary>
    private async Task CheckpointRoundAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        var frames = await CheckpointAsync(command, "PASSIVE", cancellationToken);
        if (frames < _truncateFrames)
        {
            return;
        }

        // Readers still inside the WAL are waited for briefly, holding up the writer meanwhile; if they are not gone
        // by then, the next round tries again. Only a WAL far past its limit waits longer.
        var patience = frames >= 4 * _truncateFrames ? 1000 : 20;
        await _writerTurn.WaitAsync(cancellationToken); // the batch in progress commits first
        try
        {
            command.CommandText = $"PRAGMA busy_timeout={patience};";
            await command.ExecuteNonQueryAsync(cancellationToken);
            await CheckpointAsync(command, "TRUNCATE", cancellationToken);
        }
        finally
        {
            _writerTurn.Release();
        }
    }
}
