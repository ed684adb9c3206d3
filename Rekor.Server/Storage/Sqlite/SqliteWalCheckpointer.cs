using Microsoft.Data.Sqlite;

namespace Rekor.Server.Storage.Sqlite;

/// <summary>
/// Checkpoints the log's WAL on its own connection, off the sequencer's path. SQLite's automatic checkpoint runs inside
/// whichever COMMIT takes the WAL past 1,000 pages, i.e. on the one serial step every write passes through (per batch
/// of ~30 entries under load it cost 0.9 ms of the commit's 3.7 ms). Batch writes turn it off on their connection
/// (<c>wal_autocheckpoint=0</c>) and call <see cref="Committed"/>; this loop then runs a PASSIVE checkpoint, at most
/// every <see cref="Spacing"/>. A PASSIVE checkpoint never blocks readers or writers: it copies what no reader still
/// needs into the main file, and once everything is copied the next writer starts the WAL from its beginning again, as
/// with the automatic checkpoint. Durability is untouched: a batch is durable when its WAL frames are synced
/// (<c>synchronous=FULL</c>); a checkpoint only moves committed pages. If the process dies, the WAL is replayed on
/// the next open as always.
/// </summary>
internal sealed class SqliteWalCheckpointer : IAsyncDisposable
{
    /// <summary>The least time between two checkpoints: under load each copies about as many pages as the automatic one did.</summary>
    public static readonly TimeSpan Spacing = TimeSpan.FromMilliseconds(100);

    private readonly string _connectionString;
    private readonly SemaphoreSlim _committed = new(0, 1);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _loop;

    public SqliteWalCheckpointer(string connectionString)
    {
        _connectionString = connectionString;
        _loop = Task.Run(() => RunAsync(_stopping.Token));
    }

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
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            await _committed.WaitAsync(cancellationToken);
            try
            {
                await using var connection = new SqliteConnection(_connectionString);
                await connection.OpenAsync(cancellationToken);
                await using var command = connection.CreateCommand();
                command.CommandText = "PRAGMA busy_timeout=1000; PRAGMA wal_checkpoint(PASSIVE);";
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
            catch (SqliteException)
            {
                // Busy or unwritable: the WAL only grows until a later commit's checkpoint succeeds; commits are unaffected.
            }

            await Task.Delay(Spacing, cancellationToken);
        }
    }
}
